#include "engine/alerts/webhook.h"

#include <algorithm>
#include <vector>

namespace taizhang {

std::string_view to_string(WebhookFormat format) {
  switch (format) {
    case WebhookFormat::json: return "json";
    case WebhookFormat::dingtalk: return "dingtalk";
    case WebhookFormat::wecom: return "wecom";
  }
  return "json";
}

std::optional<WebhookFormat> parse_webhook_format(std::string_view text) {
  for (auto f : {WebhookFormat::json, WebhookFormat::dingtalk, WebhookFormat::wecom}) {
    if (to_string(f) == text) return f;
  }
  return std::nullopt;
}

std::string_view to_string(DeliveryState state) {
  switch (state) {
    case DeliveryState::pending: return "pending";
    case DeliveryState::delivered: return "delivered";
    case DeliveryState::failed: return "failed";
  }
  return "pending";
}

std::optional<DeliveryState> parse_delivery_state(std::string_view text) {
  for (auto s : {DeliveryState::pending, DeliveryState::delivered, DeliveryState::failed}) {
    if (to_string(s) == text) return s;
  }
  return std::nullopt;
}

namespace {

struct UrlParts {
  std::string_view scheme;  // "https"
  std::string_view host;    // "host:443": the authority without user information
  std::string_view path;    // "/path", or empty
  std::string_view query;   // between '?' and '#'
  std::string_view user_info;  // before the authority's last '@'
  bool has_user_info = false;
};

// Splits a URL that the boundary has checked (absolute, http or https, printable ASCII) at the
// delimiters RFC 3986 reserves for it: "://", then the first '/', '?' or '#' ends the authority,
// whose last '@' ends the user information; '?' starts the query and '#' the fragment.
UrlParts split_checked_url(std::string_view url) {
  UrlParts p;
  const size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return p;
  p.scheme = url.substr(0, scheme_end);
  std::string_view rest = url.substr(scheme_end + 3);
  const size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  std::string_view authority = rest.substr(0, authority_end);
  rest.remove_prefix(authority_end);
  if (const size_t at = authority.rfind('@'); at != std::string_view::npos) {
    p.has_user_info = true;
    p.user_info = authority.substr(0, at);
    authority.remove_prefix(at + 1);
  }
  p.host = authority;
  rest = rest.substr(0, std::min(rest.find('#'), rest.size()));
  const size_t query = std::min(rest.find('?'), rest.size());
  p.path = rest.substr(0, query);
  if (query < rest.size()) p.query = rest.substr(query + 1);
  return p;
}

}  // namespace

std::string url_without_secrets(std::string_view url) {
  const UrlParts p = split_checked_url(url);
  if (p.scheme.empty()) return {};
  std::string out = std::string(p.scheme) + "://" + std::string(p.host);
  return out + (p.path.empty() ? std::string("/") : std::string(p.path));
}

std::string masked_url(std::string_view url) {
  const UrlParts p = split_checked_url(url);
  if (p.scheme.empty()) return "***";
  std::string out = std::string(p.scheme) + "://" + (p.has_user_info ? "***@" : "") +
                    std::string(p.host) + std::string(p.path);
  if (p.query.empty()) return out;
  // Every value is masked, not only `key=`: robots name their token differently
  // (access_token=, key=, sign=), and a name alone tells nothing secret.
  char sep = '?';
  std::string_view q = p.query;
  while (!q.empty()) {
    const size_t amp = std::min(q.find('&'), q.size());
    std::string_view pair = q.substr(0, amp);
    const size_t eq = pair.find('=');
    out += sep;
    out += std::string(pair.substr(0, eq));
    if (eq != std::string_view::npos) out += "=***";
    sep = '&';
    q.remove_prefix(std::min(amp + 1, q.size()));
  }
  return out;
}

std::string without_url_secrets(std::string text, std::string_view url) {
  // Shorter values are flags and counts, not credentials; masking them would garble the text.
  constexpr size_t kShortestSecret = 4;
  const UrlParts p = split_checked_url(url);
  std::vector<std::string_view> secrets;
  if (p.has_user_info) secrets.push_back(p.user_info);
  std::string_view q = p.query;
  while (!q.empty()) {
    const size_t amp = std::min(q.find('&'), q.size());
    std::string_view pair = q.substr(0, amp);
    if (const size_t eq = pair.find('='); eq != std::string_view::npos) {
      secrets.push_back(pair.substr(eq + 1));
    }
    q.remove_prefix(std::min(amp + 1, q.size()));
  }
  for (std::string_view secret : secrets) {
    if (secret.size() < kShortestSecret) continue;
    for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

}  // namespace taizhang

#include "delivery/webhook_url.h"

#include <curl/curl.h>

#include <memory>
#include <optional>
#include <string>

#include "engine/webhooks/webhook_commands.h"

namespace taizhang {

namespace {

struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlHandle = std::unique_ptr<CURLU, UrlDeleter>;

// One part of a parsed URL; nullopt when the URL has no such part.
std::optional<std::string> url_part(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, 0) != CURLUE_OK || text == nullptr) return std::nullopt;
  std::string out(text);
  curl_free(text);
  return out;
}

Result<void> bad_url(std::string why) {
  return fail(ErrorCode::invalid_field, "url " + std::move(why), "url");
}

}  // namespace

Result<void> check_webhook_url(std::string_view url) {
  if (url.empty()) return bad_url("is required");
  if (url.size() > kMaxWebhookUrlBytes) {
    return bad_url("exceeds " + std::to_string(kMaxWebhookUrlBytes) + " bytes");
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c == 0x7f) {
      return bad_url("must not contain spaces or control characters");
    }
    if (c >= 0x80) return bad_url("must be ASCII (percent-encode other characters)");
  }
  UrlHandle u(curl_url());
  if (!u) return fail(ErrorCode::internal, "out of memory parsing a URL");
  // No default scheme and no guessing: "localhost:80" or "example.com/hook" are not taken for
  // http. Unknown schemes ("javascript:") fail here already.
  const CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, std::string(url).c_str(), 0);
  if (rc != CURLUE_OK) {
    if (url.find("://") == std::string_view::npos) {
      return bad_url("must be an absolute http:// or https:// URL");
    }
    return bad_url("is not a valid URL (" + std::string(curl_url_strerror(rc)) + ")");
  }
  auto scheme = url_part(u.get(), CURLUPART_SCHEME);
  if (!scheme || (*scheme != "http" && *scheme != "https")) {
    return bad_url("must use http:// or https://, not " + scheme.value_or("no scheme") + "://");
  }
  // libcurl reads "https:///path" as host "path"; an empty authority is no host.
  if (url.substr(scheme->size()).starts_with(":///")) return bad_url("has no host");
  auto host = url_part(u.get(), CURLUPART_HOST);
  if (!host || host->empty()) return bad_url("has no host");
  return {};
}

}  // namespace taizhang

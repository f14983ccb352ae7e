#include "engine/webhooks/webhook_commands.h"

#include <algorithm>
#include <memory>

#include "engine/audit/log.h"
#include "engine/base/digest.h"
#include "engine/access/permission.h"

namespace taizhang {

namespace {

Result<void> bad_url(std::string why) {
  return fail(ErrorCode::invalid_field, "url " + std::move(why), "url");
}

// What the engine checks of a target itself: the URL was parsed at the boundary
// (delivery/webhook_url.h); these checks keep a caller that skipped it from storing something no
// deliverer could use.
Result<void> check_url_shape(std::string_view url) {
  if (url.empty()) return bad_url("is required");
  if (url.size() > kMaxWebhookUrlBytes) {
    return bad_url("exceeds " + std::to_string(kMaxWebhookUrlBytes) + " bytes");
  }
  for (unsigned char c : url) {
    if (c <= 0x20 || c >= 0x7f) return bad_url("must be printable ASCII without spaces");
  }
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    return bad_url("must be an absolute http:// or https:// URL");
  }
  return {};
}

Result<std::vector<AlertLevel>> check_levels(const std::vector<AlertLevel>& levels) {
  if (levels.empty()) {
    return fail(ErrorCode::invalid_field,
                "levels must name at least one of due_soon, overdue, escalated", "levels");
  }
  std::vector<AlertLevel> out = levels;
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

Result<void> check_secret(const NewWebhook& r) {
  // A wecom group robot has no signing scheme: its URL's key is the credential.
  if (r.secret.empty() && r.format == WebhookFormat::wecom) return {};
  if (r.secret.empty()) {
    return fail(ErrorCode::invalid_field,
                "secret is required for " + std::string(to_string(r.format)) +
                    " webhooks (deliveries are signed with it)",
                "secret");
  }
  if (r.secret.size() < kMinWebhookSecretBytes || r.secret.size() > kMaxWebhookSecretBytes) {
    return fail(ErrorCode::invalid_field,
                "secret must be " + std::to_string(kMinWebhookSecretBytes) + " to " +
                    std::to_string(kMaxWebhookSecretBytes) + " bytes",
                "secret");
  }
  for (unsigned char c : r.secret) {
    if (c < 0x20 || c == 0x7f) {
      return fail(ErrorCode::invalid_field, "secret contains a control character", "secret");
    }
  }
  return {};
}

}  // namespace

nlohmann::json snapshot(const Webhook& h) {
  nlohmann::json levels = nlohmann::json::array();
  for (auto l : h.levels) levels.push_back(to_string(l));
  return {{"id", h.id},
          {"url", url_without_secrets(h.url)},
          {"url_sha256", sha256_hex(h.url)},
          {"format", to_string(h.format)},
          {"org_id", h.org_id ? nlohmann::json(*h.org_id) : nlohmann::json(nullptr)},
          {"levels", levels},
          {"secret_sha256", h.secret.empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json(sha256_hex(h.secret))},
          {"created_at", h.created_at},
          {"created_by", h.created_by}};
}

Result<Webhook> create_webhook(WebhookWriter& store, const Principal& who, const OrgTree& orgs,
                               const NewWebhook& r, TimePoint now) {
  if (auto ok = require(who, Permission::administer); !ok) return std::unexpected(ok.error());
  if (auto ok = check_url_shape(r.url); !ok) return std::unexpected(ok.error());
  if (r.org_id && orgs.find(*r.org_id) == nullptr) {
    return fail(ErrorCode::invalid_field, "no unit " + std::to_string(*r.org_id), "org");
  }
  auto levels = check_levels(r.levels);
  if (!levels) return std::unexpected(levels.error());
  if (auto ok = check_secret(r); !ok) return std::unexpected(ok.error());

  Webhook h;
  h.url = r.url;
  h.format = r.format;
  h.org_id = r.org_id;
  h.levels = std::move(*levels);
  h.secret = r.secret;
  h.created_at = format_rfc3339(now);
  h.created_by = who.user.id;
  h.id = store.insert_webhook(h);
  append_audit(store, now,
               {who.actor(), "webhook.create", "webhook", std::to_string(h.id), nullptr,
                {{"webhook", snapshot(h)}}});
  return h;
}

}  // namespace taizhang

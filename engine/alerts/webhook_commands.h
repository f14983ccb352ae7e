// Configuring webhooks, as write jobs. Only admins configure where alerts go: a webhook sees every
// alert of its units, across every village's scope.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/alerts/alert.h"
#include "engine/alerts/webhook.h"
#include "engine/clock.h"
#include "engine/error.h"
#include "engine/org.h"
#include "engine/principal.h"
#include "engine/store.h"

namespace taizhang {

inline constexpr size_t kMaxWebhookUrlBytes = 2048;
inline constexpr size_t kMinWebhookSecretBytes = 16;
inline constexpr size_t kMaxWebhookSecretBytes = 256;

struct NewWebhook {
  std::string url;
  WebhookFormat format = WebhookFormat::json;
  std::optional<int64_t> org_id;   // nullopt: every unit
  std::vector<AlertLevel> levels;  // non-empty; duplicates are folded
  std::string secret;              // required for json and dingtalk; optional (empty) for wecom
};

// Checks a webhook target: an absolute http:// or https:// URL with a host, at most
// kMaxWebhookUrlBytes of printable ASCII (no spaces, no control characters). Anything else —
// ftp://, file://, "localhost:80", "javascript:…" — is invalid_field on `url`, saying why.
Result<void> check_webhook_url(std::string_view url);

// Creates a webhook (admin only: forbidden otherwise) after checking every field (invalid_field
// naming `url`, `org`, `levels` or `secret`), and appends its audit record ("webhook.create").
// The audit record never holds the secret, only its SHA-256, nor the URL's query (robot URLs carry
// their access token there), only the SHA-256 of the whole URL. Returns the stored webhook.
Result<Webhook> create_webhook(StoreWriter& store, const Principal& who, const OrgTree& orgs,
                               const NewWebhook& request, TimePoint now);

// The webhook as the audit log records it: no secret, no URL query.
nlohmann::json snapshot(const Webhook& hook);

}  // namespace taizhang

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
#include "engine/base/clock.h"
#include "engine/base/error.h"
#include "engine/access/org.h"
#include "engine/access/principal.h"
#include "engine/webhooks/webhook_store.h"

namespace taizhang {

inline constexpr size_t kMaxWebhookUrlBytes = 2048;
inline constexpr size_t kMinWebhookSecretBytes = 16;
inline constexpr size_t kMaxWebhookSecretBytes = 256;

struct NewWebhook {
  std::string url;  // parsed and checked at the boundary: delivery/webhook_url.h
  WebhookFormat format = WebhookFormat::json;
  std::optional<int64_t> org_id;   // nullopt: every unit
  std::vector<AlertLevel> levels;  // non-empty; duplicates are folded
  std::string secret;              // required for json and dingtalk; optional (empty) for wecom
};

// Creates a webhook (admin only: forbidden otherwise) after checking every field (invalid_field
// naming `url`, `org`, `levels` or `secret`), and appends its audit record ("webhook.create").
// The audit record never holds the secret, only its SHA-256, nor the URL's query (robot URLs carry
// their access token there), only the SHA-256 of the whole URL. Returns the stored webhook.
// Errors: forbidden (not an admin), invalid_field (`url` empty, over kMaxWebhookUrlBytes, not
// printable ASCII or not http(s)://; `org` no such unit; `levels` empty; `secret` missing for
// json or dingtalk, outside 16..256 bytes, or holding a control character).
Result<Webhook> create_webhook(WebhookWriter& store, const Principal& who, const OrgTree& orgs,
                               const NewWebhook& request, TimePoint now);

// The webhook as the audit log records it: no secret, no URL query.
nlohmann::json snapshot(const Webhook& hook);

}  // namespace taizhang

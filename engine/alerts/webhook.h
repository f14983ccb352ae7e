// Webhooks: where alerts are pushed — a JSON endpoint signed with HMAC-SHA256, or a DingTalk
// (钉钉) or WeCom (企业微信) group robot — and the record of every delivery attempt.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/alerts/alert.h"

namespace taizhang {

enum class WebhookFormat { json, dingtalk, wecom };

std::string_view to_string(WebhookFormat format);
std::optional<WebhookFormat> parse_webhook_format(std::string_view text);

struct Webhook {
  int64_t id = 0;
  std::string url;
  WebhookFormat format = WebhookFormat::json;
  std::optional<int64_t> org_id;   // only alerts of this unit and the units below it
  std::vector<AlertLevel> levels;  // only these levels (never empty)
  std::string secret;              // never shown again after creation
  std::string created_at;
  int64_t created_by = 0;
};

// A webhook URL as the audit log keeps it: scheme://host[:port]/path, without user
// information, query or fragment (robot URLs carry their access token in the query). For a URL
// already checked at the boundary (delivery/webhook_url.h).
std::string url_without_secrets(std::string_view url);

// A webhook URL as a person may see it: the credentials (user information and every query
// value) replaced by "***", so that the robot's `key=` never shows in a list or a log. The
// deliverer alone uses the URL itself.
std::string masked_url(std::string_view url);

// `text` (a receiver's answer, a transfer error) with every credential of `url` — its user
// information and each query value of 4 bytes or more — replaced by "***": a receiver that
// echoes the request line back ("Cannot POST /send?key=…") must not put the key into
// last_error, which admins read.
std::string without_url_secrets(std::string text, std::string_view url);

enum class DeliveryState { pending, delivered, failed };
std::string_view to_string(DeliveryState state);
std::optional<DeliveryState> parse_delivery_state(std::string_view text);

struct WebhookDelivery {
  int64_t id = 0;
  int64_t webhook_id = 0;
  int64_t event_id = 0;
  DeliveryState state = DeliveryState::pending;
  int attempts = 0;
  int64_t next_attempt_ms = 0;  // Unix time in ms on the server clock
  std::optional<int> last_status;
  std::optional<std::string> last_error;
  std::optional<std::string> delivered_at;
};

}  // namespace taizhang

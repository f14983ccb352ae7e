#include "engine/alerts/webhook.h"

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

}  // namespace taizhang

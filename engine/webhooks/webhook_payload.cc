#include "engine/webhooks/webhook_payload.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "engine/webhooks/hmac.h"

namespace taizhang {

namespace {

using nlohmann::json;

// Per field shown in a robot message: a title of 200 汉字 fits; a message stays far below the
// robots' limits (wecom markdown: 4096 bytes).
constexpr size_t kMaxShownFieldBytes = 600;

std::string dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence, newlines and other
// control characters turned into spaces (a title must not restructure the markdown around it).
std::string shown(std::string_view text, size_t max_bytes = kMaxShownFieldBytes) {
  std::string out;
  size_t end = text.size();
  if (end > max_bytes) {
    end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  }
  out.reserve(end + 3);
  for (size_t i = 0; i < end; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
  }
  if (end < text.size()) out += "…";
  return out;
}

const json* member(const json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

std::optional<std::string> string_at(const json& object, const char* key) {
  const json* v = member(object, key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return shown(v->get_ref<const std::string&>());
}

std::optional<int64_t> integer_at(const json& object, const char* key) {
  const json* v = member(object, key);
  if (v == nullptr || !v->is_number_integer()) return std::nullopt;
  return v->get<int64_t>();
}

std::string event_label(std::string_view event) {
  if (event == "acked") return "已确认";
  if (event == "resolved") return "已解除";
  return {};
}

// "【已逾期】", "【已逾期 · 已解除】"; "【督办提醒】" when the level is unknown.
std::string badge(const AlertEvent& e) {
  std::string level = "督办提醒";
  if (auto text = string_at(e.alert, "level")) {
    if (auto l = parse_alert_level(*text)) level = std::string(chinese_name(*l));
  }
  std::string label = event_label(e.event);
  return "【" + level + (label.empty() ? "" : " · " + label) + "】";
}

// "应于 2019-07-31 完成，已逾期 3 天" and its variants; empty without a due date.
std::string due_phrase(const json& alert) {
  auto due = string_at(alert, "due_on");
  if (!due) return {};
  std::string out = "应于 " + *due + " 完成";
  auto late = integer_at(alert, "days_overdue");
  if (!late) return out;
  if (*late > 0) return out + "，已逾期 " + std::to_string(*late) + " 天";
  if (*late == 0) return out + "，今天到期";
  return out + "，还剩 " + std::to_string(-*late) + " 天";
}

std::string stage_text(const json& alert) {
  if (auto name = string_at(alert, "stage_name")) return *name;
  return string_at(alert, "stage").value_or("");
}

// The markdown lines under the headline, one fact each, those the alert has.
std::vector<std::string> detail_lines(const AlertEvent& e) {
  const json& a = e.alert;
  std::vector<std::string> lines;
  if (auto org = string_at(a, "org")) lines.push_back("单位：" + *org);
  if (auto title = string_at(a, "title")) lines.push_back("事项：" + *title);
  if (auto stage = stage_text(a); !stage.empty()) lines.push_back("阶段：" + stage);
  if (auto due = string_at(a, "due_on")) lines.push_back("期限：" + *due);
  if (auto late = integer_at(a, "days_overdue"); late && *late > 0) {
    lines.push_back("逾期：" + std::to_string(*late) + " 天");
  }
  if (auto who = string_at(a, "responsible")) lines.push_back("责任人：" + *who);
  if (auto item = integer_at(a, "item_id")) lines.push_back("事项编号：" + std::to_string(*item));
  if (auto id = integer_at(a, "id")) lines.push_back("提醒编号：" + std::to_string(*id));
  if (!e.at.empty()) lines.push_back("时间：" + shown(e.at));
  return lines;
}

std::string short_title(const AlertEvent& e) {
  std::string t = badge(e);
  if (auto title = string_at(e.alert, "title")) t += shown(*title, 150);
  return t;
}

// Percent-encodes everything outside RFC 3986's unreserved set (so base64's + / = survive).
std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
                            c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

// `url` with `query` (already encoded) appended to its query, before any fragment. The rest of
// the URL is kept byte for byte (a robot's access_token must reach it exactly as configured).
std::string with_query(const std::string& url, const std::string& query) {
  const size_t fragment = std::min(url.find('#'), url.size());
  std::string out = url.substr(0, fragment);
  const size_t mark = out.find('?');
  if (mark == std::string::npos) {
    out += '?';
  } else if (mark + 1 != out.size() && out.back() != '&') {
    out += '&';
  }
  return out + query + url.substr(fragment);
}

// "吉照村 · 吉照村危房改造 · 施工 · 应于 2019-07-31 完成，已逾期 3 天": the facts the alert has.
std::string headline_facts(const AlertEvent& e) {
  const json& a = e.alert;
  std::vector<std::string> parts;
  if (auto org = string_at(a, "org")) parts.push_back(*org);
  if (auto title = string_at(a, "title")) parts.push_back(*title);
  if (auto stage = stage_text(a); !stage.empty()) parts.push_back(stage);
  if (auto due = due_phrase(a); !due.empty()) parts.push_back(due);
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : " · ") + parts[i];
  return out;
}

OutgoingRequest json_request(const Webhook& hook, const AlertEvent& e) {
  OutgoingRequest r;
  r.url = hook.url;
  // Built by hand to keep "event" first: the bytes signed are the bytes sent.
  r.body = "{\"event\":" + dump(json(e.event)) + ",\"alert\":" + dump(e.alert) + "}";
  r.headers = {{"Content-Type", "application/json"},
               {"X-Taizhang-Event", shown(e.event, 32)},
               {"X-Taizhang-Delivery", std::to_string(e.id)}};
  if (!hook.secret.empty()) {
    r.headers.emplace_back("X-Taizhang-Signature", "sha256=" + hmac_sha256_hex(hook.secret, r.body));
  }
  return r;
}

OutgoingRequest dingtalk_request(const Webhook& hook, const AlertEvent& e, TimePoint now) {
  std::string text = "#### " + alert_headline(e) + "\n\n";
  for (const auto& line : detail_lines(e)) text += "- " + line + "\n";
  OutgoingRequest r;
  r.url = hook.url;
  if (!hook.secret.empty()) {
    const int64_t ts = unix_ms(now);
    r.url = with_query(hook.url, "timestamp=" + std::to_string(ts) +
                                     "&sign=" + url_encode(dingtalk_sign(hook.secret, ts)));
  }
  r.body = dump(json{{"msgtype", "markdown"},
                     {"markdown", {{"title", short_title(e)}, {"text", text}}}});
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  return r;
}

OutgoingRequest wecom_request(const Webhook& hook, const AlertEvent& e) {
  const bool late = integer_at(e.alert, "days_overdue").value_or(0) > 0;
  const char* colour = e.event == "resolved" ? "info" : late ? "warning" : "comment";
  std::string content = "**<font color=\"" + std::string(colour) + "\">" + badge(e) +
                        "</font>** " + headline_facts(e) + "\n";
  for (const auto& line : detail_lines(e)) content += "> " + line + "\n";
  OutgoingRequest r;
  r.url = hook.url;
  r.body = dump(json{{"msgtype", "markdown"}, {"markdown", {{"content", content}}}});
  r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
  return r;
}

}  // namespace

std::string alert_headline(const AlertEvent& e) { return badge(e) + headline_facts(e); }

std::string dingtalk_sign(std::string_view secret, int64_t timestamp_ms) {
  const std::string to_sign = std::to_string(timestamp_ms) + "\n" + std::string(secret);
  return base64_encode(hmac_sha256(secret, to_sign));
}

OutgoingRequest render_delivery(const Webhook& hook, const AlertEvent& event, TimePoint now) {
  switch (hook.format) {
    case WebhookFormat::json: return json_request(hook, event);
    case WebhookFormat::dingtalk: return dingtalk_request(hook, event, now);
    case WebhookFormat::wecom: return wecom_request(hook, event);
  }
  return json_request(hook, event);
}

OutgoingRequest render_test_message(const Webhook& hook, TimePoint now) {
  AlertEvent e;
  e.event = "test";
  e.at = format_rfc3339(now);
  e.alert = {{"title", "测试消息：台账督办提醒推送已接通"}};
  return render_delivery(hook, e, now);
}

}  // namespace taizhang

// What one delivery sends: the HTTP POST for an alert event in the webhook's format.
//
//   json      {"event": "raised", "alert": {…}} with X-Taizhang-Signature: sha256=<hex>, the
//             HMAC-SHA256 of the exact body bytes under the webhook's secret.
//   dingtalk  a 钉钉 custom robot markdown message; with a secret, 加签: timestamp and sign are
//             appended to the URL's query.
//   wecom     a 企业微信 group robot markdown message (the URL's key is the credential).
//
// Pure: no I/O. Never throws; an alert JSON missing some keys renders without them.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/alerts/alert.h"
#include "engine/alerts/webhook.h"
#include "engine/base/clock.h"

namespace taizhang {

struct OutgoingRequest {
  std::string url;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// `now` is the wall-clock time of sending: DingTalk refuses a signature whose timestamp is more
// than an hour from its own clock, so pass the real time here, not a shifted server clock.
OutgoingRequest render_delivery(const Webhook& hook, const AlertEvent& event, TimePoint now);

// An administrator's test message in the webhook's format: event "test", a Chinese line saying
// the push works, sent at `now` (wall-clock time, as for render_delivery).
OutgoingRequest render_test_message(const Webhook& hook, TimePoint now);

// The one-line Chinese summary of an alert event, e.g.
// "【已逾期】吉照村 · 吉照村危房改造 · 施工 · 应于 2019-07-31 完成，已逾期 3 天".
std::string alert_headline(const AlertEvent& event);

// DingTalk's 加签: base64(HMAC-SHA256(secret, timestamp_ms + "\n" + secret)), not yet URL-encoded.
std::string dingtalk_sign(std::string_view secret, int64_t timestamp_ms);

}  // namespace taizhang

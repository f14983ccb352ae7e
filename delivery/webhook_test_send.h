// Sending one message at once, outside the outbox: an administrator's test of a webhook ("does
// the group robot receive us?"). The answer is judged as the deliverer judges a delivery.
#pragma once

#include <optional>
#include <string>

#include "engine/webhooks/webhook_payload.h"

namespace taizhang {

struct TestSendResult {
  bool delivered = false;
  std::optional<long> status;  // the HTTP status, when an answer came
  std::string error;           // why it was not delivered; empty when it was
};

// POSTs `request` and waits for the answer, at most `timeout_ms` (blocking: call it from a
// worker thread). Delivered means a 2xx answer that is not a robot's refusal.
TestSendResult send_now(const OutgoingRequest& request, int timeout_ms);

// A robot (DingTalk, WeCom) answers 200 even when it refuses a message, with a non-zero errcode:
// "errcode 310000: sign not match"; nullopt when the body is no such refusal.
std::optional<std::string> robot_refusal(const std::string& body);

}  // namespace taizhang

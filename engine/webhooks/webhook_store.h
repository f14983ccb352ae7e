// What outgoing webhooks need from a database beyond what alerts write: creating hooks, and the
// delivery outbox as the deliverer works through it.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/alerts/alert_store.h"
#include "engine/audit/audit_store.h"
#include "engine/alerts/webhook.h"

namespace taizhang {

class WebhookReader : public virtual AlertReader {
 public:
  // nullopt when there is no webhook `id`.
  virtual std::optional<Webhook> webhook(int64_t id) = 0;
  // At most `limit` deliveries of the webhook with id > after_id, in id order; empty when there
  // are no more (or no such webhook).
  virtual std::vector<WebhookDelivery> deliveries(int64_t webhook_id, int64_t after_id,
                                                  int limit) = 0;
  // At most `limit` pending deliveries whose next attempt is due by `now_ms`, in order of
  // (next_attempt_ms, id): the longest due first; empty when none is due.
  virtual std::vector<WebhookDelivery> due_deliveries(int64_t now_ms, int limit) = 0;
  // When the next pending delivery is due; nullopt when none is pending.
  virtual std::optional<int64_t> next_delivery_due_ms() = 0;
};

// Needs a write job.
class WebhookWriter : public virtual WebhookReader, public virtual AlertWriter {
 public:
  // hook.id is ignored.
  virtual int64_t insert_webhook(const Webhook& hook) = 0;  // returns the new id
  // Writes state, attempts, next_attempt_ms, last_status, last_error and delivered_at of the
  // delivery `delivery.id`; its webhook and event never change. The delivery must exist
  // (asserted: deliveries are never deleted, and callers update only those they have read).
  virtual void update_delivery(const WebhookDelivery& delivery) = 0;
};

}  // namespace taizhang

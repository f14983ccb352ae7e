// The alerts' part of `audit verify`. Each raise, acknowledgement and resolution logs the alert
// whole, and appends one event (the outbox webhooks deliver from) in the same transaction. So
// every stored alert must equal its last logged copy, and the events, in id order, must be one
// per alert record, in seq order, of the same alert, kind and time, carrying the alert as that
// record logged it.
//
// An event also carries words for people (the item's title, the unit's name, days overdue):
// these are display text of the moment and are not compared.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/audit/chain.h"
#include "engine/storage/store.h"
#include "engine/verify/logged_rows.h"

namespace taizhang {

struct AlertCheckCounts {
  int64_t alerts = 0;
  int64_t events = 0;
};

class AlertReplay {
 public:
  void apply(const AuditRecord& record);
  // Compares the database with the replay; returns the first disagreement, in words.
  std::optional<std::string> compare(StoreReader& store, AlertCheckCounts& counts);

 private:
  std::optional<std::string> compare_events(StoreReader& store, AlertCheckCounts& counts);

  // The event each alert record implies, in seq order.
  struct ExpectedEvent {
    int64_t seq = 0;
    int64_t alert_id = 0;
    std::string event;  // raised | acked | resolved
    std::string at;
    std::string alert_sha256;  // of the alert as the record logged it
  };
  LoggedRows alerts_{"alert"};
  std::vector<ExpectedEvent> events_;
};

}  // namespace taizhang

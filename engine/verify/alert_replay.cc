#include "engine/verify/alert_replay.h"

#include "engine/base/digest.h"

namespace taizhang {

namespace {

constexpr int kPage = 2000;

// The event an alert record's action appends.
std::optional<std::string> event_of(const std::string& action) {
  if (action == "alert.raise") return "raised";
  if (action == "alert.ack") return "acked";
  if (action == "alert.resolve") return "resolved";
  return std::nullopt;
}

// The keys alert_json adds to the alert's snapshot for people to read
// (engine/alerts/alert_commands.h).
constexpr const char* kDisplayKeys[] = {"title", "org", "level_name", "days_overdue"};

}  // namespace

void AlertReplay::apply(const AuditRecord& rec) {
  if (rec.entity != "alert" || !rec.after.is_object() || !rec.after.contains("alert")) return;
  const auto& alert = rec.after["alert"];
  const int64_t id = alert.value("id", int64_t{0});
  alerts_.note(id, rec.seq, alert);
  if (auto event = event_of(rec.action)) {
    events_.push_back({rec.seq, id, *event, rec.at, sha256_hex(alert.dump())});
  }
}

std::optional<std::string> AlertReplay::compare(StoreReader& store, AlertCheckCounts& counts) {
  AlertQuery q;
  q.limit = kPage;
  for (;;) {
    auto page = store.alerts(q);
    for (const auto& a : page) {
      ++counts.alerts;
      if (auto p = alerts_.match(a.id, snapshot(a))) return p;
    }
    if (static_cast<int>(page.size()) < kPage) break;
    q.after_id = page.back().id;
  }
  if (auto p = alerts_.left_over()) return p;
  return compare_events(store, counts);
}

std::optional<std::string> AlertReplay::compare_events(StoreReader& store,
                                                       AlertCheckCounts& counts) {
  size_t next = 0;
  for (int64_t after = 0;;) {
    auto page = store.alert_events(after, std::nullopt, kPage);
    for (const auto& e : page) {
      ++counts.events;
      const std::string name = "alert event " + std::to_string(e.id);
      if (next == events_.size()) return name + " has no alert record in the audit log";
      const ExpectedEvent& want = events_[next++];
      const std::string record = " (alert record seq " + std::to_string(want.seq) + ")";
      if (e.alert_id != want.alert_id || e.event != want.event || e.at != want.at) {
        return name + " is not the " + want.event + " of alert " +
               std::to_string(want.alert_id) + " at " + want.at + record +
               ": events were edited, deleted or inserted";
      }
      nlohmann::json logged_part = e.alert;
      if (logged_part.is_object()) {
        for (const char* key : kDisplayKeys) logged_part.erase(key);
      }
      if (sha256_hex(logged_part.dump()) != want.alert_sha256) {
        return name + " carries an alert that differs from its record" + record;
      }
    }
    if (static_cast<int>(page.size()) < kPage) break;
    after = page.back().id;
  }
  if (next < events_.size()) {
    return "the " + events_[next].event + " event of alert " +
           std::to_string(events_[next].alert_id) + " (alert record seq " +
           std::to_string(events_[next].seq) + ") is missing from the database";
  }
  return std::nullopt;
}

}  // namespace taizhang

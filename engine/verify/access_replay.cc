#include "engine/verify/access_replay.h"

#include "engine/webhooks/webhook_commands.h"

namespace taizhang {

namespace {

constexpr int kPage = 1000;

bool is_adoption(const AuditRecord& rec) {
  return rec.action.size() > 6 && rec.action.ends_with(".adopt");
}

}  // namespace

std::optional<std::string> AccessReplay::apply(const AuditRecord& rec) {
  if (!rec.after.is_object()) return std::nullopt;
  if (rec.entity == "webhook" && rec.after.contains("webhook")) {
    const auto& hook = rec.after["webhook"];
    webhooks_.note(hook.value("id", int64_t{0}), rec.seq, hook);
    return std::nullopt;
  }
  if (!rec.after.contains("covered") || !rec.after["covered"].is_object()) return std::nullopt;
  const std::string at = "seq " + std::to_string(rec.seq) + ": ";
  for (const auto& [name, rows] : rec.after["covered"].items()) {
    auto table = parse_covered_table(name);
    if (!table || !rows.is_array()) return at + "it covers an unknown table " + name;
    LoggedRows& logged = rows_of(*table);
    for (const auto& row : rows) {
      if (!row.is_object() || !row.contains("id") || !row["id"].is_number_integer()) {
        return at + "a covered " + name + " row has no id";
      }
      const int64_t id = row["id"].get<int64_t>();
      if (is_adoption(rec) && logged.last_seq(id) && !logged.same_as_logged(id, row)) {
        return at + "it adopts " + name + " " + std::to_string(id) +
               " unlike its last record (seq " + std::to_string(*logged.last_seq(id)) +
               "): the row was changed behind the log and its adoption mark forgotten";
      }
      logged.note(id, rec.seq, row);
    }
  }
  return std::nullopt;
}

std::optional<std::string> AccessReplay::compare(StoreReader& store, AccessCheckCounts& counts) {
  for (CoveredTable table : kCoveredTables) {
    LoggedRows& logged = rows_of(table);
    int64_t* counted = table == CoveredTable::user        ? &counts.users
                       : table == CoveredTable::api_token ? &counts.api_tokens
                       : table == CoveredTable::session   ? &counts.sessions
                                                          : &counts.orgs;
    for (int64_t after = 0;;) {
      auto page = store.covered_rows(table, after, kPage);
      for (const auto& r : page) {
        ++*counted;
        if (auto p = logged.match(r.id, r.row)) return p;
      }
      if (static_cast<int>(page.size()) < kPage) break;
      after = page.back().id;
    }
    if (auto p = logged.left_over()) return p;
  }
  for (const auto& hook : store.webhooks()) {
    ++counts.webhooks;
    if (auto p = webhooks_.match(hook.id, snapshot(hook))) return p;
  }
  return webhooks_.left_over();
}

}  // namespace taizhang

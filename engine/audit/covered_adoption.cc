#include "engine/audit/covered_adoption.h"

#include "engine/audit/log.h"

namespace taizhang {

namespace {
constexpr int kPage = 1000;
}  // namespace

int64_t adopt_covered_rows(AuditWriter& store, TimePoint now) {
  int64_t adopted = 0;
  for (CoveredTable table : kCoveredTables) {
    if (store.covered_table_adopted(table)) continue;
    const std::string name(to_string(table));
    int64_t after = 0;
    for (;;) {
      auto page = store.covered_rows(table, after, kPage);
      for (auto& r : page) {
        nlohmann::json logged;
        logged["covered"][name] = nlohmann::json::array({std::move(r.row)});
        append_audit(store, now,
                     {"system", name + ".adopt", name, std::to_string(r.id), nullptr,
                      std::move(logged)});
        ++adopted;
      }
      if (static_cast<int>(page.size()) < kPage) break;
      after = page.back().id;
    }
    store.mark_covered_table_adopted(table, format_rfc3339(now));
  }
  return adopted;
}

}  // namespace taizhang

#include "engine/audit/covered_rows.h"

namespace taizhang {

std::string_view to_string(CoveredTable table) {
  switch (table) {
    case CoveredTable::user: return "user";
    case CoveredTable::api_token: return "api_token";
    case CoveredTable::session: return "session";
    case CoveredTable::org: return "org";
  }
  return "user";
}

std::optional<CoveredTable> parse_covered_table(std::string_view text) {
  for (CoveredTable t : kCoveredTables) {
    if (to_string(t) == text) return t;
  }
  return std::nullopt;
}

void cover_rows(CoveredRowReader& store, nlohmann::json& after, CoveredTable table,
                const std::vector<int64_t>& ids) {
  nlohmann::json& rows = after["covered"][std::string(to_string(table))];
  if (!rows.is_array()) rows = nlohmann::json::array();
  for (int64_t id : ids) {
    if (auto row = store.covered_row(table, id)) rows.push_back(std::move(*row));
  }
}

}  // namespace taizhang

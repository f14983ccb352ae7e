#include "engine/verify/logged_rows.h"

#include "engine/base/digest.h"

namespace taizhang {

void LoggedRows::note(int64_t id, int64_t seq, const nlohmann::json& row) {
  rows_[id] = {seq, sha256_hex(row.dump())};
}

std::optional<int64_t> LoggedRows::last_seq(int64_t id) const {
  auto it = rows_.find(id);
  if (it == rows_.end()) return std::nullopt;
  return it->second.seq;
}

bool LoggedRows::same_as_logged(int64_t id, const nlohmann::json& row) const {
  auto it = rows_.find(id);
  return it != rows_.end() && it->second.sha256 == sha256_hex(row.dump());
}

std::optional<std::string> LoggedRows::match(int64_t id, const nlohmann::json& stored) {
  auto it = rows_.find(id);
  const std::string name = label_ + " " + std::to_string(id);
  if (it == rows_.end()) return name + " is not in the audit log";
  if (it->second.sha256 != sha256_hex(stored.dump())) {
    return name + " differs from its last audit record (seq " + std::to_string(it->second.seq) +
           ")";
  }
  rows_.erase(it);
  return std::nullopt;
}

std::optional<std::string> LoggedRows::left_over() const {
  if (rows_.empty()) return std::nullopt;
  const auto& [id, logged] = *rows_.begin();
  return label_ + " " + std::to_string(id) + " is in the audit log (seq " +
         std::to_string(logged.seq) + ") but missing from the database";
}

}  // namespace taizhang

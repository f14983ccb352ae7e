// The last logged copy of each row of one kind, by id, as verify walks the audit log: what the
// stored rows are then compared with. Keeps the copy's SHA-256, not the copy, so that memory
// stays small with many rows.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace taizhang {

class LoggedRows {
 public:
  // `label` names the kind in problems ("user", "webhook", …).
  explicit LoggedRows(std::string label) : label_(std::move(label)) {}

  // Row `id` is `row` as of record `seq`.
  void note(int64_t id, int64_t seq, const nlohmann::json& row);
  // The seq of the record that last logged row `id`; nullopt when none did.
  std::optional<int64_t> last_seq(int64_t id) const;
  // Whether `row` is row `id` exactly as last logged.
  bool same_as_logged(int64_t id, const nlohmann::json& row) const;

  // The stored row `id` against its last logged copy: a problem when it is not logged or
  // differs; on a match the row is crossed off.
  std::optional<std::string> match(int64_t id, const nlohmann::json& stored);
  // After every stored row was matched: a logged row the database no longer holds.
  std::optional<std::string> left_over() const;

 private:
  struct Logged {
    int64_t seq = 0;
    std::string sha256;
  };
  std::string label_;
  std::map<int64_t, Logged> rows_;
};

}  // namespace taizhang

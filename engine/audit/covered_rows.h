// The tables whose rows grant access, held whole in the audit log: users (with their units),
// API tokens, sessions and organisation units. Every change to one of their rows appends a
// record carrying the row as stored after the change, under after["covered"][table]; `audit
// verify` requires every stored row to equal its last logged copy (engine/verify/
// covered_replay.h), so a role raised, a token hash swapped, a unit re-parented or a session
// extended behind the server's back is named.
//
// Secrets are logged as digests, never as themselves: a token's SHA-256 is already a digest of a
// random token and is logged as it is stored; a password hash and a session's CSRF token are
// logged as their SHA-256, so an audit reader learns nothing to attack a password with.
// Not covered: a session's last_seen_ms, written every few minutes a user is active (logging it
// would add a record per user per five minutes); tampering with it can at most keep a stolen
// session alive until its absolute end (SessionPolicy::absolute_ms), which is covered.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace taizhang {

enum class CoveredTable { user, api_token, session, org };

inline constexpr std::array<CoveredTable, 4> kCoveredTables = {
    CoveredTable::user, CoveredTable::api_token, CoveredTable::session, CoveredTable::org};

// "user", "api_token", "session", "org": the key under after["covered"] and the record entity.
std::string_view to_string(CoveredTable table);
std::optional<CoveredTable> parse_covered_table(std::string_view text);

struct CoveredRow {
  int64_t id = 0;
  nlohmann::json row;  // the row as the audit log holds it
};

// Reads covered rows as the audit log holds them. The snapshot is made in one place, the
// storage engine, both when a change is logged and when verify compares.
class CoveredRowReader {
 public:
  virtual ~CoveredRowReader() = default;
  // The row with that id; nullopt when there is none.
  virtual std::optional<nlohmann::json> covered_row(CoveredTable table, int64_t id) = 0;
  // At most `limit` rows with id > after_id, in id order; empty past the last.
  virtual std::vector<CoveredRow> covered_rows(CoveredTable table, int64_t after_id,
                                               int limit) = 0;
  // Whether the table's rows were adopted into the log (engine/audit/covered_adoption.h).
  virtual bool covered_table_adopted(CoveredTable table) = 0;
};

// Needs a write job.
class CoveredRowWriter : public virtual CoveredRowReader {
 public:
  // Records that the table's rows were adopted into the log at `at`; marking a table again
  // replaces its time.
  virtual void mark_covered_table_adopted(CoveredTable table, std::string_view at) = 0;
};

// Adds to a record's `after` the rows `ids` of `table` as stored now, under
// after["covered"][table] (an array). Call after the change, in the same write job.
void cover_rows(CoveredRowReader& store, nlohmann::json& after, CoveredTable table,
                const std::vector<int64_t>& ids);

}  // namespace taizhang

// The access part of `audit verify`: users with their units, API tokens, sessions and
// organisation units, whose rows the log holds whole (engine/audit/covered_rows.h), and webhooks,
// whose URL and secret decide where alerts go. Every stored row must equal its last logged copy
// and every logged row must still be stored; an adoption record may bring a row into the log
// but never change one the log already held.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/audit/chain.h"
#include "engine/storage/store.h"
#include "engine/verify/logged_rows.h"

namespace taizhang {

struct AccessCheckCounts {
  int64_t users = 0;
  int64_t api_tokens = 0;
  int64_t sessions = 0;
  int64_t orgs = 0;
  int64_t webhooks = 0;
};

class AccessReplay {
 public:
  // Feeds one record whose link already verified; returns what is wrong with it, if anything.
  std::optional<std::string> apply(const AuditRecord& record);
  // Compares the database with the replay; returns the first disagreement, in words.
  std::optional<std::string> compare(StoreReader& store, AccessCheckCounts& counts);

 private:
  LoggedRows& rows_of(CoveredTable table) { return covered_[static_cast<size_t>(table)]; }

  std::array<LoggedRows, kCoveredTables.size()> covered_ = {
      LoggedRows("user"), LoggedRows("api_token"), LoggedRows("session"), LoggedRows("org")};
  LoggedRows webhooks_{"webhook"};
};

}  // namespace taizhang

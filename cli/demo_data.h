// Demo data for `init --demo`: one user per role (tokens printed once) and a handful of items
// taken from 泗顶镇's 2019 plan, some moved a few stages along.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "cli/bootstrap.h"

namespace taizhang::cli {

// Returns the text to print: one "role name token" line per demo user. Adds items only when
// the database has none.
Result<std::string> create_demo_data(Runtime& rt, const Clock& clock);

// Funds, allocations, a disbursement and public notices for the demo items (by workflow id), so
// that the ledger and the public board have something to show (cli/demo_ledger.cc).
Result<void> create_demo_ledger(Runtime& rt, const Clock& clock, const Principal& finance,
                                const Principal& manager,
                                const std::map<std::string, int64_t>& item_by_workflow);

}  // namespace taizhang::cli

// Demo data for `init --demo`: one user per role (tokens printed once) and a handful of items
// taken from 泗顶镇's 2019 plan, some moved a few stages along.
#pragma once

#include <string>

#include "cli/bootstrap.h"

namespace taizhang::cli {

// Returns the text to print: one "role name token" line per demo user. Adds items only when
// the database has none.
Result<std::string> create_demo_data(Runtime& rt, const Clock& clock);

}  // namespace taizhang::cli

// Opening a taizhang database kept in SQLite: the one header outside engine/storage/sqlite/ may
// include to choose this engine. It names no SQLite type.
#pragma once

#include <memory>
#include <string>

#include "engine/base/error.h"
#include "engine/storage/database.h"

namespace taizhang::sqlite {

// Creates the file if missing, applies pending migrations, and starts the writer. Fails with
// ErrorCode::internal naming the file when it cannot be opened or migrated.
Result<std::unique_ptr<Database>> open_database(const std::string& path,
                                                Writer::Limits limits = {});

}  // namespace taizhang::sqlite

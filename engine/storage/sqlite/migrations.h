// Numbered schema migrations (schemas/migrations/NNN_*.sql, compiled in), applied in order at
// start. Each applies in its own transaction and is recorded in schema_migrations, so running
// them again is a no-op and a half-applied migration never remains.
#pragma once

#include "engine/storage/sqlite/connection.h"

namespace taizhang::sqlite {

// Returns how many migrations were applied now. Throws StorageFailure.
int migrate(Connection& db);

}  // namespace taizhang::sqlite

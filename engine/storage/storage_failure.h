// The one exception of the storage layer: the database itself failed (I/O error, disk full,
// corruption). Thrown by a storage engine's statements, caught by the Database and the Writer at
// their boundary, never seen by a domain's caller.
#pragma once

#include <stdexcept>

namespace taizhang {

struct StorageFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
  // Whether the failure is the disk being full (SQLITE_FULL): a 503 that passes, not a 500.
  bool disk_full = false;
};

}  // namespace taizhang

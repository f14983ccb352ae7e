#include "engine/base/sodium.h"

#include <sodium.h>

#include <mutex>

#include "engine/base/assert.h"

namespace taizhang {

void init_sodium() {
  static std::once_flag once;
  std::call_once(once, [] { TZ_ASSERT(sodium_init() >= 0); });
}

}  // namespace taizhang

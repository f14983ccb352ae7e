#include "engine/base/assert.h"

#include <cstdio>
#include <cstdlib>

namespace taizhang {

void assertion_failed(const char* condition, const char* file, int line) noexcept {
  std::fprintf(stderr, "taizhang: assertion failed: %s (%s:%d)\n", condition, file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace taizhang

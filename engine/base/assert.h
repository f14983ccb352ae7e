// TZ_ASSERT: an invariant that must hold, checked in every build (release and `make test`'s
// included). A broken one stops the process at once with the place and the condition: a server
// that has just found its money or its audit chain inconsistent must not answer another request.
#pragma once

namespace taizhang {

[[noreturn]] void assertion_failed(const char* condition, const char* file, int line) noexcept;

}  // namespace taizhang

#define TZ_ASSERT(condition)                                                     \
  do {                                                                           \
    if (!(condition)) ::taizhang::assertion_failed(#condition, __FILE__, __LINE__); \
  } while (false)

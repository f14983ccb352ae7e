#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>

#include "engine/base/heap.h"

namespace taizhang {
namespace {

// glibc would serve a block of 24 MiB from a mapping of its own, handed back to the kernel when
// freed; once the heap is configured, it comes from the heap and stays there for reuse.
TEST(Heap, LargeBlocksComeFromTheHeapOnceConfigured) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "AddressSanitizer keeps its own heap";
#endif
  configure_heap();
  const size_t mapped_before = mallinfo2().hblkhd;
  constexpr size_t kBlock = size_t{24} << 20;
  static_assert(kBlock < kLargestHeapBlock);
  void* block = std::malloc(kBlock);
  ASSERT_NE(block, nullptr);
  std::memset(block, 1, kBlock);
  EXPECT_EQ(mallinfo2().hblkhd, mapped_before);
  std::free(block);
}

}  // namespace
}  // namespace taizhang

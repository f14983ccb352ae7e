#include "engine/base/heap.h"

#include <malloc.h>

#include "engine/base/assert.h"

namespace taizhang {

void configure_heap() {
#if defined(__SANITIZE_ADDRESS__)
  // AddressSanitizer allocates on its own heap; its mallopt refuses every setting.
#else
  // Setting either fixes both thresholds (glibc stops adjusting them as blocks are freed), so
  // both are set: the trim threshold alone would leave large blocks at 128 KiB, in mappings.
  TZ_ASSERT(mallopt(M_TRIM_THRESHOLD, static_cast<int>(kKeptFreeHeap)) == 1);
  TZ_ASSERT(mallopt(M_MMAP_THRESHOLD, static_cast<int>(kLargestHeapBlock)) == 1);
#endif
}

}  // namespace taizhang

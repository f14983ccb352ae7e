#include "engine/base/heap.h"

#include <malloc.h>

#include "engine/base/assert.h"

namespace taizhang {

void configure_heap() {
  // Setting either fixes both thresholds (glibc stops adjusting them as blocks are freed), so
  // both are set: the trim threshold alone would leave large blocks at 128 KiB, in mappings.
  TZ_ASSERT(mallopt(M_TRIM_THRESHOLD, static_cast<int>(kKeptFreeHeap)) == 1);
  TZ_ASSERT(mallopt(M_MMAP_THRESHOLD, static_cast<int>(kLargestHeapBlock)) == 1);
}

}  // namespace taizhang

// glibc's malloc, set once for the whole process.
#pragma once

#include <cstddef>

namespace taizhang {

// By default glibc hands the top of its heap back to the kernel whenever 128 KiB or more of it is
// free, and serves large blocks from fresh mappings. Every write job allocates and frees the same
// few megabytes (SQLite's page buffers, the audit record's text), so the next job faulted those
// pages in again: on a database of 1,000,000 items, 96 µs of page faults a creation against 33 µs
// on an empty one, which made one-connection writes slower as the data grew. The process keeps
// up to kKeptFreeHeap of freed heap for reuse instead, and takes blocks under kLargestHeapBlock
// from the heap. Costs at most kKeptFreeHeap of memory held while idle.
inline constexpr size_t kKeptFreeHeap = size_t{16} << 20;
inline constexpr size_t kLargestHeapBlock = size_t{32} << 20;  // glibc's own upper bound

// Call at the start of main, before any thread starts. Aborts if glibc refuses the settings.
// Does nothing under AddressSanitizer, which allocates on a heap of its own.
void configure_heap();

}  // namespace taizhang

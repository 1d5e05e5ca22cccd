#include "allocator.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace capiqa::io {

void tuneAllocatorForLargeBuffers()
{
#if defined(__GLIBC__)
    // 32 MB is the largest threshold glibc accepts on 64-bit systems (HEAP_MAX_SIZE / 2).
    constexpr int MmapThreshold = 32 * 1024 * 1024;
    constexpr int TrimThreshold = 64 * 1024 * 1024;
    mallopt(M_MMAP_THRESHOLD, MmapThreshold);
    mallopt(M_TRIM_THRESHOLD, TrimThreshold);
#endif
}

} // namespace capiqa::io

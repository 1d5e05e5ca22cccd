#pragma once

/// Process-wide memory allocator settings, applied once at startup by every capiqa executable.
namespace capiqa::io {

/// Keeps megabyte-sized buffers in the heap instead of fresh memory mappings. Sending means one
/// body of about 1 MB per 1,000 events, built, handed to the network thread and freed for every
/// request, and the emulator receives as much. With glibc's defaults such a buffer is mmap()ed and
/// munmap()ed (or the heap top trimmed and grown again), so its pages are faulted in afresh each
/// time, and every unmapping stops the process's other threads for a TLB flush: the send
/// benchmark ran about 40% slower. Freed memory above 64 MB is still given back to the system.
/// Call before starting threads. Does nothing with other C libraries.
void tuneAllocatorForLargeBuffers();

} // namespace capiqa::io

#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

/// Arrays of millions of records (captured events, verdicts, match keys) in memory the kernel
/// backs with transparent huge pages. Every first touch of a 4 KiB page is a page fault, and on
/// a virtual machine a fault costs microseconds: reading and matching 1M + 1M events took about
/// 200,000 of them, a third of the run. With 2 MiB pages it is a few hundred.
namespace capiqa::io {

/// Hints the kernel to back the 2 MiB-aligned part of [data, data + bytes) with huge pages when
/// it is first touched. Only worth it before touching; does nothing for small ranges or off Linux.
void adviseHugePages(void *data, size_t bytes);

/// Grows `v`'s capacity to at least `n` in fresh memory advised for huge pages (its elements
/// are moved there). Does nothing when it already has room.
template <class T>
void reserveLarge(std::vector<T> &v, size_t n)
{
    if (n <= v.capacity())
        return;
    std::vector<T> fresh;
    fresh.reserve(n);
    adviseHugePages(fresh.data(), n * sizeof(T));
    fresh.insert(fresh.end(), std::make_move_iterator(v.begin()), std::make_move_iterator(v.end()));
    v.swap(fresh);
}

/// push_back that doubles the capacity through reserveLarge.
template <class T, class U>
void pushLarge(std::vector<T> &v, U &&value)
{
    if (v.size() == v.capacity())
        reserveLarge(v, std::max<size_t>(1024, v.capacity() * 2));
    v.push_back(std::forward<U>(value));
}

/// A vector of `n` copies of `value` in memory advised for huge pages.
template <class T>
std::vector<T> largeVector(size_t n, const T &value = T())
{
    std::vector<T> v;
    reserveLarge(v, n);
    v.resize(n, value);
    return v;
}

} // namespace capiqa::io

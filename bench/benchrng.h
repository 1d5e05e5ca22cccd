#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace capiqa::bench {

/// Deterministic randomness for the benchmark corpora: splitmix64. std:: distributions are
/// implementation-defined, so a corpus built with them would differ between standard libraries.
class Rng final
{
public:
    explicit Rng(std::uint64_t seed) : m_state(seed) {}

    std::uint64_t next()
    {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return std::size_t(next() % n); }
    /// True with probability perMille / 1000.
    bool chance(unsigned perMille) { return below(1000) < perMille; }
    template <std::size_t N> std::string_view pick(const std::string_view (&pool)[N]) { return pool[below(N)]; }
    template <class T, std::size_t N> const T &pickOf(const T (&pool)[N]) { return pool[below(N)]; }

private:
    std::uint64_t m_state;
};

} // namespace capiqa::bench

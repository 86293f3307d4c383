#include "core/data/window_sampler.h"

#include "core/util/error.h"

#include <string>

namespace lw::data {

namespace {

// SplitMix64 finaliser: a fast, well-mixed 64-bit hash.
uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

} // namespace

WindowSampler::WindowSampler(uint64_t tokens, int64_t context, int64_t stride, uint64_t seed, bool shuffle)
    : m_context(context), m_stride(stride), m_seed(seed), m_shuffle(shuffle)
{
    if (context <= 0)
        throw Error::inField("context", "must be positive");
    if (stride <= 0)
        throw Error::inField("stride", "must be positive");
    if (tokens < uint64_t(context) + 1)
        throw Error("the data has " + std::to_string(tokens) + " tokens, fewer than one window of context " +
                    std::to_string(context) + " + 1: use more text or a shorter context");
    m_windows = int64_t((tokens - uint64_t(context) - 1) / uint64_t(stride)) + 1;
    while ((uint64_t(1) << (2 * m_halfBits)) < uint64_t(m_windows))
        ++m_halfBits;
}

uint64_t WindowSampler::permute(uint64_t index, uint64_t epoch) const
{
    // A 4-round balanced Feistel network on 2*halfBits bits is a bijection on
    // [0, 4^halfBits); cycle-walking restricts it to [0, windows).
    const uint64_t mask = (uint64_t(1) << m_halfBits) - 1;
    const uint64_t key = mix(m_seed ^ mix(epoch + 0x51ed270b27ull));
    uint64_t x = index;
    do {
        uint64_t left = x >> m_halfBits, right = x & mask;
        for (uint64_t round = 0; round < 4; ++round) {
            uint64_t next = left ^ (mix(right ^ key ^ (round << 56)) & mask);
            left = right;
            right = next;
        }
        x = (left << m_halfBits) | right;
    } while (x >= uint64_t(m_windows));
    return x;
}

uint64_t WindowSampler::windowStart(int64_t epoch, int64_t index) const
{
    uint64_t window = m_shuffle ? permute(uint64_t(index), uint64_t(epoch)) : uint64_t(index);
    return window * uint64_t(m_stride);
}

} // namespace lw::data

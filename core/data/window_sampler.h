#pragma once
// Training examples are windows of context+1 tokens (inputs and the next-token targets)
// starting every `stride` tokens. Each epoch visits every window once in an order drawn
// from (seed, epoch) by a Feistel-network permutation: O(1) memory however large the
// corpus, identical on every platform, and any position can be resumed exactly.
#include <cstdint>

namespace lw::data {

class WindowSampler {
public:
    // `tokens` is the length of the token range windows are cut from.
    WindowSampler(uint64_t tokens, int64_t context, int64_t stride, uint64_t seed, bool shuffle);

    int64_t windowCount() const { return m_windows; }
    int64_t context() const { return m_context; }
    // Offset (from the start of the range) of the index-th window visited in `epoch`.
    uint64_t windowStart(int64_t epoch, int64_t index) const;

private:
    uint64_t permute(uint64_t index, uint64_t epoch) const;

    int64_t m_context, m_stride, m_windows;
    uint64_t m_seed;
    bool m_shuffle;
    int m_halfBits = 1;
};

} // namespace lw::data

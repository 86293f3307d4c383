#pragma once
// The loop every quantized kernel shares (private to core/generate): weight rows
// outside, so each row's blocks are read from memory once; input rows inside, in groups
// of kQuantInputGroup that meet each decoded block together, and in tiles of
// kQuantInputTile so that a long prefill's quantized inputs stay in cache while a range
// of weight rows passes over them.
//
// A Kernel has `template <int J> void run(int64_t r, int64_t i, float* sums) const`,
// the products of weight row r with input rows i .. i + J - 1, and members `w` (the
// matrix) and `rowBytes` (of one of its rows). Kernels are declared in
// anonymous namespaces, so each instruction set's copy of this loop stays its own.
#include "core/generate/cpu_kernels_quant_isa.h"

namespace lw::generate::kernels {

// Weight bytes read ahead of the row being multiplied. The rows of a range are one
// contiguous stream, but the hardware prefetcher stops at every 4 KB page and starts
// again only after misses in the next one; reading a page ahead keeps the stream going.
constexpr int64_t kQuantRowPrefetchAhead = 4096;

// Asks for the bytes that lie kQuantRowPrefetchAhead past weight row r, up to `end`.
inline void prefetchAheadOfRow(const uint8_t* row, int64_t rowBytes, const uint8_t* end)
{
    const uint8_t* last = row + kQuantRowPrefetchAhead + rowBytes;
    for (const uint8_t* p = row + kQuantRowPrefetchAhead; p < last && p < end; p += 64)
        __builtin_prefetch(p, 0, 3);
}

template <class Kernel>
inline void quantRowTiles(const Kernel& kernel, int64_t m, const QuantOutput& out, int64_t r0, int64_t r1)
{
    const uint8_t* weights = static_cast<const uint8_t*>(kernel.w.data);
    const uint8_t* end = weights + r1 * kernel.rowBytes;
    for (int64_t i0 = 0; i0 < m; i0 += kQuantInputTile) {
        const int64_t i1 = m - i0 < kQuantInputTile ? m : i0 + kQuantInputTile;
        for (int64_t r = r0; r < r1; ++r) {
            prefetchAheadOfRow(weights + r * kernel.rowBytes, kernel.rowBytes, end);
            const float bias = out.bias ? out.bias[r] : 0.0f;
            for (int64_t i = i0; i < i1; i += kQuantInputGroup) {
                float sums[kQuantInputGroup];
                const int64_t n = i1 - i < kQuantInputGroup ? i1 - i : kQuantInputGroup;
                static_assert(kQuantInputGroup == 4, "the cases below");
                switch (n) {
                case 1: kernel.template run<1>(r, i, sums); break;
                case 2: kernel.template run<2>(r, i, sums); break;
                case 3: kernel.template run<3>(r, i, sums); break;
                default: kernel.template run<4>(r, i, sums); break;
                }
                for (int64_t j = 0; j < n; ++j) {
                    float* o = out.y + (i + j) * out.ldy + r;
                    *o = (out.accumulate ? *o : 0.0f) + sums[j] + bias;
                }
            }
        }
    }
}

} // namespace lw::generate::kernels

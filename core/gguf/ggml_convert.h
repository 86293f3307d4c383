#pragma once
// Converting values between the plain float formats (F32, F16, BF16) without a float32
// copy in between: the hot loop of exporting a model whose weights are already f16 or
// bf16. The bytes equal quantize(to, dequantize(from, in)) exactly, NaNs included, so
// an export through here writes the same file as one through float32.
#include "core/gguf/ggml_types.h"

#include <cstdint>

namespace lw::gguf {

// True for F32, F16 and BF16, the formats convertFloats() reads and writes.
bool isPlainFloat(GgmlType type);

// `count` values stored as `from` at `in` into `out` as `to` (both plain float formats,
// lw::Error otherwise). Uses F16C where the CPU has it (chosen at run time); thread-safe
// on disjoint ranges.
void convertFloats(GgmlType from, const void* in, GgmlType to, void* out, uint64_t count);

// Whether convertFloats(type, in, type, out, count) copies the bytes unchanged: always
// for F32, and for F16 and BF16 unless a signalling NaN is among them (it gets its quiet
// bit set). An exporter then writes such values from where they are, without the copy.
bool convertsToItself(GgmlType type, const void* in, uint64_t count);

// Whether convertFloats() uses the F16C instructions on this CPU (for benchmarks and
// for tests that compare the two paths).
bool convertFloatsUsesF16c();

namespace detail {
// The portable loops convertFloats() falls back to without F16C, for tests.
void convertFloatsPortable(GgmlType from, const void* in, GgmlType to, void* out, uint64_t count);
} // namespace detail

} // namespace lw::gguf

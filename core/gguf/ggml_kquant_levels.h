#pragma once
// The level bits of one K-quant super-block (256 values), apart from its scales: a
// caller that chose the levels itself against the scales a super-block already stores
// (GPTQ on the K-quant grid, core/quant/block_grid.h) writes them in ggml's layout.
// Only the level bytes change: Q4_K's qs, Q5_K's qh and qs, Q6_K's ql and qh; d, dmin
// and the sub-block scales stay as they are.
#include "core/gguf/ggml_types.h"

#include <cstdint>

namespace lw::gguf {

// Levels as ggml stores them before packing: Q4_K in [0, 15], Q5_K in [0, 31] (value =
// d * scale * level - dmin * min), Q6_K in [-32, 31] (value = d * scale * level). lw::Error
// for any other type.
void packKQuantLevels(GgmlType type, const int* levels, uint8_t* superBlock);

} // namespace lw::gguf

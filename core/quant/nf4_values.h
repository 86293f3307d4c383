#pragma once
// The 16 NF4 code values without LibTorch, for the decode kernels.
#include <array>

namespace lw::quant {

// The values bitsandbytes uses for NF4 (bitsandbytes/backends/utils.py, _NF4_QUANT_TABLE,
// and the same constants in csrc/kernels.cu): the quantiles of N(0, 1) from the QLoRA
// paper's construction, normalised to [-1, 1]. test_nf4_codes rebuilds them from the
// paper's formula.
inline constexpr std::array<float, 16> kNf4Values = {
    -1.0f,
    -0.6961928009986877f,
    -0.5250730514526367f,
    -0.39491748809814453f,
    -0.28444138169288635f,
    -0.18477343022823334f,
    -0.09105003625154495f,
    0.0f,
    0.07958029955625534f,
    0.16093020141124725f,
    0.24611230194568634f,
    0.33791524171829224f,
    0.44070982933044434f,
    0.5626170039176941f,
    0.7229568362236023f,
    1.0f,
};

} // namespace lw::quant

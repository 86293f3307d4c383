#pragma once
// Rotary position embeddings (RoPE) in the "rotate half" layout used by Hugging Face
// Llama checkpoints: dimension i pairs with i + head_dim/2.
#include <torch/torch.h>

namespace lw::model {

class RotaryTable {
public:
    RotaryTable() = default;
    RotaryTable(int64_t headDim, int64_t maxPositions, double theta);
    // x: (B, T, heads * headDim) at positions [start, start+T); returns the rotated copy.
    torch::Tensor apply(const torch::Tensor& x, int64_t heads, int64_t start) const;

private:
    torch::Tensor m_cos, m_sin; // (maxPositions, headDim/2)
    int64_t m_headDim = 0;
};

} // namespace lw::model

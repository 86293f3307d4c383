#pragma once
// Rotary position embeddings (RoPE) in the "rotate half" layout used by Hugging Face
// Llama checkpoints: dimension i pairs with i + head_dim/2.
#include "core/model/model_config.h"

#include <torch/torch.h>
#include <vector>

namespace lw::model {

// The head_dim/2 inverse frequencies theta^(-2i/head_dim), stretched as
// config.rope_scaling says. One definition for the model and the fused CPU decoder.
std::vector<double> ropeInverseFrequencies(const ModelConfig& config);

class RotaryTable {
public:
    RotaryTable() = default;
    RotaryTable(const ModelConfig& config, int64_t maxPositions);
    // x: (B, T, heads * headDim) at positions [start, start+T); returns the rotated copy.
    torch::Tensor apply(const torch::Tensor& x, int64_t heads, int64_t start) const;
    // The same with each token's own position: positions (B, T) int64, each in
    // [0, maxPositions) (packed rows, where positions restart at every example).
    torch::Tensor apply(const torch::Tensor& x, int64_t heads, const torch::Tensor& positions) const;

private:
    // x rotated by per-token angles: cos and sin broadcastable to (B, T, 1, headDim/2).
    torch::Tensor rotate(const torch::Tensor& x, int64_t heads, const torch::Tensor& cos, const torch::Tensor& sin) const;

    torch::Tensor m_cos, m_sin; // (maxPositions, headDim/2)
    int64_t m_headDim = 0;
};

} // namespace lw::model

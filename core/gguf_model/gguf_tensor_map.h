#pragma once
// Which GGUF tensor (llama.cpp's names: token_embd, blk.N.attn_q, ...) holds which of
// our parameters, for the architectures llama, qwen2 and gpt2.
//
// GGUF dims are in ggml order (dims[0] varies fastest), so our (out, in) matrix is
// stored with dims [in, out] and the same bytes. The one change of layout: llama.cpp's
// converter permutes the rows of q and k for the "llama" architecture so that each
// head's rotary pairs are interleaved (x0, x1), (x2, x3)... instead of our rotate-half
// halves (x0, x_{d/2}), ...; "qwen2" keeps the rotate-half order.
#include "core/model/model_config.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::gguf_model {

// One GGUF tensor: `rows` rows of ours starting at `rowStart` (all rows when the whole
// parameter maps onto one tensor), permuted for interleaved rotary when `permuteHeads`
// is non-zero (the number of heads in it).
struct GgufTensorPart {
    std::string gguf;  // "blk.0.attn_q.weight"
    std::string ours;  // "layers.0.attention.wqkv.weight"
    int64_t rowStart = 0;
    int64_t rows = -1; // -1: every row
    int64_t permuteHeads = 0;
};

// The GGUF tensors for a model of `config` written as `architecture` ("llama", "qwen2",
// "gpt2"), in llama.cpp's order; lw::Error when the architecture cannot hold it.
std::vector<GgufTensorPart> ggufTensorParts(const model::ModelConfig& config, const std::string& architecture);

// The architecture name a model of ours is written as: gpt2, qwen2 (q/k/v biases) or llama.
std::string ggufArchitectureFor(const model::ModelConfig& config);

// Reorders the rows of a (heads * headDim, cols) row-major matrix (or a bias, cols = 1)
// from rotate-half to interleaved order (toInterleaved) or back.
void permuteRotaryRows(const float* in, float* out, int64_t heads, int64_t rows, int64_t cols, bool toInterleaved);
// The input row that permuteRotaryRows copies to output row `row`.
int64_t rotaryRowSource(int64_t row, int64_t heads, int64_t rows, bool toInterleaved);

} // namespace lw::gguf_model

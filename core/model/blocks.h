#pragma once
// The pieces of one transformer layer. Which variant a piece is (LayerNorm or RMSNorm,
// GELU MLP or SwiGLU, learned positions or RoPE) is read from ModelConfig, and the
// parameter names follow each family's usual checkpoints (GPT-2: h.0.attn.c_attn,
// Llama: layers.0.attention.wqkv), so import and export are renames, not rewrites.
#include "core/model/linear_adapter.h"
#include "core/model/model_config.h"
#include "core/model/rotary.h"

#include <torch/torch.h>

namespace lw::model {

class KvCache;

// LayerNorm (GPT-2, with optional bias) or RMSNorm (Llama).
class NormImpl : public torch::nn::Module {
public:
    NormImpl(const ModelConfig& config);
    torch::Tensor forward(const torch::Tensor& x);
    // {h, norm(h)} for h = x + residual; LayerNorm on CPU float32 fuses the add.
    std::pair<torch::Tensor, torch::Tensor> addThenNormalize(const torch::Tensor& x, const torch::Tensor& residual);

    torch::Tensor weight, bias;

private:
    bool m_rms;
    double m_eps;
    int64_t m_dim;
};
TORCH_MODULE(Norm);

class AttentionImpl : public torch::nn::Module {
public:
    AttentionImpl(const ModelConfig& config, const RotaryTable* rotary);
    // x: (B, T, C). With a cache, the new keys/values are stored at cache positions
    // [cache.length(), +T) and attention covers the cached prefix as well. positions
    // (B, T), without a cache: packed rows (see causalSelfAttention), checked by the caller.
    torch::Tensor forward(const torch::Tensor& x, KvCache* cache = nullptr, int64_t layer = 0,
                          const torch::Tensor& positions = {});

    torch::nn::Linear qkv{nullptr}, proj{nullptr};
    LinearAdapterPtr qkvAdapter, projAdapter; // see linear_adapter.h

private:
    ModelConfig m_config;
    const RotaryTable* m_rotary;
};
TORCH_MODULE(Attention);

class FeedForwardImpl : public torch::nn::Module {
public:
    explicit FeedForwardImpl(const ModelConfig& config);
    torch::Tensor forward(const torch::Tensor& x);

    // GPT-2: up = c_fc, down = c_proj. Llama: gate = w1, up = w3, down = w2.
    torch::nn::Linear up{nullptr}, down{nullptr}, gate{nullptr};
    LinearAdapterPtr upAdapter, downAdapter, gateAdapter;

private:
    bool m_swiglu;
};
TORCH_MODULE(FeedForward);

class BlockImpl : public torch::nn::Module {
public:
    BlockImpl(const ModelConfig& config, const RotaryTable* rotary);
    torch::Tensor forward(const torch::Tensor& x, KvCache* cache = nullptr, int64_t layer = 0,
                          const torch::Tensor& positions = {});

    Norm norm1{nullptr}, norm2{nullptr};
    Attention attention{nullptr};
    FeedForward feedForward{nullptr};

private:
    double m_dropout;
};
TORCH_MODULE(Block);

} // namespace lw::model

#include "core/model/blocks.h"

#include "core/model/add_layer_norm.h"
#include "core/model/bias_gelu.h"
#include "core/model/causal_attention.h"
#include "core/model/kv_cache.h"
#include "core/model/parameter_init.h"

namespace lw::model {

namespace {

bool isGpt2(const ModelConfig& c)
{
    return c.family == Family::Gpt2;
}

} // namespace

NormImpl::NormImpl(const ModelConfig& config)
    : m_rms(!isGpt2(config)), m_eps(config.norm_eps), m_dim(config.d_model)
{
    weight = register_parameter("weight", torch::ones({config.d_model}));
    if (!m_rms && config.bias)
        bias = register_parameter("bias", torch::zeros({config.d_model}));
}

torch::Tensor NormImpl::forward(const torch::Tensor& x)
{
    if (!m_rms)
        return torch::layer_norm(x, {m_dim}, weight, bias, m_eps);
    // Reduced-precision inputs are normalised in float32; float and double stay as they are.
    auto xf = x.is_floating_point() && c10::elementSize(x.scalar_type()) < 4 ? x.to(torch::kFloat) : x;
    auto normed = xf * torch::rsqrt(xf.pow(2).mean(-1, true) + m_eps);
    return normed.to(x.scalar_type()) * weight;
}

std::pair<torch::Tensor, torch::Tensor> NormImpl::addThenNormalize(const torch::Tensor& x, const torch::Tensor& residual)
{
    if (m_rms) {
        torch::Tensor h = x + residual;
        return {h, forward(h)};
    }
    return addLayerNorm(x, residual, weight, bias, m_eps);
}

AttentionImpl::AttentionImpl(const ModelConfig& config, const RotaryTable* rotary)
    : m_config(config), m_rotary(rotary)
{
    const int64_t d = config.d_model;
    const int64_t qkvWidth = config.queryWidth() + 2 * config.kvWidth();
    const bool gpt2 = isGpt2(config);
    qkv = register_module(gpt2 ? "c_attn" : "wqkv", makeLinear(d, qkvWidth, gpt2 ? config.bias : config.qkv_bias));
    proj = register_module(gpt2 ? "c_proj" : "wo", makeLinear(config.queryWidth(), d, gpt2 && config.bias));
}

torch::Tensor AttentionImpl::forward(const torch::Tensor& x, KvCache* cache, int64_t layer,
                                     const torch::Tensor& positions)
{
    const int64_t nHead = m_config.n_head, nKv = m_config.kvHeads(), hd = m_config.headDim();
    const int64_t c = nHead * hd, kvWidth = nKv * hd;
    torch::Tensor packed = applyLinear(qkv, qkvAdapter, x); // (B, T, c + 2*kvWidth), c = n_head * head_dim
    const int64_t start = cache ? cache->length() : 0;
    if (m_rotary) {
        auto rotate = [&](const torch::Tensor& part, int64_t heads) {
            return positions.defined() ? m_rotary->apply(part, heads, positions) : m_rotary->apply(part, heads, start);
        };
        auto q = rotate(packed.narrow(2, 0, c), nHead);
        auto k = rotate(packed.narrow(2, c, kvWidth), nKv);
        packed = torch::cat({q, k, packed.narrow(2, c + kvWidth, kvWidth)}, 2);
    }
    torch::Tensor y;
    if (cache) {
        auto [keys, values] = cache->append(layer, packed.narrow(2, c, kvWidth), packed.narrow(2, c + kvWidth, kvWidth));
        y = cachedAttention(packed.narrow(2, 0, c), keys, values, nHead, nKv);
    } else {
        y = causalSelfAttention(packed, nHead, nKv, m_config.dropout, is_training(), positions);
    }
    return applyLinear(proj, projAdapter, y);
}

FeedForwardImpl::FeedForwardImpl(const ModelConfig& config) : m_swiglu(!isGpt2(config))
{
    const int64_t d = config.d_model, ff = config.ffDim();
    if (m_swiglu) {
        gate = register_module("w1", makeLinear(d, ff, false));
        down = register_module("w2", makeLinear(ff, d, false));
        up = register_module("w3", makeLinear(d, ff, false));
    } else {
        up = register_module("c_fc", makeLinear(d, ff, config.bias));
        down = register_module("c_proj", makeLinear(ff, d, config.bias));
    }
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x)
{
    if (m_swiglu)
        return applyLinear(down, downAdapter,
                           torch::silu(applyLinear(gate, gateAdapter, x)) * applyLinear(up, upAdapter, x));
    static const bool unfusedGelu = std::getenv("LW_NO_FUSED_GELU") != nullptr; // TUNING-TEMP
    if (!up->bias.defined() || unfusedGelu || upAdapter)
        return applyLinear(down, downAdapter, torch::gelu(applyLinear(up, upAdapter, x), "tanh"));
    // The bias is added inside the activation: one pass instead of two, and the
    // backward pass yields the bias gradient along with the activation's.
    return applyLinear(down, downAdapter, biasGeluTanh(torch::nn::functional::linear(x, up->weight), up->bias));
}

BlockImpl::BlockImpl(const ModelConfig& config, const RotaryTable* rotary) : m_dropout(config.dropout)
{
    const bool gpt2 = isGpt2(config);
    norm1 = register_module(gpt2 ? "ln_1" : "attention_norm", Norm(config));
    attention = register_module(gpt2 ? "attn" : "attention", Attention(config, rotary));
    norm2 = register_module(gpt2 ? "ln_2" : "ffn_norm", Norm(config));
    feedForward = register_module(gpt2 ? "mlp" : "feed_forward", FeedForward(config));
}

torch::Tensor BlockImpl::forward(const torch::Tensor& x, KvCache* cache, int64_t layer, const torch::Tensor& positions)
{
    const bool drop = is_training() && m_dropout > 0.0;
    auto a = attention(norm1(x), cache, layer, positions);
    static const bool unfusedNorm = std::getenv("LW_NO_FUSED_ADDNORM") != nullptr; // TUNING-TEMP
    if (unfusedNorm) {
        auto h = x + (drop ? torch::dropout(a, m_dropout, true) : a);
        auto f = feedForward(norm2(h));
        return h + (drop ? torch::dropout(f, m_dropout, true) : f);
    }
    auto [h, normed] = norm2->addThenNormalize(x, drop ? torch::dropout(a, m_dropout, true) : a);
    auto f = feedForward(normed);
    return h + (drop ? torch::dropout(f, m_dropout, true) : f);
}

} // namespace lw::model

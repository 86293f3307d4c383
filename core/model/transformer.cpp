#include "core/model/transformer.h"

#include "core/model/cross_entropy.h"
#include "core/model/kv_cache.h"
#include "core/model/parameter_init.h"
#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>

namespace lw::model {

namespace {

// Throws naming the first (b, t) where `bad` (B, T) is true; `what` describes the value.
void throwAtFirst(const torch::Tensor& bad, const torch::Tensor& positions, const std::string& what)
{
    const torch::Tensor where = bad.nonzero();
    if (where.size(0) == 0)
        return;
    const int64_t b = where[0][0].item<int64_t>(), t = where[0][1].item<int64_t>();
    throw Error::inField("positions", "positions[" + std::to_string(b) + "][" + std::to_string(t) +
                                          "] = " + std::to_string(positions[b][t].item<int64_t>()) + " " + what);
}

// Packed positions must describe whole examples laid end to end: each row starts at 0
// and every position is 0 (a new example) or the previous one + 1. Checked on the CPU
// with a few vectorised comparisons.
void checkPackedPositions(const torch::Tensor& positions, const torch::Tensor& idx, int64_t contextLength)
{
    if (positions.sizes() != idx.sizes())
        throw Error::inField("positions", "expected the token ids' shape " + c10::str(idx.sizes()) + ", got " +
                                              c10::str(positions.sizes()));
    if (!c10::isIntegralType(positions.scalar_type(), /*includeBool=*/false))
        throw Error::inField("positions", "expected integer positions");
    const torch::Tensor p = positions.to(torch::kCPU, torch::kLong);
    throwAtFirst(p.lt(0) | p.ge(contextLength), p,
                 "is outside the model's context [0, " + std::to_string(contextLength) + ")");
    throwAtFirst(p.gt(torch::arange(p.size(1), torch::kLong).unsqueeze(0)), p,
                 "is larger than its index in the row (an example cannot start before the row)");
    if (p.size(1) < 2)
        return;
    const torch::Tensor current = p.narrow(1, 1, p.size(1) - 1), previous = p.narrow(1, 0, p.size(1) - 1);
    const torch::Tensor firstColumn = torch::zeros({p.size(0), 1}, torch::kBool); // checked above: 0
    throwAtFirst(torch::cat({firstColumn, current.ne(0) & current.ne(previous + 1)}, 1), p,
                 "neither starts an example (0) nor follows the previous position (+1)");
}

} // namespace

TransformerImpl::TransformerImpl(const ModelConfig& config, bool initialize, LeftOutMatrices leftOut)
    : m_config(config), m_leftOut(std::move(leftOut))
{
    config.validate();
    const bool gpt2 = config.family == Family::Gpt2;
    auto isLeftOut = [this](const std::string& name) { return m_leftOut.names.count(name) > 0; };
    if (!gpt2)
        m_rotary = std::make_unique<RotaryTable>(config, config.context_length);
    // Left-out embedding and head are built with no rows: nothing of their size is allocated.
    // Without initialize, every weight is overwritten next: allocated, not drawn.
    const ParameterInitScope init(initialize ? ParameterInit::Random : ParameterInit::Allocated);
    const std::string embedding = gpt2 ? "wte" : "tok_embeddings";
    tokenEmbedding = register_module(
        embedding, makeEmbedding(isLeftOut(embedding + ".weight") ? 0 : config.vocab_size, config.d_model));
    if (gpt2)
        positionEmbedding = register_module("wpe", makeEmbedding(config.context_length, config.d_model));
    layers = register_module(gpt2 ? "h" : "layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < config.n_layer; ++i) {
        Block block(config, m_rotary.get());
        // A block's left-out matrices go before the next block is built: at most one
        // block's worth of them is ever allocated.
        const std::string prefix = (gpt2 ? "h." : "layers.") + std::to_string(i) + ".";
        for (auto& item : block->named_parameters())
            if (isLeftOut(prefix + item.key()) && item.value().dim() == 2)
                item.value().set_data(torch::empty({0, item.value().size(1)}, item.value().options()));
        layers->push_back(block);
    }
    finalNorm = register_module(gpt2 ? "ln_f" : "norm", Norm(config));
    if (!config.tie_embeddings) {
        const std::string head = gpt2 ? "lm_head" : "output";
        lmHead = register_module(
            head, makeLinear(config.d_model, isLeftOut(head + ".weight") ? 0 : config.vocab_size, false));
    }
    const auto parameters = named_parameters();
    for (const std::string& name : m_leftOut.names) {
        const torch::Tensor* p = parameters.find(name);
        if (!p || p->dim() != 2 || p->size(0) != 0)
            throw Error::inField("left out matrices", "'" + name + "' is not a matrix this model can leave out");
    }
    if (initialize)
        initializeWeights(0);
}

void TransformerImpl::requireAllMatrices(const std::string& use) const
{
    if (hasLeftOutMatrices())
        throw Error(use + ": this model was loaded for generation only; its matrices are read from the blocks of " +
                    m_leftOut.source + " and have no float copy (load the model in full for this)");
}

torch::Tensor TransformerImpl::outputWeight() const
{
    return m_config.tie_embeddings ? tokenEmbedding->weight : lmHead->weight;
}

torch::Tensor TransformerImpl::hidden(const torch::Tensor& idx, KvCache* cache, const torch::Tensor& packedPositions)
{
    requireAllMatrices("the model's forward pass");
    TORCH_CHECK(idx.dim() == 2, "token ids must have shape (batch, time)");
    const int64_t t = idx.size(1);
    const int64_t start = cache ? cache->length() : 0;
    if (start + t > m_config.context_length)
        throw Error("sequence of " + std::to_string(start + t) + " tokens exceeds the model's context of " +
                    std::to_string(m_config.context_length));
    torch::Tensor packed;
    if (packedPositions.defined()) {
        if (cache)
            throw Error::inField("positions", "packed positions are for training and cannot be used with a KV cache");
        checkPackedPositions(packedPositions, idx, m_config.context_length);
        packed = packedPositions.to(idx.device(), torch::kLong);
    }
    torch::Tensor x = tokenEmbedding(idx);
    if (neftuneAlpha > 0 && is_training()) {
        // NEFTune (Jain et al. 2023): uniform noise of magnitude alpha / sqrt(T * d) on the
        // token embeddings while training, as transformers' NEFTune hook adds it.
        const double magnitude = neftuneAlpha / std::sqrt(double(t) * double(x.size(-1)));
        x = x + torch::empty_like(x).uniform_(-magnitude, magnitude);
    }
    if (positionEmbedding) {
        if (packed.defined()) {
            x = x + positionEmbedding(packed);
        } else {
            auto positions = torch::arange(start, start + t, torch::TensorOptions().dtype(torch::kLong).device(idx.device()));
            x = x + positionEmbedding(positions);
        }
    }
    if (is_training() && m_config.dropout > 0.0)
        x = torch::dropout(x, m_config.dropout, true);
    for (int64_t i = 0; i < int64_t(layers->size()); ++i)
        x = layers[i]->as<Block>()->forward(x, cache, i, packed);
    if (cache)
        cache->advance(t);
    return finalNorm(x);
}

torch::Tensor TransformerImpl::logitsOf(const torch::Tensor& h)
{
    requireAllMatrices("the model's output projection");
    if (headAdapter)
        return headAdapter->forward(h, outputWeight(), {});
    return torch::nn::functional::linear(h, outputWeight());
}

torch::Tensor TransformerImpl::forward(const torch::Tensor& idx, KvCache* cache)
{
    return logitsOf(hidden(idx, cache));
}

torch::Tensor TransformerImpl::loss(const torch::Tensor& idx, const torch::Tensor& targets,
                                    const torch::Tensor& positions)
{
    auto h = hidden(idx, nullptr, positions);
    if (headAdapter) // the fused loss multiplies by the plain weight; an adapted head needs its logits
        return torch::nn::functional::cross_entropy(
            logitsOf(h).reshape({-1, m_config.vocab_size}).to(torch::kFloat), targets.reshape({-1}),
            torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-1));
    return linearCrossEntropy(h.reshape({-1, h.size(-1)}), outputWeight(), targets.reshape({-1}));
}

void TransformerImpl::initializeWeights(uint64_t seed)
{
    torch::NoGradGuard noGrad;
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const double std = 0.02;
    const double residualStd = std / std::sqrt(2.0 * double(m_config.n_layer));
    for (auto& item : named_parameters()) {
        const std::string& name = item.key();
        torch::Tensor& p = item.value();
        auto endsWith = [&](const std::string& suffix) {
            return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        if (p.dim() == 1) {
            // Norm gains start at one, every bias at zero.
            if (endsWith("norm.weight") || endsWith("ln_1.weight") || endsWith("ln_2.weight") ||
                endsWith("ln_f.weight"))
                p.fill_(1.0);
            else
                p.zero_();
            continue;
        }
        const bool residualOutput = endsWith("attn.c_proj.weight") || endsWith("mlp.c_proj.weight") ||
                                    endsWith("attention.wo.weight") || endsWith("feed_forward.w2.weight");
        // Draw on CPU with the seeded generator, then copy, so every device gets the same weights.
        auto values = torch::empty(p.sizes(), torch::kFloat);
        values.normal_(0.0, residualOutput ? residualStd : std, generator);
        p.copy_(values);
    }
}

const char* linearRoleName(LinearRole role)
{
    switch (role) {
    case LinearRole::Qkv: return "qkv";
    case LinearRole::AttentionOutput: return "attention_output";
    case LinearRole::Up: return "up";
    case LinearRole::Gate: return "gate";
    case LinearRole::Down: return "down";
    case LinearRole::OutputHead: return "output_head";
    }
    return "qkv";
}

std::vector<LinearSite> linearSites(TransformerImpl& model)
{
    const bool gpt2 = model.config().family == Family::Gpt2;
    std::vector<LinearSite> sites;
    auto add = [&](std::string name, LinearRole role, int64_t layer, torch::nn::Linear& linear, LinearAdapterPtr& slot) {
        sites.push_back({std::move(name), role, layer, linear->weight, linear->bias, &slot});
    };
    for (int64_t i = 0; i < int64_t(model.layers->size()); ++i) {
        auto block = model.layers[i]->as<Block>();
        const std::string p = (gpt2 ? "h." : "layers.") + std::to_string(i) + ".";
        auto& a = *block->attention;
        auto& f = *block->feedForward;
        add(p + (gpt2 ? "attn.c_attn" : "attention.wqkv"), LinearRole::Qkv, i, a.qkv, a.qkvAdapter);
        add(p + (gpt2 ? "attn.c_proj" : "attention.wo"), LinearRole::AttentionOutput, i, a.proj, a.projAdapter);
        if (f.gate)
            add(p + "feed_forward.w1", LinearRole::Gate, i, f.gate, f.gateAdapter);
        add(p + (gpt2 ? "mlp.c_fc" : "feed_forward.w3"), LinearRole::Up, i, f.up, f.upAdapter);
        add(p + (gpt2 ? "mlp.c_proj" : "feed_forward.w2"), LinearRole::Down, i, f.down, f.downAdapter);
    }
    const std::string head = model.config().tie_embeddings ? (gpt2 ? "wte" : "tok_embeddings")
                                                           : (gpt2 ? "lm_head" : "output");
    sites.push_back({head, LinearRole::OutputHead, -1, model.outputWeight(), {}, &model.headAdapter});
    return sites;
}

bool takesWeightDecay(const std::string& parameterName, const torch::Tensor& parameter)
{
    return parameter.dim() >= 2;
}

std::vector<std::pair<std::string, std::vector<int64_t>>> parameterShapes(const ModelConfig& c)
{
    const int64_t d = c.d_model, ff = c.ffDim(), q = c.queryWidth(), qkvOut = q + 2 * c.kvWidth();
    const bool gpt2 = c.family == Family::Gpt2;
    std::vector<std::pair<std::string, std::vector<int64_t>>> out;
    auto add = [&](std::string name, std::vector<int64_t> shape) { out.emplace_back(std::move(name), std::move(shape)); };
    add(gpt2 ? "wte.weight" : "tok_embeddings.weight", {c.vocab_size, d});
    if (gpt2)
        add("wpe.weight", {c.context_length, d});
    for (int64_t i = 0; i < c.n_layer; ++i) {
        const std::string p = (gpt2 ? "h." : "layers.") + std::to_string(i) + ".";
        if (gpt2) {
            add(p + "ln_1.weight", {d});
            if (c.bias)
                add(p + "ln_1.bias", {d});
            add(p + "attn.c_attn.weight", {qkvOut, d});
            if (c.bias)
                add(p + "attn.c_attn.bias", {qkvOut});
            add(p + "attn.c_proj.weight", {d, q});
            if (c.bias)
                add(p + "attn.c_proj.bias", {d});
            add(p + "ln_2.weight", {d});
            if (c.bias)
                add(p + "ln_2.bias", {d});
            add(p + "mlp.c_fc.weight", {ff, d});
            if (c.bias)
                add(p + "mlp.c_fc.bias", {ff});
            add(p + "mlp.c_proj.weight", {d, ff});
            if (c.bias)
                add(p + "mlp.c_proj.bias", {d});
        } else {
            add(p + "attention_norm.weight", {d});
            add(p + "attention.wqkv.weight", {qkvOut, d});
            if (c.qkv_bias)
                add(p + "attention.wqkv.bias", {qkvOut});
            add(p + "attention.wo.weight", {d, q});
            add(p + "ffn_norm.weight", {d});
            add(p + "feed_forward.w1.weight", {ff, d});
            add(p + "feed_forward.w2.weight", {d, ff});
            add(p + "feed_forward.w3.weight", {ff, d});
        }
    }
    add(gpt2 ? "ln_f.weight" : "norm.weight", {d});
    if (gpt2 && c.bias)
        add("ln_f.bias", {d});
    if (!c.tie_embeddings)
        add(gpt2 ? "lm_head.weight" : "output.weight", {c.vocab_size, d});
    return out;
}

} // namespace lw::model

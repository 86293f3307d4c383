#pragma once
// Real Transformers whose next-token logits are set exactly, for tests that need a
// known distribution. Every block's weights are zero, so a block passes its input
// through unchanged (attention and MLP add zero); what is left is
//   logits = lm_head . LayerNorm(wte[token] + wpe[position]).
//  * fixedLogitsModel: LayerNorm gain 0 and bias e0, lm_head column 0 = the logits:
//    the same logits after every token at every position.
//  * bigramModel: wpe = 0 and lm_head solved so that lm_head . LN(wte[a]) = table[a]:
//    the logits depend on the last token only (needs vocab < d_model).
//  * scriptedModel: wte = 0 and lm_head solved on LN(wpe[p]): position p always
//    predicts script[p] with a margin (needs script length < d_model), whatever the prompt.
#include "core/model/transformer.h"
#include "shared_data.h"

#include <ATen/CPUGeneratorImpl.h>
#include <QByteArray>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::test {

// GPT-2's published vocabulary and merges (see shared/data/SOURCES.md).
inline std::string gpt2TokenizerDir()
{
    return sharedDataPath("llms-from-scratch/gpt2-bpe");
}

inline model::ModelConfig knownModelConfig(int64_t vocab, int64_t dModel, int64_t context)
{
    model::ModelConfig c;
    c.family = model::Family::Gpt2;
    c.vocab_size = vocab;
    c.d_model = dModel;
    c.n_head = 2;
    c.n_layer = 2;
    c.context_length = context;
    c.tie_embeddings = false;
    return c;
}

inline void zeroAllParameters(model::Transformer& m)
{
    torch::NoGradGuard noGrad;
    for (auto& p : m->parameters())
        p.zero_();
}

inline model::Transformer fixedLogitsModel(const std::vector<float>& logits, int64_t context = 64)
{
    model::Transformer m(knownModelConfig(int64_t(logits.size()), 8, context));
    zeroAllParameters(m);
    torch::NoGradGuard noGrad;
    m->finalNorm->bias.index_put_({0}, 1.0);
    m->lmHead->weight.select(1, 0).copy_(torch::tensor(logits));
    m->eval();
    return m;
}

// Sets lm_head so that lm_head . LN(rows[i]) = targets[i] for every i, exactly up to
// rounding: W = T^T (H H^T)^-1 H with H the normalised rows (linearly independent).
inline void solveOutput(model::Transformer& m, const torch::Tensor& rows, const torch::Tensor& targets)
{
    torch::NoGradGuard noGrad;
    auto h = torch::layer_norm(rows.to(torch::kDouble), {rows.size(1)}, {}, {}, m->config().norm_eps);
    auto w = targets.to(torch::kDouble).t().matmul(torch::linalg::inv(h.matmul(h.t()))).matmul(h);
    m->lmHead->weight.copy_(w.to(torch::kFloat));
}

// table: (vocab, vocab) logits of the token after each token.
inline model::Transformer bigramModel(const torch::Tensor& table, int64_t dModel = 32, int64_t context = 64)
{
    const int64_t vocab = table.size(0);
    model::Transformer m(knownModelConfig(vocab, dModel, context));
    zeroAllParameters(m);
    torch::NoGradGuard noGrad;
    m->finalNorm->weight.fill_(1.0);
    auto generator = torch::make_generator<at::CPUGeneratorImpl>(7);
    auto wte = torch::randn({vocab, dModel}, generator, torch::kFloat);
    m->tokenEmbedding->weight.copy_(wte);
    solveOutput(m, wte, table);
    m->eval();
    return m;
}

// Position p predicts script[p] with logit `margin`, every other token 0.
inline model::Transformer scriptedModel(const std::vector<int32_t>& script, int64_t vocab, int64_t dModel = 48,
                                        float margin = 12.0f)
{
    const int64_t positions = int64_t(script.size());
    model::Transformer m(knownModelConfig(vocab, dModel, positions + 1));
    zeroAllParameters(m);
    torch::NoGradGuard noGrad;
    m->finalNorm->weight.fill_(1.0);
    auto generator = torch::make_generator<at::CPUGeneratorImpl>(11);
    auto wpe = torch::randn({positions + 1, dModel}, generator, torch::kFloat);
    m->positionEmbedding->weight.copy_(wpe);
    auto targets = torch::zeros({positions + 1, vocab});
    for (int64_t p = 0; p < positions; ++p)
        targets.index_put_({p, script[size_t(p)]}, margin);
    solveOutput(m, wpe, targets);
    m->eval();
    return m;
}

} // namespace lw::test

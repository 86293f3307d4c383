#pragma once
// Tiny seeded models for the evaluation tests (both families), small enough that a
// direct computation of every log-probability is the reference.
#include "core/model/transformer.h"

#include <torch/torch.h>

namespace lw::test {

inline model::ModelConfig evalTinyConfig(model::Family family)
{
    model::ModelConfig c;
    c.family = family;
    c.vocab_size = 50;
    c.context_length = 24;
    c.n_layer = 2;
    c.d_model = 16;
    c.n_head = 2;
    if (family == model::Family::Llama) {
        c.n_head = 4;
        c.n_kv_head = 2;
        c.d_ff = 24;
        c.bias = false;
        c.tie_embeddings = false;
    }
    return c;
}

inline model::Transformer evalTinyModel(model::Family family, uint64_t seed)
{
    model::Transformer m(evalTinyConfig(family), false);
    m->initializeWeights(seed);
    m->eval();
    return m;
}

} // namespace lw::test

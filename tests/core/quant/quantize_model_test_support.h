#pragma once
// Small random models for the whole-model quantization tests, and a matrix's rows in
// the order a GGUF file holds them, taken here without the code under test.
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/model/transformer.h"

#include <vector>

namespace lw::test {

inline model::ModelConfig quantTestConfig(model::Family family, int64_t width)
{
    model::ModelConfig c;
    c.family = family;
    c.vocab_size = 40;
    c.context_length = 32;
    c.n_layer = 2;
    c.d_model = width;
    c.n_head = 4;
    if (family == model::Family::Llama) {
        c.n_kv_head = 2;
        c.d_ff = 2 * width;
        c.bias = false;
        c.tie_embeddings = false;
    }
    return c;
}

inline model::Transformer quantTestModel(model::Family family, int64_t width, uint64_t seed)
{
    model::Transformer m(quantTestConfig(family, width), false);
    m->initializeWeights(seed);
    m->eval();
    return m;
}

// The rows of `part` taken from `matrix` (our row order), as the file orders them
// (llama's q and k rows interleaved).
inline std::vector<float> partRowsInFileOrder(const torch::Tensor& matrix, const gguf_model::GgufTensorPart& part)
{
    torch::Tensor w = matrix.detach().to(torch::kFloat).contiguous();
    if (part.rows >= 0)
        w = w.narrow(0, part.rowStart, part.rows).contiguous();
    std::vector<float> rows(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
    if (part.permuteHeads == 0)
        return rows;
    std::vector<float> out(rows.size());
    gguf_model::permuteRotaryRows(rows.data(), out.data(), part.permuteHeads, w.size(0), w.size(1), true);
    return out;
}

inline std::vector<float> fileOrderRows(model::Transformer& m, const gguf_model::GgufTensorPart& part)
{
    return partRowsInFileOrder(gguf_model::parametersByName(m).at(part.ours), part);
}

} // namespace lw::test

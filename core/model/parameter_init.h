#pragma once
// How a model's Linear and Embedding modules get their first values. Random: LibTorch's
// own initialisation as the module builds it (kaiming uniform, normal), which draws from
// the global generator exactly as before, so a model built for training starts from the
// same state. Allocated: the tensors are made with torch::empty and never filled, for a
// model whose every weight is read from a file next: a 1 GB model no longer spends
// seconds drawing random values that are overwritten.
//
// The choice holds for the life of a ParameterInitScope on the building thread
// (TransformerImpl opens one around its blocks), so the blocks' constructors keep their
// signatures.
#include <cstdint>
#include <torch/torch.h>

namespace lw::model {

enum class ParameterInit { Random, Allocated };

class ParameterInitScope {
public:
    explicit ParameterInitScope(ParameterInit init);
    ~ParameterInitScope();
    ParameterInitScope(const ParameterInitScope&) = delete;
    ParameterInitScope& operator=(const ParameterInitScope&) = delete;

private:
    ParameterInit m_previous;
};

// Random unless a scope on this thread says otherwise.
ParameterInit currentParameterInit();

torch::nn::Linear makeLinear(int64_t in, int64_t out, bool bias);
torch::nn::Embedding makeEmbedding(int64_t count, int64_t dim);

} // namespace lw::model

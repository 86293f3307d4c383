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
#include <map>
#include <set>
#include <string>
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

// What a loader writes into a model built Allocated, whose parameters hold whatever the
// allocator left: requireAll() then names the first parameter no tensor of the file
// filled (a rule missing for an architecture), where a random model would have
// answered garbage without a word. A tied parameter (one tensor under two names) is
// filled through either name.
class ParameterFill {
public:
    void wrote(const std::string& name, int64_t elements) { m_written[name] += elements; }
    // Throws lw::Error naming `source` and the parameter; `except`: names left out on
    // purpose (matrices a quantized file keeps as blocks).
    void requireAll(const torch::nn::Module& model, const std::string& source,
                    const std::set<std::string>& except = {}) const;

private:
    std::map<std::string, int64_t> m_written;
};

} // namespace lw::model

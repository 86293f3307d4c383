#include "core/model/parameter_init.h"

#include "core/util/error.h"

namespace lw::model {

namespace {
thread_local ParameterInit t_parameterInit = ParameterInit::Random;
}

ParameterInitScope::ParameterInitScope(ParameterInit init) : m_previous(t_parameterInit)
{
    t_parameterInit = init;
}

ParameterInitScope::~ParameterInitScope()
{
    t_parameterInit = m_previous;
}

ParameterInit currentParameterInit()
{
    return t_parameterInit;
}

// LibTorch's constructors always run reset_parameters(); built with no rows they have
// nothing to draw, and the full-size tensors are then swapped in unfilled.
torch::nn::Linear makeLinear(int64_t in, int64_t out, bool bias)
{
    if (t_parameterInit == ParameterInit::Random)
        return torch::nn::Linear(torch::nn::LinearOptions(in, out).bias(bias));
    torch::nn::Linear linear(torch::nn::LinearOptions(in, 0).bias(bias));
    linear->options.out_features(out);
    linear->weight.set_data(torch::empty({out, in}));
    if (bias)
        linear->bias.set_data(torch::empty({out}));
    return linear;
}

torch::nn::Embedding makeEmbedding(int64_t count, int64_t dim)
{
    if (t_parameterInit == ParameterInit::Random)
        return torch::nn::Embedding(count, dim);
    torch::nn::Embedding embedding(0, dim);
    embedding->options.num_embeddings(count);
    embedding->weight.set_data(torch::empty({count, dim}));
    return embedding;
}

void ParameterFill::requireAll(const torch::nn::Module& model, const std::string& source,
                               const std::set<std::string>& except) const
{
    // Written elements per tensor storage, so that tied names share their count.
    std::map<const void*, int64_t> byStorage;
    const auto parameters = model.named_parameters();
    for (const auto& item : parameters) {
        const auto it = m_written.find(item.key());
        if (it != m_written.end())
            byStorage[item.value().data_ptr()] += it->second;
    }
    for (const auto& item : parameters) {
        const int64_t elements = item.value().numel();
        if (elements == 0 || except.count(item.key()))
            continue;
        const int64_t written = byStorage[item.value().data_ptr()];
        if (written < elements)
            throw Error::inFile(source, "no tensor gives the parameter '" + item.key() + "' its values (" +
                                            std::to_string(written) + " of " + std::to_string(elements) +
                                            " written)");
    }
}

} // namespace lw::model

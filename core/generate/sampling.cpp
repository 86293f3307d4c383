#include "core/generate/sampling.h"

#include "core/model/kv_cache.h"
#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>

namespace lw::generate {

namespace {

int32_t pickToken(const torch::Tensor& logitsRow, const SamplingOptions& options, at::Generator& generator)
{
    torch::Tensor logits = logitsRow.to(torch::kCPU, torch::kFloat);
    if (options.temperature <= 0.0)
        return int32_t(logits.argmax().item<int64_t>());
    logits = logits / options.temperature;
    if (options.topK > 0 && options.topK < logits.size(0)) {
        auto kth = std::get<0>(logits.topk(options.topK)).min();
        logits = logits.masked_fill(logits < kth, -std::numeric_limits<float>::infinity());
    }
    auto probs = torch::softmax(logits, 0);
    return int32_t(torch::multinomial(probs, 1, false, generator).item<int64_t>());
}

} // namespace

std::vector<int32_t> generateTokens(model::Transformer& model, const std::vector<int32_t>& prompt,
                                    const SamplingOptions& options, const std::function<bool(int32_t)>& onToken)
{
    const auto& config = model->config();
    if (prompt.empty())
        throw Error("generation needs at least one prompt token");
    const int64_t budget = std::min<int64_t>(options.maxNewTokens, config.context_length - 1);
    if (budget <= 0)
        return {};
    std::vector<int32_t> context(prompt);
    const size_t keep = size_t(config.context_length - budget);
    if (context.size() > keep)
        context.erase(context.begin(), context.end() - std::ptrdiff_t(keep));

    torch::NoGradGuard noGrad;
    const bool wasTraining = model->is_training();
    model->eval();
    auto device = model->parameters().front().device();
    auto dtype = model->parameters().front().scalar_type();
    model::KvCache cache(config, 1, int64_t(context.size()) + budget, torch::TensorOptions().dtype(dtype).device(device));
    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);

    std::vector<int64_t> ids(context.begin(), context.end());
    torch::Tensor input = torch::tensor(ids, torch::kLong).view({1, -1}).to(device);
    std::vector<int32_t> produced;
    for (int64_t i = 0; i < budget; ++i) {
        torch::Tensor logits = model->forward(input, &cache); // (1, T, V)
        int32_t next = pickToken(logits[0][logits.size(1) - 1], options, generator);
        if (options.stopToken && next == *options.stopToken)
            break;
        produced.push_back(next);
        if (onToken && !onToken(next))
            break;
        input = torch::full({1, 1}, int64_t(next), torch::TensorOptions().dtype(torch::kLong).device(device));
    }
    if (wasTraining)
        model->train();
    return produced;
}

} // namespace lw::generate

#include "core/eval/token_log_probs.h"

#include <algorithm>

namespace lw::eval {

namespace {

// 256 rows of GPT-2's logits are 51 MB of floats: large enough that the head's matmul
// runs at BLAS speed, small enough to stay out of the way of the model's own buffers.
constexpr int64_t kHeadChunkRows = 256;

} // namespace

RowLogProbs targetLogProbs(model::Transformer& model, const torch::Tensor& hidden, const torch::Tensor& targets)
{
    const int64_t n = hidden.size(0);
    const auto onDevice = targets.to(hidden.device(), torch::kLong);
    std::vector<torch::Tensor> logprobs, greedy;
    for (int64_t start = 0; start < n; start += kHeadChunkRows) {
        const int64_t rows = std::min(kHeadChunkRows, n - start);
        // Float32 at least: bf16 logits would round each log-probability to 3 digits.
        auto logits = model->logitsOf(hidden.narrow(0, start, rows));
        if (logits.scalar_type() != torch::kDouble)
            logits = logits.to(torch::kFloat);
        const auto target = onDevice.narrow(0, start, rows).unsqueeze(1);
        const auto picked = logits.gather(1, target).squeeze(1);
        logprobs.push_back((picked - logits.logsumexp(1)).to(torch::kCPU, torch::kDouble));
        greedy.push_back(logits.argmax(1).eq(target.squeeze(1)).to(torch::kCPU));
    }
    if (logprobs.empty())
        return {torch::empty({0}, torch::kDouble), torch::empty({0}, torch::kBool)};
    return {torch::cat(logprobs), torch::cat(greedy)};
}

} // namespace lw::eval

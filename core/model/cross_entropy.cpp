#include "core/model/cross_entropy.h"

#include "core/model/vector_math.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>

namespace lw::model {

namespace {

// Rows per chunk. The three products per chunk have the chunk as one dimension: at 256
// rows the weight-gradient product (inner dimension = chunk) ran at ~80% of the rate it
// reaches at 512 (measured with vocab 8192, d_model 384, OpenBLAS SkylakeX kernels);
// 1024 and 2048 gained nothing more. Logits scratch: 512 x vocab floats (16 MB here).
static const int64_t kRowChunk = std::getenv("LW_CE_CHUNK") ? std::atoll(std::getenv("LW_CE_CHUNK")) : 512; // TUNING-TEMP

class FusedLinearCrossEntropy : public torch::autograd::Function<FusedLinearCrossEntropy> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& hiddenIn,
                                 const torch::Tensor& weightIn, const torch::Tensor& targetsIn)
    {
        torch::Tensor hidden = hiddenIn.contiguous(), weight = weightIn.contiguous();
        torch::Tensor targets = targetsIn.to(torch::kLong).contiguous();
        const int64_t n = hidden.size(0), vocab = weight.size(0);
        const bool wantGrad = hiddenIn.requires_grad() || weightIn.requires_grad();
        // A frozen output weight (adapter fine-tuning) needs no gradient: skipping it saves
        // a third of this layer's backward work.
        const bool wantWeightGrad = weightIn.requires_grad();
        const int64_t* target = targets.data_ptr<int64_t>();
        int64_t valid = 0;
        for (int64_t i = 0; i < n; ++i) {
            if (target[i] >= vocab || target[i] < -1)
                throw Error("target token id " + std::to_string(target[i]) + " is outside the vocabulary of " +
                            std::to_string(vocab));
            valid += target[i] >= 0;
        }
        const float invValid = valid > 0 ? 1.0f / float(valid) : 0.0f;

        torch::Tensor gradHidden, gradWeight;
        if (wantGrad) {
            gradHidden = torch::empty_like(hidden);
            if (wantWeightGrad)
                gradWeight = torch::empty_like(weight); // the first chunk writes it, later ones add
        }
        torch::Tensor logits = torch::empty({std::min(kRowChunk, n), vocab}, hidden.options());
        std::vector<double> rowLoss(size_t(n), 0.0);
        for (int64_t row0 = 0; row0 < n; row0 += kRowChunk) {
            const int64_t rows = std::min(kRowChunk, n - row0);
            auto h = hidden.narrow(0, row0, rows);
            auto chunk = logits.narrow(0, 0, rows);
            torch::mm_out(chunk, h, weight.t());
            float* base = chunk.data_ptr<float>();
            at::parallel_for(0, rows, 16, [&](int64_t begin, int64_t end) {
                for (int64_t r = begin; r < end; ++r) {
                    float* row = base + r * vocab;
                    const int64_t t = target[row0 + r];
                    const float maxLogit = vmath::maxOf(row, vocab);
                    const float targetLogit = t >= 0 ? row[t] : 0.0f;
                    const float sum = vmath::expShiftedSum(row, row, vocab, maxLogit);
                    if (t >= 0)
                        rowLoss[size_t(row0 + r)] = double(maxLogit) + std::log(double(sum)) - double(targetLogit);
                    if (!wantGrad)
                        continue;
                    // d(mean loss)/d(logits) = (softmax - one_hot) / valid; ignored rows get zero.
                    vmath::scale(row, vocab, t >= 0 ? invValid / sum : 0.0f);
                    if (t >= 0)
                        row[t] -= invValid;
                }
            });
            if (wantGrad) {
                auto gh = gradHidden.narrow(0, row0, rows);
                torch::mm_out(gh, chunk, weight);
                if (!wantWeightGrad)
                    continue;
                if (row0 == 0)
                    torch::mm_out(gradWeight, chunk.t(), h);
                else
                    gradWeight.addmm_(chunk.t(), h);
            }
        }
        if (wantWeightGrad && n == 0)
            gradWeight.zero_();
        double total = 0.0;
        for (double l : rowLoss)
            total += l;
        if (wantGrad)
            ctx->save_for_backward({gradHidden, wantWeightGrad ? gradWeight : torch::zeros({0}, hidden.options())});
        ctx->saved_data["weight_grad"] = wantWeightGrad;
        return torch::full({}, valid > 0 ? total / double(valid) : 0.0, hidden.options());
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        auto saved = ctx->get_saved_variables();
        torch::Tensor g = gradOutputs[0];
        // The loss is usually the graph's root (gradient exactly 1): skip the scaling then.
        const bool unit = g.numel() == 1 && g.item<float>() == 1.0f;
        torch::Tensor gradWeight;
        if (ctx->saved_data["weight_grad"].toBool())
            gradWeight = unit ? saved[1] : saved[1] * g;
        return {unit ? saved[0] : saved[0] * g, gradWeight, torch::Tensor()};
    }
};

} // namespace

torch::Tensor linearCrossEntropyReference(const torch::Tensor& hidden, const torch::Tensor& weight,
                                          const torch::Tensor& targets)
{
    auto logits = torch::mm(hidden, weight.t());
    if (c10::elementSize(logits.scalar_type()) < 4)
        logits = logits.to(torch::kFloat); // 16-bit logits lose too much in log-softmax
    return torch::nn::functional::cross_entropy(
        logits, targets.to(torch::kLong), torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-1));
}

torch::Tensor linearCrossEntropy(const torch::Tensor& hidden, const torch::Tensor& weight, const torch::Tensor& targets)
{
    if (hidden.device().is_cpu() && hidden.scalar_type() == torch::kFloat && weight.scalar_type() == torch::kFloat)
        return FusedLinearCrossEntropy::apply(hidden, weight, targets);
    return linearCrossEntropyReference(hidden, weight, targets);
}

} // namespace lw::model

#include "core/finetune/sequence_logprobs.h"

#include "core/util/error.h"

#include <string>

namespace lw::finetune {

namespace {

// "[2, 5, 8]", or "none" for an undefined tensor.
std::string describeShape(const torch::Tensor& t)
{
    return t.defined() ? c10::str(t.sizes()) : std::string("none");
}

// 16-bit logits lose too much in a log-softmax over a large vocabulary: work in float then.
torch::ScalarType logitDtype(const torch::Tensor& hidden)
{
    return c10::elementSize(hidden.scalar_type()) < 4 ? torch::kFloat : hidden.scalar_type();
}

torch::Tensor chunkLogits(const torch::Tensor& rows, const torch::Tensor& weight)
{
    return torch::mm(rows, weight.t()).to(logitDtype(rows)); // (rows, V)
}

// log p(target) of each row of `rows` (N, C) under softmax(rows @ W^T): (N). Forward
// keeps no logits; backward recomputes each chunk's and turns it into the gradient
// g * (one_hot(target) - softmax) straight away.
class TargetLogProbs : public torch::autograd::Function<TargetLogProbs> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& rows,
                                 const torch::Tensor& weight, const torch::Tensor& targets, int64_t rowsPerChunk)
    {
        ctx->save_for_backward({rows, weight, targets});
        ctx->saved_data["rowsPerChunk"] = rowsPerChunk;
        const int64_t n = rows.size(0);
        auto out = torch::empty({n}, rows.options().dtype(logitDtype(rows)));
        for (int64_t row0 = 0; row0 < n; row0 += rowsPerChunk) {
            const int64_t count = std::min(rowsPerChunk, n - row0);
            auto logits = chunkLogits(rows.narrow(0, row0, count), weight);
            auto target = targets.narrow(0, row0, count).unsqueeze(1);
            out.narrow(0, row0, count).copy_(logits.gather(1, target).squeeze(1) - logits.logsumexp(1));
        }
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        const torch::Tensor &rows = saved[0], &weight = saved[1], &targets = saved[2];
        const int64_t rowsPerChunk = ctx->saved_data["rowsPerChunk"].toInt();
        const bool wantRows = ctx->needs_input_grad(0), wantWeight = ctx->needs_input_grad(1);
        if (!wantRows && !wantWeight)
            return {torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
        const torch::Tensor grad = gradOutputs[0].to(logitDtype(rows));
        const int64_t n = rows.size(0);
        torch::Tensor gradRows = wantRows ? torch::empty_like(rows) : torch::Tensor();
        // Summed over chunks in the logits' precision, so 16-bit weights do not round at every chunk.
        torch::Tensor gradWeight =
            wantWeight ? torch::zeros(weight.sizes(), weight.options().dtype(logitDtype(rows))) : torch::Tensor();
        for (int64_t row0 = 0; row0 < n; row0 += rowsPerChunk) {
            const int64_t count = std::min(rowsPerChunk, n - row0);
            auto chunkRows = rows.narrow(0, row0, count);
            auto g = grad.narrow(0, row0, count).unsqueeze(1);
            // d log p(t) / d logits = one_hot(t) - softmax(logits), times the incoming gradient.
            auto gradLogits = chunkLogits(chunkRows, weight).softmax(1).mul_(-g);
            gradLogits.scatter_add_(1, targets.narrow(0, row0, count).unsqueeze(1), g);
            gradLogits = gradLogits.to(weight.scalar_type());
            if (wantRows)
                gradRows.narrow(0, row0, count).copy_(torch::mm(gradLogits, weight));
            if (wantWeight)
                gradWeight.add_(torch::mm(gradLogits.t(), chunkRows));
        }
        if (wantWeight)
            gradWeight = gradWeight.to(weight.scalar_type());
        return {gradRows, gradWeight, torch::Tensor(), torch::Tensor()};
    }
};

void checkShapes(const torch::Tensor& hidden, const torch::Tensor& outputWeight, const torch::Tensor& targets,
                 const torch::Tensor& mask, int64_t rowsPerChunk)
{
    if (!hidden.defined() || hidden.dim() != 3 || !hidden.is_floating_point())
        throw Error::inField("hidden", "must be a floating-point (B, T, C) tensor, got " + describeShape(hidden));
    if (!outputWeight.defined() || outputWeight.dim() != 2 || outputWeight.size(1) != hidden.size(2) ||
        outputWeight.scalar_type() != hidden.scalar_type())
        throw Error::inField("outputWeight", "must be (V, " + std::to_string(hidden.size(2)) +
                                                 ") of hidden's dtype, got " + describeShape(outputWeight));
    const auto bt = hidden.sizes().slice(0, 2);
    if (!targets.defined() || targets.sizes() != bt || targets.is_floating_point() || targets.is_complex() ||
        targets.scalar_type() == torch::kBool)
        throw Error::inField("targets", "must be integer token ids of hidden's (B, T), got " + describeShape(targets));
    if (!mask.defined() || mask.sizes() != bt)
        throw Error::inField("mask", "must have hidden's (B, T), got " + describeShape(mask));
    if (rowsPerChunk < 1)
        throw Error::inField("rowsPerChunk", "must be at least 1, got " + std::to_string(rowsPerChunk));
}

// Every counted target must index the vocabulary; the first that does not is named by its (b, t).
void checkTargets(const torch::Tensor& rowTargets, const torch::Tensor& flatIndex, int64_t vocab, int64_t length)
{
    if (rowTargets.numel() == 0)
        return;
    auto bad = (rowTargets < 0).logical_or_(rowTargets >= vocab);
    if (!bad.any().item<bool>())
        return;
    const int64_t first = bad.nonzero()[0][0].item<int64_t>();
    const int64_t position = flatIndex[first].item<int64_t>();
    throw Error::inField("targets", "token id " + std::to_string(rowTargets[first].item<int64_t>()) +
                                        " at sequence " + std::to_string(position / length) + ", position " +
                                        std::to_string(position % length) + " is outside the vocabulary of " +
                                        std::to_string(vocab));
}

} // namespace

SequenceLogProbs sequenceLogProbs(const torch::Tensor& hidden, const torch::Tensor& outputWeight,
                                  const torch::Tensor& targets, const torch::Tensor& mask, int64_t rowsPerChunk)
{
    checkShapes(hidden, outputWeight, targets, mask, rowsPerChunk);
    const int64_t batch = hidden.size(0), length = hidden.size(1), channels = hidden.size(2);
    const auto device = hidden.device();
    auto counted = mask.to(device).ne(0); // (B, T) bool
    auto flatIndex = counted.reshape({-1}).nonzero().squeeze(1); // (N) positions in B*T order
    auto rowTargets = targets.to(device).reshape({-1}).index_select(0, flatIndex).to(torch::kLong);
    checkTargets(rowTargets, flatIndex, outputWeight.size(0), length);

    auto rows = hidden.reshape({batch * length, channels}).index_select(0, flatIndex); // (N, C)
    auto rowLogProbs = TargetLogProbs::apply(rows, outputWeight, rowTargets, rowsPerChunk);
    auto sequence = torch::div(flatIndex, length, "floor");
    SequenceLogProbs result;
    result.sum = torch::zeros({batch}, rowLogProbs.options()).index_add(0, sequence, rowLogProbs);
    result.tokens = counted.sum(1).to(torch::kLong);
    return result;
}

} // namespace lw::finetune

namespace lw::finetune {

SequenceLogProbs sequenceLogProbsOfLogits(const torch::Tensor& logits, const torch::Tensor& targets,
                                          const torch::Tensor& mask)
{
    const torch::Tensor counted = mask.to(torch::kBool);
    const torch::Tensor safeTargets = torch::where(counted, targets, torch::zeros_like(targets));
    const torch::Tensor logProbs = torch::log_softmax(logits.to(torch::kFloat), -1)
                                       .gather(-1, safeTargets.unsqueeze(-1))
                                       .squeeze(-1);
    SequenceLogProbs out;
    out.sum = (logProbs * counted.to(torch::kFloat)).sum(1);
    out.tokens = counted.sum(1).to(torch::kLong);
    return out;
}

} // namespace lw::finetune

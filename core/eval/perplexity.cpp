#include "core/eval/perplexity.h"

#include "core/eval/token_log_probs.h"
#include "core/generate/eval_mode_guard.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>

namespace lw::eval {

namespace {

// Windows of equal length go through the model together until a pass holds this many
// positions. A full GPT-2 window (1024) is already a large matrix product and runs
// alone; short windows gain from filling the product's rows.
constexpr int64_t kPositionsPerPass = 1024;

} // namespace

PerplexityOptions resolvePerplexityOptions(const PerplexityOptions& options, int64_t modelContext)
{
    PerplexityOptions r;
    r.context = options.context > 0 ? options.context : modelContext;
    if (options.context < 0)
        throw Error::inField("context", "must be at least 1 token");
    if (r.context > modelContext)
        throw Error::inField("context", std::to_string(r.context) + " tokens is longer than the model's context of " +
                                            std::to_string(modelContext));
    if (options.stride < 0)
        throw Error::inField("stride", "must be at least 1 token");
    r.stride = options.stride > 0 ? options.stride : std::max<int64_t>(1, r.context / 2);
    if (r.stride > r.context)
        throw Error::inField("stride", "a stride of " + std::to_string(r.stride) +
                                           " would skip tokens: it must be at most the context (" +
                                           std::to_string(r.context) + ")");
    return r;
}

std::vector<WindowSpan> perplexityWindows(int64_t tokens, int64_t context, int64_t stride)
{
    if (tokens < 2)
        throw Error::inField("text", "perplexity needs at least two tokens (the first is never scored)");
    if (context < 1 || stride < 1 || stride > context)
        throw Error::inField("stride", "needs 1 <= stride <= context");
    std::vector<WindowSpan> windows;
    int64_t scoredUpTo = 0; // targets [1, scoredUpTo] are scored
    for (int64_t begin = 0; scoredUpTo < tokens - 1; begin += stride) {
        WindowSpan w;
        w.begin = begin;
        w.end = std::min(begin + context, tokens - 1);
        w.firstTarget = scoredUpTo + 1;
        windows.push_back(w);
        scoredUpTo = w.end;
    }
    return windows;
}

WindowPass windowPass(const std::vector<int32_t>& tokens, const std::vector<WindowSpan>& windows, size_t first)
{
    if (first >= windows.size())
        throw Error("perplexity: window " + std::to_string(first) + " of " + std::to_string(windows.size()));
    const int64_t length = windows[first].end - windows[first].begin;
    size_t last = first + 1;
    while (last < windows.size() && windows[last].end - windows[last].begin == length &&
           int64_t(last - first + 1) * length <= kPositionsPerPass)
        ++last;
    const int64_t batch = int64_t(last - first);
    std::vector<int64_t> input, rows, targets;
    input.reserve(size_t(batch * length));
    for (int64_t b = 0; b < batch; ++b) {
        const WindowSpan& w = windows[first + size_t(b)];
        input.insert(input.end(), tokens.begin() + w.begin, tokens.begin() + w.end);
        // Row i of the window (input w.begin + i) predicts target w.begin + i + 1.
        for (int64_t t = w.firstTarget; t <= w.end; ++t) {
            rows.push_back(b * length + (t - 1 - w.begin));
            targets.push_back(tokens[size_t(t)]);
        }
    }
    WindowPass pass;
    pass.first = first;
    pass.last = last;
    pass.input = torch::tensor(input, torch::kInt64).view({batch, length});
    pass.rows = torch::tensor(rows, torch::kInt64);
    pass.targets = torch::tensor(targets, torch::kInt64);
    return pass;
}

torch::Tensor scoringHidden(model::Transformer& model, const WindowPass& pass)
{
    const auto device = model->parameters().front().device();
    const auto hidden = model->hidden(pass.input.to(device));
    return hidden.reshape({hidden.size(0) * hidden.size(1), -1}).index_select(0, pass.rows.to(device));
}

PerplexityResult computePerplexity(model::Transformer model, const std::vector<int32_t>& tokens, int64_t textBytes,
                                   const PerplexityOptions& options, const std::function<bool(double)>& progress)
{
    const PerplexityOptions resolved = resolvePerplexityOptions(options, model->config().context_length);
    const auto windows = perplexityWindows(int64_t(tokens.size()), resolved.context, resolved.stride);
    // The model's own forward (BLAS matrix products and the fused attention), not the
    // fused CPU decoder: a window is a prefill of N rows, where one GEMM per weight beats
    // the decoder's kernels (built for a few rows per weight pass), and the decoder
    // returns only the last position's logits.
    c10::InferenceMode inference;
    generate::EvalModeGuard evalMode(model);

    PerplexityResult result;
    result.context = resolved.context;
    result.stride = resolved.stride;
    result.bytes = textBytes;
    result.windows.reserve(windows.size());
    for (size_t next = 0; next < windows.size();) {
        const WindowPass pass = windowPass(tokens, windows, next);
        const auto logprobs = targetLogProbs(model, scoringHidden(model, pass), pass.targets).logprobs;
        const double* lp = logprobs.data_ptr<double>();
        for (size_t k = pass.first; k < pass.last; ++k) {
            const WindowSpan& w = windows[k];
            PerplexityWindow out;
            out.begin = w.begin;
            out.scored = w.scored();
            for (int64_t i = 0; i < out.scored; ++i)
                out.nll -= *lp++;
            result.nll += out.nll;
            result.tokens += out.scored;
            result.windows.push_back(out);
        }
        next = pass.last;
        if (progress && !progress(double(next) / double(windows.size())))
            throw Error("cancelled");
    }
    result.perplexity = std::exp(result.nll / double(result.tokens));
    result.bitsPerByte = textBytes > 0 ? result.nll / std::log(2.0) / double(textBytes) : 0.0;
    return result;
}

} // namespace lw::eval

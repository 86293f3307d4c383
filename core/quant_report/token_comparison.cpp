#include "core/quant_report/token_comparison.h"

#include "core/generate/eval_mode_guard.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>

namespace lw::quant_report {

namespace {

// Rows of both models' logits turned into double log-probabilities at once: 64 rows of
// GPT-2's vocabulary are 26 MB per tensor in double, and a few such tensors are alive.
constexpr int64_t kRowsPerChunk = 64;

struct MeanAndError {
    double mean = 0, stderror = 0;
};

MeanAndError meanAndError(const std::vector<double>& values)
{
    MeanAndError r;
    const double n = double(values.size());
    for (double v : values)
        r.mean += v;
    r.mean /= n;
    double squares = 0;
    for (double v : values)
        squares += (v - r.mean) * (v - r.mean);
    r.stderror = values.size() > 1 ? std::sqrt(squares / n / (n - 1)) : 0.0;
    return r;
}

// The covariance of the two means (llama.cpp's: the biased covariance over n - 1).
double covarianceOfMeans(const std::vector<double>& a, double meanA, const std::vector<double>& b, double meanB)
{
    const double n = double(a.size());
    if (a.size() < 2)
        return 0;
    double sum = 0;
    for (size_t i = 0; i < a.size(); ++i)
        sum += (a[i] - meanA) * (b[i] - meanB);
    return sum / n / (n - 1);
}

void append(std::vector<double>& out, const torch::Tensor& values)
{
    const auto v = values.contiguous();
    out.insert(out.end(), v.data_ptr<double>(), v.data_ptr<double>() + v.numel());
}

} // namespace

TokenComparison compareNextTokens(model::Transformer model, model::Transformer reference,
                                  const std::vector<int32_t>& tokens, const eval::PerplexityOptions& options,
                                  const std::function<bool(double)>& progress)
{
    if (model->config().vocab_size != reference->config().vocab_size)
        throw Error("the models have vocabularies of " + std::to_string(model->config().vocab_size) + " and " +
                    std::to_string(reference->config().vocab_size) + " tokens");
    const int64_t context = std::min(model->config().context_length, reference->config().context_length);
    const eval::PerplexityOptions resolved = eval::resolvePerplexityOptions(options, context);
    const auto windows = eval::perplexityWindows(int64_t(tokens.size()), resolved.context, resolved.stride);
    c10::InferenceMode inference;
    generate::EvalModeGuard evalModel(model), evalReference(reference);

    TokenComparison out;
    for (size_t next = 0; next < windows.size();) {
        const eval::WindowPass pass = eval::windowPass(tokens, windows, next);
        const auto hidden = eval::scoringHidden(model, pass);
        const auto hiddenReference = eval::scoringHidden(reference, pass);
        for (int64_t start = 0; start < hidden.size(0); start += kRowsPerChunk) {
            const int64_t rows = std::min(kRowsPerChunk, hidden.size(0) - start);
            const auto logp = model->logitsOf(hidden.narrow(0, start, rows)).to(torch::kCPU, torch::kDouble).log_softmax(1);
            const auto logpRef =
                reference->logitsOf(hiddenReference.narrow(0, start, rows)).to(torch::kCPU, torch::kDouble).log_softmax(1);
            const auto target = pass.targets.narrow(0, start, rows).unsqueeze(1);
            // KL per row as a dot product of p_ref with the log-ratio. The logits are
            // finite floats, so log p_ref is finite and a p_ref that underflows to 0 adds 0.
            const auto logRatio = logpRef - logp;
            append(out.kl, logpRef.exp().unsqueeze(1).bmm(logRatio.unsqueeze(2)).view({rows}));
            append(out.nll, -logp.gather(1, target).squeeze(1));
            append(out.nllReference, -logpRef.gather(1, target).squeeze(1));
            const auto same = logp.argmax(1).eq(logpRef.argmax(1)).to(torch::kUInt8).contiguous();
            out.sameTop.insert(out.sameTop.end(), same.data_ptr<uint8_t>(), same.data_ptr<uint8_t>() + same.numel());
        }
        next = pass.last;
        if (progress && !progress(double(next) / double(windows.size())))
            throw Error("cancelled");
    }
    return out;
}

double percentileOfSorted(const std::vector<double>& sorted, double fraction)
{
    if (sorted.empty())
        throw Error("percentile of no values");
    if (fraction <= 0)
        return sorted.front();
    if (fraction >= 1)
        return sorted.back();
    const double position = fraction * double(sorted.size() - 1);
    const size_t below = size_t(position);
    const double above = position - double(below);
    return (1 - above) * sorted[below] + above * sorted[std::min(below + 1, sorted.size() - 1)];
}

ComparisonSummary summarizeComparison(const TokenComparison& c)
{
    if (c.kl.empty())
        throw Error("the comparison scored no token");
    ComparisonSummary s;
    s.tokens = int64_t(c.kl.size());
    const double n = double(s.tokens);
    const MeanAndError nll = meanAndError(c.nll), nllReference = meanAndError(c.nllReference);
    s.ppl = std::exp(nll.mean);
    s.pplStderr = s.ppl * nll.stderror; // d exp(x) = exp(x) dx
    s.pplReference = std::exp(nllReference.mean);
    s.pplReferenceStderr = s.pplReference * nllReference.stderror;
    s.lnPplRatio = nll.mean - nllReference.mean;
    const double covariance = covarianceOfMeans(c.nll, nll.mean, c.nllReference, nllReference.mean);
    s.lnPplRatioStderr = std::sqrt(std::max(0.0, nll.stderror * nll.stderror +
                                                     nllReference.stderror * nllReference.stderror - 2 * covariance));
    const MeanAndError kl = meanAndError(c.kl);
    s.klMean = kl.mean;
    s.klStderr = kl.stderror;
    std::vector<double> sorted = c.kl;
    std::sort(sorted.begin(), sorted.end());
    s.klMedian = percentileOfSorted(sorted, 0.5);
    s.klP90 = percentileOfSorted(sorted, 0.90);
    s.klP95 = percentileOfSorted(sorted, 0.95);
    s.klP99 = percentileOfSorted(sorted, 0.99);
    s.klMax = sorted.back();
    int64_t same = 0;
    for (uint8_t v : c.sameTop)
        same += v;
    s.top1Agreement = double(same) / n;
    s.top1AgreementStderr = s.tokens > 1 ? std::sqrt(s.top1Agreement * (1 - s.top1Agreement) / (n - 1)) : 0.0;
    return s;
}

} // namespace lw::quant_report

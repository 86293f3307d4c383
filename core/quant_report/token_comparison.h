#pragma once
// Two models read the same token stream through the same sliding windows as
// core/eval's perplexity (eval::windowPass), and every scored token compares their
// next-token distributions: both negative log-likelihoods, the KL divergence
// KL(P_reference || P_model) = sum_v p_ref(v) (ln p_ref(v) - ln p_model(v)) computed
// from log_softmax in double, and whether their most likely tokens agree.
//
// The summary follows llama-perplexity --kl-divergence: PPL = exp(mean NLL) with
// uncertainty PPL * se(NLL); ln(PPL(Q)/PPL(base)) = mean NLL - mean NLL_base with
// se = sqrt(se_q^2 + se_base^2 - 2 cov(mean NLL, mean NLL_base)); the mean KL with its
// standard error; the median, percentiles (linear between the sorted values at
// fraction * (n - 1)) and maximum of the per-token KL; "same top p", the share of
// tokens whose top-1 agrees, with sqrt(p (1 - p) / (n - 1)). A standard error is
// sqrt(biased variance / (n - 1)), 0 for fewer than 2 tokens.
#include "core/eval/perplexity.h"
#include "core/model/transformer.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace lw::quant_report {

// One value per scored token, in stream order (token 1 first).
struct TokenComparison {
    std::vector<double> nll, nllReference, kl;
    std::vector<uint8_t> sameTop;
};

// `model` and `reference` must share the vocabulary (the caller checks the tokenizers).
// progress(fraction of windows done) returning false cancels: lw::Error "cancelled".
TokenComparison compareNextTokens(model::Transformer model, model::Transformer reference,
                                  const std::vector<int32_t>& tokens, const eval::PerplexityOptions& options,
                                  const std::function<bool(double)>& progress = {});

struct ComparisonSummary {
    int64_t tokens = 0;
    double ppl = 0, pplStderr = 0;
    double pplReference = 0, pplReferenceStderr = 0;
    double lnPplRatio = 0, lnPplRatioStderr = 0;
    double klMean = 0, klStderr = 0, klMedian = 0, klP90 = 0, klP95 = 0, klP99 = 0, klMax = 0;
    double top1Agreement = 0, top1AgreementStderr = 0;
};

// lw::Error when there is no token.
ComparisonSummary summarizeComparison(const TokenComparison& comparison);

// The value at `fraction` of the sorted values, linear between neighbours (llama.cpp's percentile).
double percentileOfSorted(const std::vector<double>& sorted, double fraction);

} // namespace lw::quant_report

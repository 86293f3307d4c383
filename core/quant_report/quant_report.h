#pragma once
// The quality report of a quantized model (or any other) against the model it came
// from: perplexity of both and the KL divergence of their next-token distributions on
// the same text (token_comparison.h), top-1 agreement, size on disk and in memory,
// bits per weight, per-matrix and per-layer relative error of the weights
// (model_footprint.h), and decode and prefill speed of both on this machine. It is
// stored as an evaluation with task "quant_report": the summary holds every figure,
// the examples one row per matrix.
#include "core/catalog/model_loader.h"
#include "core/eval/eval_tasks.h"
#include "core/store/project.h"

#include <cstdint>
#include <string>

namespace lw::quant_report {

struct QuantReportSettings {
    eval::PerplexityTaskSettings data; // --dataset or --text-file, context and stride
    int64_t maxTokens = 0;             // score only the first T tokens of the text; 0: all
    bool speed = true;                 // time decode and prefill of both models
    int64_t speedPromptTokens = 64;
    int64_t speedNewTokens = 32;
    int64_t speedRuns = 2; // timed, after one warm-up
};

// The ids of `text` (with the prompt prefix) that both models read; lw::Error naming both
// models unless they share the vocabulary: as many embedding rows, the same bytes for
// every id both tokenizers have, and the same ids for `text`.
std::vector<int32_t> encodeForBoth(const catalog::LoadedModel& model, const catalog::LoadedModel& reference,
                                   const std::string& text);

struct ModelSpeed {
    double decodeTokensPerS = 0;
    double prefillTokensPerS = 0;
    std::string runner; // which forward pass ran ("fused CPU, fp32 weights, ...")
};

// Greedy generation from the first tokens of `prompt` (a short prompt: at most half the
// context), timed `runs` times after a warm-up; the fastest run counts (other load on
// the machine only slows a run down). A model with stored matrices decodes from them.
ModelSpeed measureSpeed(catalog::LoadedModel& loaded, const std::vector<int32_t>& prompt,
                        const QuantReportSettings& settings);

// The report of `model` against `reference` (both loaded, named by their specs as the
// user gave them). progress(fraction, stage) returning false cancels: lw::Error.
eval::TaskOutcome runQuantReport(const store::Project& project, const std::string& modelSpec,
                                 catalog::LoadedModel& model, const std::string& referenceSpec,
                                 catalog::LoadedModel& reference, const QuantReportSettings& settings,
                                 const eval::TaskProgress& progress = {});

} // namespace lw::quant_report

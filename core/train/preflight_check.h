#pragma once
// What every pre-flight check reports, pretraining (train_check.h) or fine-tune
// (core/finetune/finetune_check.h): findings in plain words, and what the run will cost
// (memory by part, time per step timed on a few real steps, disk for the checkpoints it
// keeps), with the one formula for each estimate and the report's shared text and JSON.
#include "core/model/model_config.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::train {

struct CheckFinding {
    std::string severity; // "error", "warning"
    std::string code;     // stable identifier: "all_masked", "vocabulary_too_small", ...
    std::string message;
};

struct MemoryEstimate {
    int64_t weights = 0, gradients = 0, optimizer = 0, activations = 0;
    int64_t total() const { return weights + gradients + optimizer + activations; }
};

struct PreflightReport {
    std::vector<CheckFinding> findings;
    MemoryEstimate memory;
    int64_t maxSteps = 0;
    double secondsPerStep = 0, totalSeconds = 0; // 0 when a blocking finding left nothing to time
    int64_t checkpointBytes = 0;                 // every checkpoint the run keeps at once

    bool blocking() const; // any error
    void add(const char* severity, const char* code, const std::string& message);
    // findings, blocking, memory, max_steps, seconds_per_step, total_seconds, checkpoint_bytes
    nlohmann::json costJson() const;
    // The memory, time and disk lines, then the findings ("no problems found" when none).
    std::string costAndFindingsText() const;
};

// The scores a model's head outputs: a language model's `width` = vocabulary scores for
// every token, or a classifier's `width` = one score per class for each row's last token.
struct OutputLogits {
    int64_t width = 0;
    bool perToken = true;

    static OutputLogits everyToken(const model::ModelConfig& m) { return {m.vocab_size, true}; }
    static OutputLogits lastTokenOnly(int64_t width) { return {width, false}; }
};

// Memory of training a model of shape `m` whose weights take `weightBytes`, with
// `trainableParameters` trained by AdamW (float32 gradients and two moments) on batches
// of `sequencesPerBatch` sequences of `context` tokens. Activations kept for the backward
// pass, per token and layer: the normalised inputs, q/k/v, the attention output, the
// MLP's inputs and activations, the residual stream (about 8 d_model + 3 ff floats);
// per token once: the final norm's input and output (2 d_model); and the `logits`, per
// token or once per sequence.
MemoryEstimate estimateTrainingMemory(const model::ModelConfig& m, int64_t weightBytes, int64_t trainableParameters,
                                      int64_t sequencesPerBatch, int64_t context, const OutputLogits& logits);

// One checkpoint holding `parameters` float32 weights with AdamW's two moments.
int64_t checkpointBytesWithOptimizer(int64_t parameters);

// Mean seconds of `timedSteps` calls of `step`, after one untimed call that warms caches
// and allocators.
double timeSteps(int timedSteps, const std::function<void()>& step);

// "the learning rate 0.5 is far outside the usual range for <what> (low to high): ..."
// when `rate` is below low/10 or above high*10; empty otherwise.
std::string learningRateWarning(double rate, double low, double high, const std::string& what);

std::string mebibytesText(int64_t bytes); // "12.3 MiB"
std::string durationText(double seconds); // "0.42 s", "12 min", "3.5 h"

// A temporary folder, removed with everything in it.
class ScratchDir {
public:
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

} // namespace lw::train

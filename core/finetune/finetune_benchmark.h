#pragma once
// Fine-tuning throughput of each method (full, lora, qlora, dora) with SFT or DPO: the
// real step of FinetuneSession (forward, loss, backward, gradient norm, fused AdamW) on a
// model shape with random weights, timed over a few steps after warm-up, on rows from
// benchmark_rows.h. Reports step times, real (non-padding) tokens per second, the bytes
// of the tensors each method holds, measured from the tensors, and the process memory.
//
// Memory: VmHWM (the process's peak RSS) cannot be reset in-process, so with several
// methods in one process only the first method's peak is its own; later methods report
// their RSS growth. For a peak per method run one method per process
// (bench/compare_finetune.sh does).
#include "core/finetune/benchmark_rows.h"
#include "core/model/model_config.h"

#include <string>
#include <vector>

namespace lw::finetune {

struct FinetuneBenchmarkOptions {
    model::ModelConfig model;
    std::vector<std::string> methods{"lora"}; // full, lora, qlora, dora
    std::string objective = "sft";            // sft or dpo (reference log-probabilities cached first)
    int64_t batch = 4;                        // examples (padding), pairs (dpo) or rows of context inputs (packing)
    int64_t context = 256;
    int64_t steps = 5, warmupSteps = 2;
    int threads = 0;
    bool packing = false;
    uint64_t seed = 1;
    int64_t loraRank = 8;
    double loraAlpha = 16;
    double loraDropout = 0; // off, as in the PyTorch peer's LoRA layer
    BenchmarkRowSource rows;
    std::string workDir; // scratch: the rows' packed file and the reference cache
};

struct MethodBenchmark {
    std::string method;
    std::vector<double> stepMs;
    double msPerStep = 0;          // median
    double tokensPerStep = 0;      // real (non-padding) input tokens, median over the timed steps
    double slotsPerStep = 0;       // batch rows x their length, padding included
    double tokensPerSecond = 0;    // tokensPerStep / msPerStep
    double referenceMs = 0;        // DPO: the one pass that caches the reference log-probabilities
    std::vector<double> losses;
    int64_t totalParameters = 0;
    int64_t trainableParameters = 0;
    int64_t adapterParameterCount = 0; // peft::adapterParameterCount for the settings (adapter methods)
    int64_t weightBytes = 0;       // every model parameter as held, plus the NF4 base (qlora)
    int64_t trainableBytes = 0;
    int64_t gradientBytes = 0;
    int64_t optimizerStateBytes = 0;
    int64_t nf4BaseBytes = 0;      // qlora: codes, absmax codes and scales of the 4-bit base
    int64_t bf16BaseBytes = 0;     // qlora: the same weights converted to bf16
    int64_t fp32BaseBytes = 0;     // qlora: the same weights as they were (float32)
    int64_t rssBeforeBytes = 0;    // VmRSS before the method's model was built
    int64_t rssAfterBytes = 0;     // VmRSS after its timed steps
    int64_t peakRssBytes = 0;      // VmHWM after its timed steps (the process's peak so far)
};

struct FinetuneBenchmarkResult {
    int threads = 0;
    std::string blasCore;
    BenchmarkRowsSummary rows;
    std::vector<MethodBenchmark> methods;
};

FinetuneBenchmarkResult benchmarkFinetuning(const FinetuneBenchmarkOptions& options);

// "full", "lora", "qlora", "dora".
const std::vector<std::string>& finetuneMethodNames();

} // namespace lw::finetune

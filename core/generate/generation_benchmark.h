#pragma once
// Generation speed on a model shape with random weights: prefill of a random prompt,
// then greedy decoding of a fixed number of tokens through the same Generator the CLI
// and the Chat panel use (sampling included), timed over a few runs after a warm-up.
// Decoding a small batch on a CPU is bound by memory bandwidth (every weight is read
// once per step), so the read bandwidth of the same machine and thread count is
// measured in the same run and the decode's share of it reported.
#include "core/model/model_config.h"

#include <string>
#include <vector>

namespace lw::generate {

struct GenerationBenchmarkOptions {
    model::ModelConfig model;
    int64_t promptTokens = 32;
    int64_t newTokens = 128;
    int64_t runs = 3; // timed runs, after one untimed warm-up run
    int threads = 0;
    std::string device = "cpu";
    std::string dtype = "fp32"; // fp32 or bf16
    bool fusedCpu = true;       // false: the model's own forward with its KvCache
    // A method of core/quant/quant_mix.h ("q4_k_m", "int8", ...): the random matrices are
    // quantized with it first and the fused CPU decoder reads the stored blocks.
    std::string quant;
    // A GGUF file of this shape: when its matrices are stored quantized, the fused CPU
    // decoder reads them in their stored formats (the same blocks another tool reading
    // the file decodes from); the norms, biases and position embedding stay random.
    // A file whose matrices are all float leaves the float `dtype` path.
    std::string storedMatricesFile;
    uint64_t seed = 1;
};

struct GenerationBenchmarkResult {
    int64_t parameters = 0;
    int threads = 0;
    std::string runner;
    int64_t quantizedMatrixBytes = 0; // with quant or a quantized file: the stored matrices' bytes
    std::string storedFormats;        // "q4_K, q6_K": the formats decode reads, "" when float
    // Medians over the timed runs.
    double timeToFirstTokenMs = 0;
    double prefillMs = 0;
    double prefillTokensPerS = 0;
    double decodeMsPerToken = 0;
    double decodeTokensPerS = 0;
    std::vector<double> decodeMsPerTokenRuns;
    // Memory traffic of a decode step (fused CPU decoder only; 0 otherwise): every
    // weight, plus the cached keys and values attention reads (at the average position).
    double weightBytesPerToken = 0;
    double kvBytesPerToken = 0;
    double achievedBytesPerS = 0;   // (weight + kv bytes) / decode time per token
    double memoryReadBytesPerS = 0; // measured: 1 GiB read with the same threads
    double bandwidthFraction = 0;   // achieved / measured
};

GenerationBenchmarkResult benchmarkGeneration(const GenerationBenchmarkOptions& options);

// Best rate of reading (summing) a buffer of `bytes` with LibTorch's current thread
// count, over `repeats` passes after one to fault its pages in.
double measureReadBandwidth(int64_t bytes, int repeats = 5);

} // namespace lw::generate

#include "core/generate/generation_benchmark.h"

#include "core/generate/cpu_kernels.h"
#include "core/generate/generator.h"
#include "core/model/transformer.h"
#include "core/quant/quantize_model.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unistd.h>
#include <memory>
#include <random>

namespace lw::generate {

namespace {

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// The model's matrices quantized with `method`, through a GGUF file that is removed
// once mapped (the map keeps its pages).
std::shared_ptr<const gguf_model::GgufStoredMatrices> quantizedMatrices(model::Transformer& model,
                                                                         const std::string& method)
{
    const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                       ("llmwb-bench-" + std::to_string(::getpid()) + "-" + method + ".gguf");
    quant::QuantizeOptions options;
    options.method = method;
    options.source = "random weights";
    quant::quantizeModel(model, nullptr, path.string(), options);
    std::shared_ptr<const gguf_model::GgufStoredMatrices> stored;
    try {
        stored = gguf_model::GgufStoredMatrices::open(path.string());
    } catch (...) {
        std::filesystem::remove(path);
        throw;
    }
    std::filesystem::remove(path);
    if (!stored)
        throw Error::inField("quant", method + " left every matrix in float");
    return stored;
}

} // namespace

double measureReadBandwidth(int64_t bytes, int repeats)
{
    const int64_t n = bytes / int64_t(sizeof(float));
    std::unique_ptr<float[]> buffer(new float[size_t(n)]);
    at::parallel_for(0, n, 1 << 20, [&](int64_t begin, int64_t end) {
        std::fill(buffer.get() + begin, buffer.get() + end, 1.0f);
    });
    double best = 0;
    const int threads = at::get_num_threads();
    for (int pass = 0; pass <= repeats; ++pass) {
        std::vector<float> partial(size_t(threads), 0.0f);
        const auto start = std::chrono::steady_clock::now();
        at::parallel_for(0, threads, 1, [&](int64_t t0, int64_t t1) {
            for (int64_t t = t0; t < t1; ++t) {
                const int64_t begin = n * t / threads, end = n * (t + 1) / threads;
                partial[size_t(t)] = kernels::sumForBandwidth(buffer.get() + begin, end - begin);
            }
        });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        float total = 0;
        for (float p : partial)
            total += p;
        if (total != float(n) && total < 0) // keeps the sums alive
            throw Error("bandwidth check failed");
        if (pass > 0)
            best = std::max(best, double(bytes) / seconds);
    }
    return best;
}

GenerationBenchmarkResult benchmarkGeneration(const GenerationBenchmarkOptions& o)
{
    if (o.dtype != "fp32" && o.dtype != "bf16")
        throw Error::inField("dtype", "expected fp32 or bf16, got '" + o.dtype + "'");
    if (o.promptTokens <= 0 || o.newTokens <= 0 || o.runs <= 0)
        throw Error("bench generate: prompt tokens, new tokens and runs must be positive");
    if (o.promptTokens + o.newTokens > o.model.context_length)
        throw Error("bench generate: " + std::to_string(o.promptTokens + o.newTokens) +
                    " tokens do not fit the context of " + std::to_string(o.model.context_length));
    GenerationBenchmarkResult r;
    r.threads = util::configureThreads(o.threads);
    o.model.validate();
    model::Transformer model(o.model);
    model->initializeWeights(o.seed);
    r.parameters = o.model.parameterCount();
    torch::Device device(o.device);
    GeneratorOptions options;
    options.fusedCpu = o.fusedCpu;
    if (device.is_cpu() && o.fusedCpu) {
        options.weights = o.dtype;
    } else {
        model->to(device, o.dtype == "bf16" ? torch::kBFloat16 : torch::kFloat);
    }
    if (!o.quant.empty() && !o.storedMatricesFile.empty())
        throw Error::inField("quant", "give a method or a quantized file, not both");
    if (!o.quant.empty() || !o.storedMatricesFile.empty()) {
        if (!device.is_cpu() || !o.fusedCpu)
            throw Error::inField("quant", "quantized matrices run on the fused CPU decoder only");
        options.storedMatrices = !o.quant.empty() ? quantizedMatrices(model, o.quant)
                                                  : gguf_model::GgufStoredMatrices::open(o.storedMatricesFile);
        if (options.storedMatrices) {
            options.weights = "auto";
            r.quantizedMatrixBytes = options.storedMatrices->bytes();
        }
    }
    Generator generator(model, nullptr, options);
    r.runner = generator.runnerDescription();
    r.storedFormats = generator.storedFormats();
    r.weightBytesPerToken = double(generator.weightBytesPerStep());

    std::mt19937 random(uint32_t(o.seed));
    std::uniform_int_distribution<int32_t> anyToken(0, int32_t(o.model.vocab_size - 1));
    GenerationRequest request;
    for (int64_t i = 0; i < o.promptTokens; ++i)
        request.prompt.push_back(anyToken(random));
    request.settings.max_tokens = o.newTokens;
    request.settings.temperature = 0;
    request.settings.top_k = 0;
    request.settings.stop_at_eos = false;

    std::vector<double> ttft, prefillMs, prefillRate, decodeMs;
    for (int64_t run = 0; run <= o.runs; ++run) {
        generator.resetCache(); // every run prefills the whole prompt
        GenerationResult result = generator.generate(request);
        if (result.stats.generatedTokens != o.newTokens)
            throw Error("bench generate: generated " + std::to_string(result.stats.generatedTokens) + " tokens");
        if (run == 0)
            continue; // warm-up: page faults, thread pool start, first-touch of the cache
        ttft.push_back(result.stats.timeToFirstTokenMs);
        prefillMs.push_back(result.stats.prefillMs);
        prefillRate.push_back(result.stats.prefillTokensPerS);
        decodeMs.push_back(result.stats.decodeMsPerToken);
    }
    r.timeToFirstTokenMs = median(ttft);
    r.prefillMs = median(prefillMs);
    r.prefillTokensPerS = median(prefillRate);
    r.decodeMsPerToken = median(decodeMs);
    r.decodeTokensPerS = r.decodeMsPerToken > 0 ? 1000.0 / r.decodeMsPerToken : 0;
    r.decodeMsPerTokenRuns = decodeMs;
    if (device.is_cpu()) {
        r.memoryReadBytesPerS = measureReadBandwidth(int64_t(1) << 30);
        if (r.weightBytesPerToken > 0 && r.decodeMsPerToken > 0) {
            const double averagePosition = double(o.promptTokens) + double(o.newTokens - 1) / 2.0;
            const double kvWidth = double(o.model.kvWidth());
            r.kvBytesPerToken = double(o.model.n_layer) * 2.0 * averagePosition * kvWidth * sizeof(float);
            r.achievedBytesPerS = (r.weightBytesPerToken + r.kvBytesPerToken) / (r.decodeMsPerToken / 1000.0);
            r.bandwidthFraction = r.achievedBytesPerS / r.memoryReadBytesPerS;
        }
    }
    return r;
}

} // namespace lw::generate

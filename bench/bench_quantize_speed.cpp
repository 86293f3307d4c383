// Quantizing speed on the GPT-2 124M shape with random weights (issue 12's goals: Q4_K_M
// in under 10 s, GPTQ on 128 calibration sequences in under 5 minutes):
//   (a) round-to-nearest Q4_K_M of the whole model to a GGUF file (quantizeModel),
//   (b) GPTQ of every layer matrix on N random-token windows of L tokens, by phase
//       (forward passes, statistics such as the Hessians, the inverse Hessian's factor,
//       the column loop, the error measure), then writing the blocks as a GGUF file.
//
//   bench_quantize_speed [--threads 2] [--samples 128] [--length 512] [--format q4_0]
//                        [--micro-batch 8] [--shape gpt2-124m] [--skip-rtn] [--skip-gptq]
// Prints one human line per phase, then one JSON line.
#include "core/gguf/gguf_writer.h"
#include "core/model/model_config.h"
#include "core/model/transformer.h"
#include "core/quant/gptq.h"
#include "core/quant/quantize_model.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

using namespace lw;

namespace {

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

gguf::GgmlType gptqFormatNamed(const std::string& name)
{
    for (gguf::GgmlType t : {gguf::GgmlType::Q8_0, gguf::GgmlType::Q4_0, gguf::GgmlType::Q4_1, gguf::GgmlType::Q5_0,
                             gguf::GgmlType::Q5_1})
        if (name == gguf::ggmlTypeInfo(t).name)
            return t;
    throw std::runtime_error("GPTQ targets q8_0, q4_0, q4_1, q5_0 or q5_1, not " + name);
}

// GPTQ's blocks for the layer matrices, every other parameter as float32, under the
// model's own parameter names: the bytes `llmwb quantize` writes, without the tokenizer.
void writeGptqModel(model::TransformerImpl& model, const std::vector<quant::QuantizedMatrix>& matrices,
                    const std::string& path)
{
    gguf::GgufWriter writer;
    writer.add("general.architecture", gguf::GgufValue::string("gpt2"));
    std::map<std::string, const quant::QuantizedMatrix*> quantized;
    for (const quant::QuantizedMatrix& m : matrices)
        quantized[m.name + ".weight"] = &m;
    std::vector<torch::Tensor> keep;
    for (const auto& item : model.named_parameters()) {
        const std::string& name = item.key();
        if (auto q = quantized.find(item.key()); q != quantized.end()) {
            const quant::QuantizedMatrix& m = *q->second;
            writer.addTensor(name, {uint64_t(m.cols), uint64_t(m.rows)}, m.type, m.blocks.data_ptr<uint8_t>(),
                             uint64_t(m.blocks.numel()));
            continue;
        }
        torch::Tensor t = item.value().detach().to(torch::kFloat).contiguous();
        std::vector<uint64_t> dims;
        for (int64_t d = t.dim() - 1; d >= 0; --d)
            dims.push_back(uint64_t(t.size(d)));
        writer.addTensor(name, dims, gguf::GgmlType::F32, t.data_ptr<float>(), uint64_t(t.numel()) * 4);
        keep.push_back(std::move(t));
    }
    writer.write(path);
}

// CPU seconds (user and system) of this process so far: on a shared machine, what the
// work cost apart from waiting for a core.
double processCpuSeconds()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           1e-6 * double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec);
}

std::string loadAverage()
{
    FILE* f = std::fopen("/proc/loadavg", "r");
    if (!f)
        return "";
    char line[128] = {};
    const bool read = std::fgets(line, sizeof line, f) != nullptr;
    std::fclose(f);
    std::string s = read ? line : "";
    while (!s.empty() && (s.back() == '\n' || s.back() == ' '))
        s.pop_back();
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    int threads = 2;
    int64_t samples = 128, length = 512, microBatch = 8;
    std::string format = "q4_0", shape = "gpt2-124m";
    bool rtn = true, gptq = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--threads" && hasValue)
            threads = std::max(1, std::atoi(argv[++i]));
        else if (a == "--samples" && hasValue)
            samples = std::max(1, std::atoi(argv[++i]));
        else if (a == "--length" && hasValue)
            length = std::max(1, std::atoi(argv[++i]));
        else if (a == "--micro-batch" && hasValue)
            microBatch = std::max(1, std::atoi(argv[++i]));
        else if (a == "--format" && hasValue)
            format = argv[++i];
        else if (a == "--shape" && hasValue)
            shape = argv[++i];
        else if (a == "--skip-rtn")
            rtn = false;
        else if (a == "--skip-gptq")
            gptq = false;
        else {
            std::fprintf(stderr, "usage: bench_quantize_speed [--threads N] [--samples N] [--length L] [--format q4_0] "
                                 "[--micro-batch N] [--shape gpt2-124m] [--skip-rtn] [--skip-gptq]\n");
            return 2;
        }
    }
    try {
        at::set_num_threads(threads);
        const std::string loadAtStart = loadAverage();
        const model::ModelConfig config = model::presetConfig(shape);
        model::Transformer m(config, false);
        m->initializeWeights(42);
        m->eval();
        const std::filesystem::path dir =
            std::filesystem::temp_directory_path() / ("bench_quantize_speed." + std::to_string(::getpid()));
        std::filesystem::create_directories(dir);
        nlohmann::json result = {{"bench", "quantize_speed"}, {"shape", shape},   {"threads", threads},
                                 {"load_at_start", loadAtStart}};
        std::printf("%s, %d thread%s, load %s\n", shape.c_str(), threads, threads == 1 ? "" : "s", loadAtStart.c_str());
        std::fflush(stdout);

        if (rtn) {
            quant::QuantizeOptions options;
            options.method = "q4_k_m";
            const auto start = std::chrono::steady_clock::now();
            const double cpuStart = processCpuSeconds();
            const quant::QuantizeResult r = quant::quantizeModel(m, nullptr, (dir / "q4_k_m.gguf").string(), options);
            const double seconds = secondsSince(start), cpu = processCpuSeconds() - cpuStart;
            std::printf("q4_k_m: %.2f s (%.2f CPU s), %.1f MB, %.2f bits per weight\n", seconds, cpu,
                        double(r.fileBytes) / 1e6, r.bitsPerWeight);
            result["q4_k_m"] = {{"seconds", seconds},
                                {"cpu_seconds", cpu},
                                {"file_bytes", r.fileBytes},
                                {"bits_per_weight", r.bitsPerWeight}};
            std::fflush(stdout);
        }

        if (gptq) {
            quant::GptqSettings settings;
            settings.format = gptqFormatNamed(format);
            settings.microBatch = microBatch;
            auto generator = at::make_generator<at::CPUGeneratorImpl>(1234);
            const torch::Tensor windows =
                torch::randint(0, config.vocab_size, {samples, length}, generator, torch::kLong);
            quant::GptqTimings timings;
            const auto start = std::chrono::steady_clock::now();
            const double cpuStart = processCpuSeconds();
            const std::vector<quant::QuantizedMatrix> matrices =
                quant::gptqQuantizeModel(*m, windows, settings, {}, &timings);
            const double quantizing = secondsSince(start);
            const auto writeStart = std::chrono::steady_clock::now();
            writeGptqModel(*m, matrices, (dir / "gptq.gguf").string());
            const double writing = secondsSince(writeStart);
            const double total = quantizing + writing, cpu = processCpuSeconds() - cpuStart;
            double meanRelativeError = 0;
            for (const quant::QuantizedMatrix& q : matrices)
                meanRelativeError += q.relativeError / double(matrices.size());
            const quant::CalibrationTimings& c = timings.calibration;
            std::printf("gptq-%s on %lld x %lld tokens: %.1f s in all (%.1f CPU s)\n", format.c_str(),
                        (long long)samples, (long long)length, total, cpu);
            std::printf("  forward passes       %8.2f s\n", c.forwardSeconds);
            std::printf("  statistics (Hessian) %8.2f s\n", c.statisticsSeconds);
            std::printf("  inverse Hessian      %8.2f s\n", timings.factorSeconds);
            std::printf("  column loop          %8.2f s\n", timings.columnSeconds);
            std::printf("  error measure        %8.2f s\n", timings.errorSeconds);
            std::printf("  writing              %8.2f s\n", writing);
            std::printf("  %zu matrices, mean relative output error %.3g\n", matrices.size(), meanRelativeError);
            result["gptq"] = {{"format", format},
                              {"samples", samples},
                              {"length", length},
                              {"micro_batch", microBatch},
                              {"seconds", total},
                              {"cpu_seconds", cpu},
                              {"forward_seconds", c.forwardSeconds},
                              {"statistics_seconds", c.statisticsSeconds},
                              {"factor_seconds", timings.factorSeconds},
                              {"column_seconds", timings.columnSeconds},
                              {"error_seconds", timings.errorSeconds},
                              {"step_seconds", c.stepSeconds},
                              {"writing_seconds", writing},
                              {"matrices", matrices.size()},
                              {"mean_relative_error", meanRelativeError}};
        }
        std::filesystem::remove_all(dir);
        result["load_at_end"] = loadAverage();
        std::printf("load at end %s\n", result["load_at_end"].get<std::string>().c_str());
        std::printf("%s\n", result.dump().c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_quantize_speed: %s\n", e.what());
        return 1;
    }
    return 0;
}

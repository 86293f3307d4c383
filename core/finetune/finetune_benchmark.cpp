#include "core/finetune/finetune_benchmark.h"

#include "core/finetune/finetune_session.h"
#include "core/hf/hf_architecture.h"
#include "core/model/linear_adapter.h"
#include "core/util/blas_setup.h"
#include "core/util/caching_cpu_allocator.h"
#include "core/util/error.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

namespace lw::finetune {

namespace {

using Clock = std::chrono::steady_clock;

double median(std::vector<double> values)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// A "VmRSS:" or "VmHWM:" line of /proc/self/status, in bytes (0 where there is none).
int64_t statusBytes(const std::string& key)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind(key, 0) == 0)
            return std::stoll(line.substr(key.size())) * 1024; // the kernel writes kB
    return 0;
}

int64_t bytesOf(const std::vector<std::pair<std::string, torch::Tensor>>& tensors)
{
    int64_t total = 0;
    for (const auto& [name, t] : tensors)
        total += t.defined() ? int64_t(t.nbytes()) : 0;
    return total;
}

FinetuneConfig configFor(const FinetuneBenchmarkOptions& o, const std::string& method, const std::string& dataFile)
{
    FinetuneConfig c;
    c.finetune.base = "(random weights)";
    c.finetune.dataset = dataFile;
    c.finetune.method = method;
    c.finetune.objective = o.objective;
    c.finetune.packing = o.packing;
    c.finetune.lora_rank = o.loraRank;
    c.finetune.lora_alpha = o.loraAlpha;
    c.finetune.lora_dropout = o.loraDropout;
    c.finetune.validate();
    c.train = finetuneTrainDefaults(method, o.objective);
    c.train.model = o.model;
    c.train.dataset = dataFile;
    c.train.batch_size = o.batch;
    c.train.context = o.context;
    c.train.threads = o.threads;
    c.train.seed = o.seed;
    c.train.shuffle = false; // file order: SFT on pair rows then sees exactly the DPO step's sequences
    c.train.max_steps = o.warmupSteps + o.steps;
    return c;
}

MethodBenchmark benchmarkMethod(const FinetuneBenchmarkOptions& o, const std::string& method, const std::string& dataFile,
                                const std::vector<uint64_t>& rows)
{
    MethodBenchmark r;
    r.method = method;
    r.rssBeforeBytes = statusBytes("VmRSS:");
    FinetuneConfig cfg = configFor(o, method, dataFile);
    const std::string runDir = o.workDir + "/" + method;
    std::filesystem::create_directories(runDir);
    const train::EventSink quiet = [](const nlohmann::json&) {};
    FinetuneSession s{cfg, runDir, quiet};
    torch::manual_seed(int64_t(o.seed));
    FinetuneInputs in;
    in.model = model::Transformer(o.model);
    in.model->initializeWeights(o.seed);
    in.data.file = dataFile;
    in.data.kind = cfg.finetune.isPreference() ? "preference" : "sft";
    in.data.trainRows = rows;
    in.data.splitSource = "benchmark";
    s.prepare(std::move(in));
    if (method == "qlora") {
        torch::NoGradGuard noGrad;
        // The weights the 4-bit base replaces, held as bf16: converted and counted here.
        for (const model::LinearSite& site : model::linearSites(*s.in.model))
            if (site.role != model::LinearRole::OutputHead) {
                r.fp32BaseBytes += int64_t(site.weight.nbytes());
                r.bf16BaseBytes += int64_t(site.weight.to(torch::kBFloat16).nbytes());
            }
    }
    s.applyMethod();
    r.totalParameters = s.totalParameters;
    r.trainableParameters = s.trainableParameters;
    if (s.adapters)
        r.adapterParameterCount = peft::adapterParameterCount(o.model, hf::architectureForExport(o.model),
                                                              s.adapters->settings());
    r.nf4BaseBytes = s.nf4Base.nf4Bytes;
    if (cfg.finetune.needsReference()) {
        train::TrainControl control;
        const auto start = Clock::now();
        s.computeReference(control);
        r.referenceMs = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    }
    std::vector<double> tokens, slots;
    for (int64_t step = 0; step < o.warmupSteps + o.steps; ++step) {
        const SequenceBatch batch = s.trainBatches->next();
        const auto start = Clock::now();
        s.optimizer->zeroGrad();
        const StepNumbers n = s.trainMicroBatch(batch, 1);
        const double norm = s.optimizer->gradientNorm();
        s.optimizer->step(cfg.train.learning_rate, norm > 1.0 ? 1.0 / (norm + 1e-6) : 1.0);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (step >= o.warmupSteps) {
            r.stepMs.push_back(ms);
            r.losses.push_back(n.loss);
            tokens.push_back(double(n.tokens));
            slots.push_back(double(batch.inputs.numel()));
        }
    }
    r.msPerStep = median(r.stepMs);
    r.tokensPerStep = median(tokens);
    r.slotsPerStep = median(slots);
    // Real tokens over time, summed over the timed steps: rows of different lengths make
    // steps of different sizes, so the ratio of sums is the rate a run would see.
    double tokenSum = 0, msSum = 0;
    for (size_t i = 0; i < r.stepMs.size(); ++i) {
        tokenSum += tokens[i];
        msSum += r.stepMs[i];
    }
    r.tokensPerSecond = msSum > 0 ? tokenSum / (msSum / 1000.0) : 0;
    for (const auto& p : s.in.model->parameters())
        r.weightBytes += int64_t(p.nbytes());
    r.weightBytes += r.nf4BaseBytes;
    if (s.adapters) // adapters live outside the model's parameters
        r.weightBytes += bytesOf(s.adapters->namedParameters());
    r.trainableBytes = bytesOf(s.trainable);
    for (const auto& [name, p] : s.trainable)
        r.gradientBytes += p.grad().defined() ? int64_t(p.grad().nbytes()) : 0;
    r.optimizerStateBytes = bytesOf(s.optimizer->stateTensors());
    r.rssAfterBytes = statusBytes("VmRSS:");
    r.peakRssBytes = statusBytes("VmHWM:");
    return r;
}

} // namespace

const std::vector<std::string>& finetuneMethodNames()
{
    static const std::vector<std::string> names{"full", "lora", "qlora", "dora"};
    return names;
}

FinetuneBenchmarkResult benchmarkFinetuning(const FinetuneBenchmarkOptions& o)
{
    o.model.validate();
    if (o.objective != "sft" && o.objective != "dpo")
        throw Error::inField("objective", "must be sft or dpo, not '" + o.objective + "'");
    if (o.packing && o.objective != "sft")
        throw Error::inField("packing", "applies to SFT only");
    if (o.context < 1 || o.context > o.model.context_length)
        throw Error::inField("context", "must be between 1 and the model's " + std::to_string(o.model.context_length));
    if (o.batch < 1 || o.steps < 1 || o.warmupSteps < 0)
        throw Error::inField("steps", "batch and steps must be at least 1, warm-up at least 0");
    for (const auto& m : o.methods)
        if (std::find(finetuneMethodNames().begin(), finetuneMethodNames().end(), m) == finetuneMethodNames().end())
            throw Error::inField("method", "unknown method '" + m + "' (full, lora, qlora, dora)");
    if (o.workDir.empty())
        throw Error::inField("work_dir", "is needed for the rows and the reference cache");
    FinetuneBenchmarkResult result;
    result.threads = util::configureThreads(o.threads);
    result.blasCore = util::blasInfo().coreName;
    util::installCachingCpuAllocator();
    std::filesystem::create_directories(o.workDir);
    const std::string dataFile = o.rows.packedFile.empty() ? o.workDir + "/rows.bin" : o.rows.packedFile;
    result.rows = writeBenchmarkRows(o.rows, o.objective != "sft", o.context, o.model.vocab_size, o.seed, dataFile);
    std::vector<uint64_t> rows(size_t(result.rows.rows));
    for (size_t i = 0; i < rows.size(); ++i)
        rows[i] = i;
    for (const auto& method : o.methods)
        result.methods.push_back(benchmarkMethod(o, method, dataFile, rows));
    return result;
}

} // namespace lw::finetune

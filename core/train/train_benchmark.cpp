#include "core/train/train_benchmark.h"

#include "core/distributed/data_parallel.h"
#include "core/model/transformer.h"
#include "core/train/adamw.h"
#include "core/train/autocast_guard.h"
#include "core/util/blas_setup.h"
#include "core/util/caching_cpu_allocator.h"

#include <torch/csrc/autograd/profiler_legacy.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <sys/resource.h>
#include <time.h>

namespace lw::train {

namespace {

using Clock = std::chrono::steady_clock;

void synchronize(const torch::Device& device)
{
    if (device.is_cuda())
        torch::cuda::synchronize();
}

int64_t minorFaults()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return usage.ru_minflt;
}

double processCpuMs()
{
    timespec t{};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

double measureMatmulPeakGflops(const std::string& deviceName, const std::string& dtype)
{
    torch::NoGradGuard noGrad;
    torch::Device device(deviceName);
    const auto type = dtype == "bf16" ? torch::kBFloat16 : torch::kFloat;
    std::vector<int64_t> sizes = device.is_cuda() ? std::vector<int64_t>{4096, 8192} : std::vector<int64_t>{1024, 2048};
    double best = 0;
    for (int64_t n : sizes) {
        auto a = torch::randn({n, n}, torch::TensorOptions().device(device)).to(type);
        auto b = torch::randn({n, n}, torch::TensorOptions().device(device)).to(type);
        auto c = torch::mm(a, b);
        synchronize(device);
        const int reps = device.is_cuda() ? 20 : 4;
        for (int round = 0; round < 3; ++round) {
            const auto start = Clock::now();
            for (int i = 0; i < reps; ++i)
                torch::mm_out(c, a, b);
            synchronize(device);
            const double s = std::chrono::duration<double>(Clock::now() - start).count();
            best = std::max(best, 2.0 * double(n) * double(n) * double(n) * reps / s / 1e9);
        }
    }
    return best;
}

TrainBenchmarkResult benchmarkTraining(const TrainBenchmarkOptions& o)
{
    TrainBenchmarkResult r;
    r.threads = util::configureThreads(o.threads);
    r.blasCore = util::blasInfo().coreName;
    if (o.cachingAllocator)
        util::installCachingCpuAllocator();
    torch::Device device(o.device);
    o.model.validate();
    torch::manual_seed(int64_t(o.seed));
    model::Transformer model(o.model);
    model->initializeWeights(o.seed);
    model->to(device);
    model->train();
    FusedAdamW optimizer({0.9, 0.95, 1e-8, 0.1});
    for (auto& item : model->named_parameters())
        optimizer.addParameter(item.key(), item.value(), model::takesWeightDecay(item.key(), item.value()));
    r.parameters = o.model.parameterCount();
    const int64_t t = o.model.context_length;
    r.tokensPerStep = o.batch * t;
    r.flopsPerStep = o.model.trainingFlopsPerToken(t) * double(r.tokensPerStep);
    auto tokens = torch::randint(o.model.vocab_size, {o.batch, t + 1}, torch::kLong).to(device);
    auto x = tokens.narrow(1, 0, t).contiguous(), y = tokens.narrow(1, 1, t).contiguous();
    // Every rank seeded alike draws the same weights and global batch, then keeps its rows.
    std::unique_ptr<distributed::DataParallel> parallel;
    if (o.group) {
        std::vector<torch::Tensor> parameters;
        for (auto& p : model->parameters())
            parameters.push_back(p);
        parallel = std::make_unique<distributed::DataParallel>(o.group, parameters, o.batch);
        r.worldSize = o.group->size();
        x = parallel->shard(x);
        y = parallel->shard(y);
    }

    std::unique_ptr<torch::autograd::profiler::RecordProfile> profile;
    std::vector<double> cpuStepMs, waitMs;
    int64_t faultsAtStart = 0;
    for (int64_t step = 0; step < o.warmupSteps + o.steps; ++step) {
        if (step == o.warmupSteps) {
            faultsAtStart = minorFaults();
            if (!o.profilePath.empty())
                profile = std::make_unique<torch::autograd::profiler::RecordProfile>(o.profilePath);
        }
        synchronize(device);
        const auto start = Clock::now();
        const double cpuStart = processCpuMs();
        optimizer.zeroGrad();
        torch::Tensor loss;
        {
            AutocastGuard autocast(o.dtype == "bf16", device);
            loss = model->loss(x, y);
        }
        if (parallel)
            parallel->beginMicroStep(true);
        loss.backward();
        if (parallel)
            parallel->finishBackward();
        const double norm = optimizer.gradientNorm();
        optimizer.step(3e-4, norm > 1.0 ? 1.0 / (norm + 1e-6) : 1.0);
        synchronize(device);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        const double cpuMs = processCpuMs() - cpuStart;
        if (step >= o.warmupSteps) {
            r.stepMs.push_back(ms);
            cpuStepMs.push_back(cpuMs);
            double lossValue = loss.item<double>();
            if (parallel) {
                waitMs.push_back(parallel->lastWaitSeconds() * 1000.0);
                lossValue = parallel->mean({lossValue}, "the benchmark's loss")[0]; // outside the timed part
            }
            r.losses.push_back(lossValue);
        }
    }
    r.minorFaultsPerStep = double(minorFaults() - faultsAtStart) / double(std::max<int64_t>(1, o.steps));
    profile.reset(); // writes the trace
    r.msPerStep = median(r.stepMs);
    r.cpuMsPerStep = median(cpuStepMs);
    r.tokensPerSecond = double(r.tokensPerStep) / (r.msPerStep / 1000.0);
    r.achievedGflops = r.flopsPerStep / (r.msPerStep / 1000.0) / 1e9;
    if (parallel) {
        r.allReduceWaitMs = median(waitMs);
        r.allReduceShare = r.allReduceWaitMs / r.msPerStep;
    }
    r.peakGflops = measureMatmulPeakGflops(o.device, device.is_cuda() ? o.dtype : "fp32");
    if (o.group)
        r.peakGflops = o.group->sum({r.peakGflops}, "the benchmark's matmul peak")[0];
    r.mfu = r.achievedGflops / r.peakGflops;
    return r;
}

} // namespace lw::train

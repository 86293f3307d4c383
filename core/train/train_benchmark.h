#pragma once
// Training throughput on random tokens: the same step as the trainer (forward, fused
// loss, backward, gradient norm and clipping, fused AdamW) timed over a few steps after
// warm-up, with model FLOP utilisation against the matmul peak measured in the same
// process. Given a process group, every rank trains its rows of the same global batch
// and the gradients are all-reduced as in a data-parallel run (DataParallel).
#include "core/model/model_config.h"

#include <memory>
#include <string>
#include <vector>

namespace lw::distributed {
class ProcessGroup;
}

namespace lw::train {

struct TrainBenchmarkOptions {
    model::ModelConfig model;
    int64_t batch = 8;
    int64_t steps = 5;
    int64_t warmupSteps = 2;
    int threads = 0;
    std::string device = "cpu";
    std::string dtype = "fp32";
    uint64_t seed = 1;
    // Keep freed large CPU blocks for reuse (util::installCachingCpuAllocator): steady
    // state steps then allocate nothing from the system. Off measures the default.
    bool cachingAllocator = true;
    // When set, the timed steps are recorded by LibTorch's profiler into this chrome
    // trace (bench/profile_summary.py aggregates it).
    std::string profilePath;
    // Data-parallel ranks sharing `batch` (the global batch); null: this process alone.
    std::shared_ptr<distributed::ProcessGroup> group;
};

struct TrainBenchmarkResult {
    int64_t parameters = 0;
    int64_t tokensPerStep = 0;   // of the global batch, over all ranks
    double flopsPerStep = 0;
    std::vector<double> stepMs;
    double msPerStep = 0;        // median
    // Median CPU time of the process per step (all threads, spin-waits included): next
    // to msPerStep, it shows how much of a step was lost to other programs on a busy machine.
    double cpuMsPerStep = 0;
    double tokensPerSecond = 0;  // from the median step
    double achievedGflops = 0;
    double peakGflops = 0;
    double mfu = 0;              // achieved / peak
    int threads = 0;
    std::string blasCore;
    double minorFaultsPerStep = 0; // page faults (memory the kernel maps in), timed steps
    std::vector<double> losses;    // of the timed steps (mean over ranks), to compare dtypes and versions
    int worldSize = 1;
    // Median time a step waited, after its backward pass, for gradient all-reduces the
    // backward pass did not hide, and that wait as a share of the median step.
    double allReduceWaitMs = 0;
    double allReduceShare = 0;
};

// With a group, every rank must call it; the peak is the sum of the ranks' peaks,
// measured at the same time.
TrainBenchmarkResult benchmarkTraining(const TrainBenchmarkOptions& options);

// Best matrix-multiply rate over a few sizes (fp32 on CPU; fp32 or bf16 on CUDA).
double measureMatmulPeakGflops(const std::string& device, const std::string& dtype);

} // namespace lw::train

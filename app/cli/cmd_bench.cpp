// llmwb bench train: training throughput and MFU of a model shape on random tokens, in
// one process or (--nproc-per-node) in data-parallel processes sharing the global batch.
#include "app/cli/bench_shape.h"
#include "app/cli/cli_context.h"
#include "app/cli/distributed_flags.h"
#include "core/distributed/process_group.h"
#include "core/train/train_benchmark.h"
#include "core/util/blas_setup.h"

namespace lw::cli {

namespace {

struct BenchTrainCommand {
    BenchShape shape{"gpt2", 6, 384, 6, 0, 256, 8192};
    int64_t batch = 8, steps = 5, warmup = 2;
    int threads = 0;
    std::string device = "cpu", dtype = "fp32";
    std::string profile;
    bool defaultAllocator = false;
    bool json = false;
    DistributedFlags distributed;
};

void runBenchTrain(CliContext& ctx, const BenchTrainCommand& o)
{
    if (o.distributed.launches()) {
        ctx.exitCode = launchWorkers(ctx, o.distributed);
        return;
    }
    train::TrainBenchmarkOptions options;
    options.group = o.distributed.joinFromEnvironment();
    options.model = o.shape.config();
    options.batch = o.batch;
    options.steps = o.steps;
    options.warmupSteps = o.warmup;
    options.threads = o.threads;
    options.device = o.device;
    options.dtype = o.dtype;
    options.cachingAllocator = !o.defaultAllocator;
    options.profilePath = o.profile;
    auto r = train::benchmarkTraining(options);
    if (options.group && options.group->rank() != 0)
        return; // rank 0 speaks for the run
    std::printf("train %s %lldx%lld, %lld heads, context %lld, vocab %lld, batch %lld: %s parameters\n",
                o.shape.family.c_str(), static_cast<long long>(o.shape.nLayer), static_cast<long long>(o.shape.dModel),
                static_cast<long long>(o.shape.nHead), static_cast<long long>(o.shape.context), static_cast<long long>(o.shape.vocab),
                static_cast<long long>(o.batch), formatCount(double(r.parameters)).c_str());
    std::printf("%.1f ms/step, %.0f tokens/s, %.1f GFLOP/s = %.1f%% of the measured %s matmul peak (%.1f GFLOP/s), "
                "%d threads, BLAS kernels %s\n",
                r.msPerStep, r.tokensPerSecond, r.achievedGflops, 100.0 * r.mfu, o.dtype.c_str(), r.peakGflops,
                r.threads, r.blasCore.empty() ? "?" : r.blasCore.c_str());
    if (r.worldSize > 1)
        std::printf("%d processes (%d thread%s each) share the batch: all-reduce wait %.2f ms/step = %.1f%% of the step\n",
                    r.worldSize, r.threads, r.threads == 1 ? "" : "s", r.allReduceWaitMs, 100.0 * r.allReduceShare);
    nlohmann::json j = {{"bench", "train"},
                        {"family", o.shape.family},
                        {"n_layer", o.shape.nLayer},
                        {"d_model", o.shape.dModel},
                        {"n_head", o.shape.nHead},
                        {"context", o.shape.context},
                        {"vocab", o.shape.vocab},
                        {"batch", o.batch},
                        {"steps", o.steps},
                        {"threads", r.threads},
                        {"device", o.device},
                        {"dtype", o.dtype},
                        {"parameters", r.parameters},
                        {"tokens_per_step", r.tokensPerStep},
                        {"step_ms", r.stepMs},
                        {"ms_per_step", r.msPerStep},
                        {"cpu_ms_per_step", r.cpuMsPerStep},
                        {"tokens_per_s", r.tokensPerSecond},
                        {"achieved_gflops", r.achievedGflops},
                        {"peak_gflops", r.peakGflops},
                        {"mfu", r.mfu},
                        {"blas_core", r.blasCore},
                        {"minor_faults_per_step", r.minorFaultsPerStep},
                        {"caching_allocator", !o.defaultAllocator},
                        {"losses", r.losses},
                        {"world_size", r.worldSize},
                        {"allreduce_wait_ms", r.allReduceWaitMs},
                        {"allreduce_share", r.allReduceShare}};
    if (o.json)
        std::printf("%s\n", j.dump().c_str());
}

} // namespace

void registerBenchCommands(CLI::App& app, CliContext& context)
{
    auto* group = app.add_subcommand("bench", "Measure the speed of hot paths on this machine");
    group->require_subcommand(1);
    auto o = std::make_shared<BenchTrainCommand>();
    auto* train = group->add_subcommand("train", "Training steps per second, tokens/s and MFU on random tokens");
    o->shape.addFlags(train);
    train->add_option("--batch", o->batch, "Sequences per step (the global batch, shared by the processes)")->capture_default_str();
    train->add_option("--steps", o->steps, "Timed steps")->capture_default_str();
    train->add_option("--warmup", o->warmup, "Untimed steps first")->capture_default_str();
    train->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    train->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    train->add_option("--dtype", o->dtype, "fp32 or bf16")->check(CLI::IsMember({"fp32", "bf16"}))->capture_default_str();
    train->add_flag("--default-allocator", o->defaultAllocator,
                    "Use LibTorch's default CPU allocator instead of the caching one (for comparison)");
    train->add_option("--profile", o->profile, "Write a chrome trace of the timed steps to this file");
    train->add_flag("--json", o->json, "Print a JSON line last");
    o->distributed.add(train);
    train->callback([&context, o] { runBenchTrain(context, *o); });
    registerBenchGenerate(*group, context);
    registerBenchFinetune(*group, context);
    registerBenchEval(*group, context);
}

} // namespace lw::cli

// Experiment store throughput: metric points appended per second the way the trainer
// logs them (5 metrics per step, one transaction per step, and larger batches), and the
// time a chart takes to read 100,000 points of one metric.
//
//   bench_store [--steps N]    (N: steps of the long run, default 100000)
// Prints one human line, then one JSON line.
#include "core/store/store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace lw::store;
using Clock = std::chrono::steady_clock;

namespace {

const char* const kNames[] = {"loss", "lr", "grad_norm", "tokens_per_s", "val_loss"};
constexpr int kNamesPerStep = 5;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Appends `steps` steps of 5 points in batches of `stepsPerBatch` steps; returns
// points per second.
double appendRate(Store& store, int64_t run, int64_t steps, int64_t stepsPerBatch)
{
    std::vector<MetricPoint> batch;
    batch.reserve(static_cast<size_t>(stepsPerBatch * kNamesPerStep));
    auto start = Clock::now();
    for (int64_t step = 0; step < steps;) {
        batch.clear();
        for (int64_t s = 0; s < stepsPerBatch && step < steps; ++s, ++step)
            for (const char* name : kNames)
                batch.push_back({step, name, 3.0 / double(step + 1), 0});
        store.appendMetrics(run, batch);
    }
    return double(steps * kNamesPerStep) / secondsSince(start);
}

template <class F> double medianMs(int repeats, F&& f)
{
    std::vector<double> ms;
    for (int i = 0; i < repeats; ++i) {
        auto start = Clock::now();
        f();
        ms.push_back(secondsSince(start) * 1000);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    int64_t longSteps = 100000;
    for (int i = 1; i + 1 < argc; ++i)
        if (std::string(argv[i]) == "--steps")
            longSteps = std::max<int64_t>(1000, std::atoll(argv[i + 1]));

    char pattern[] = "/tmp/bench_store_XXXXXX";
    if (!::mkdtemp(pattern)) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::string dir = pattern;
    try {
        Store store(dir + "/workbench.db");

        // The trainer's pattern: one transaction per step.
        const int64_t perStepSteps = 20000;
        int64_t perStepRun = store.createRun(NewRun("one batch per step"));
        double perStepRate = appendRate(store, perStepRun, perStepSteps, 1);

        // A trainer that buffers 50 steps (250 points) per transaction.
        int64_t batchedRun = store.createRun(NewRun("50 steps per batch"));
        double batchedRate = appendRate(store, batchedRun, longSteps, 50);

        // A chart loading one whole curve, and a live chart's incremental poll.
        size_t readPoints = 0;
        double readAllMs = medianMs(5, [&] {
            readPoints = store.metrics(batchedRun, {std::string("loss"), std::nullopt}).size();
        });
        size_t tailPoints = 0;
        double readTailMs = medianMs(21, [&] {
            tailPoints = store.metrics(batchedRun, {std::nullopt, longSteps - 1001}).size();
        });
        double latestMs = medianMs(21, [&] { store.latestMetrics(batchedRun); });
        auto dbBytes = std::filesystem::file_size(dir + "/workbench.db");

        std::printf("store: %.0f points/s in 5-point batches (%.0f steps/s, one transaction "
                    "per step), %.0f points/s in 250-point batches; read %zu points of one "
                    "metric in %.1f ms, the last 1000 steps of 5 metrics (%zu points) in "
                    "%.2f ms, latest values in %.3f ms; %.1f MB for %lld points\n",
            perStepRate, perStepRate / kNamesPerStep, batchedRate, readPoints, readAllMs,
            tailPoints, readTailMs, latestMs, double(dbBytes) / 1e6,
            static_cast<long long>((perStepSteps + longSteps) * kNamesPerStep));
        std::printf("{\"bench\":\"store\",\"append_points_per_s_5_per_batch\":%.0f,"
                    "\"append_points_per_s_250_per_batch\":%.0f,\"read_points\":%zu,"
                    "\"read_one_metric_ms\":%.2f,\"read_tail_points\":%zu,\"read_tail_ms\":%.3f,"
                    "\"latest_metrics_ms\":%.4f,\"db_bytes\":%llu}\n",
            perStepRate, batchedRate, readPoints, readAllMs, tailPoints, readTailMs, latestMs,
            static_cast<unsigned long long>(dbBytes));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_store: %s\n", e.what());
        std::filesystem::remove_all(dir);
        return 1;
    }
    std::filesystem::remove_all(dir);
    return 0;
}

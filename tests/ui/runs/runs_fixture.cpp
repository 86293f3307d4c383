#include "runs_fixture.h"

#include "core/store/run_status.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using namespace lw::store;

namespace {
constexpr double kStartTime = 1.7e9; // fixed metric times, so exports are predictable
}

RunsFixture::RunsFixture(const QString& dir)
    : m_project(Project::openOrCreate(dir.toStdString(), "runs panel test"))
{
}

Json RunsFixture::config(int nLayer, double learningRate, int batchSize)
{
    return Json{{"model", {{"family", "gpt2"}, {"n_layer", nLayer}, {"n_head", 4}, {"d_model", 128},
                    {"vocab_size", 512}, {"context_length", 64}}},
        {"dataset", "datasets/tiny"}, {"batch_size", batchSize}, {"learning_rate", learningRate},
        {"lr_schedule", "cosine"}, {"warmup_steps", 10}, {"seed", 1337}, {"betas", {0.9, 0.95}}};
}

double RunsFixture::lossAt(int step, double finalLoss)
{
    return finalLoss + 8.0 * std::exp(-step / 12.0) + 0.05 * std::sin(step * 1.7);
}

void RunsFixture::appendSteps(int64_t runId, int fromStep, int toStep, double finalLoss)
{
    Store store = openStore();
    std::vector<MetricPoint> points;
    for (int step = fromStep; step <= toStep; ++step) {
        const double time = kStartTime + runId * 1000 + step;
        points.push_back({step, "loss", lossAt(step, finalLoss), time});
        points.push_back({step, "lr", 6e-4 * (1.0 - step / 200.0), time});
        if (step % 10 == 0)
            points.push_back({step, "val_loss", lossAt(step, finalLoss) + 0.1, time});
    }
    store.appendMetrics(runId, points);
    auto& all = m_metrics[runId];
    all.insert(all.end(), points.begin(), points.end());
}

int64_t RunsFixture::addRun(const FixtureRun& spec)
{
    Store store = openStore();
    NewRun newRun(spec.name);
    newRun.config = spec.config.is_null() ? config(4, 6e-4) : spec.config;
    newRun.maxSteps = spec.maxSteps;
    newRun.tags = spec.tags;
    const int64_t id = m_project.createRun(store, newRun);
    if (spec.status == RunStatus::Created)
        return id;

    store.markRunning(id);
    if (spec.steps > 0)
        appendSteps(id, 1, spec.steps, spec.finalLoss);
    const std::string dir = runDir(id);
    fs::create_directories(fs::path(dir) / "checkpoints");
    for (int i = 1; i <= spec.checkpoints; ++i) {
        char name[64];
        const int step = i * 10;
        std::snprintf(name, sizeof name, "checkpoints/step-%08d.ckpt", step);
        const std::string path = (fs::path(dir) / name).string();
        std::ofstream(path, std::ios::binary) << std::string(4096 * i, 'w');
        Artifact artifact;
        artifact.runId = id;
        artifact.kind = kArtifactCheckpoint;
        artifact.path = store.storablePath(path);
        artifact.step = step;
        artifact.sizeBytes = 4096 * i;
        store.addArtifact(artifact);
    }
    if (spec.checkpoints > 0) {
        const std::string best = (fs::path(dir) / "checkpoints/best.ckpt").string();
        std::ofstream(best, std::ios::binary) << std::string(1000, 'b');
        Artifact artifact;
        artifact.runId = id;
        artifact.kind = kArtifactBest;
        artifact.path = store.storablePath(best);
        artifact.step = 10;
        artifact.sizeBytes = 1000;
        store.addArtifact(artifact);
    }
    for (int i = 1; i <= spec.samples; ++i)
        store.addSample(id, i * 10, "sample " + std::to_string(i) + " of " + spec.name + ": once upon a time");
    // 'running' without a live lock holder: the next listing marks it interrupted.
    if (spec.status != RunStatus::Running && spec.status != RunStatus::Interrupted)
        store.setRunStatus(id, spec.status, spec.status == RunStatus::Failed ? "disk full" : "");
    return id;
}

std::string RunsFixture::runDir(int64_t runId) const
{
    Store store = openStore();
    return store.absolutePath(store.run(runId).runDir);
}

std::vector<std::string> RunsFixture::checkpointPaths(int64_t runId) const
{
    Store store = openStore();
    std::vector<std::string> paths;
    for (const auto& artifact : store.artifacts(runId))
        paths.push_back(store.absolutePath(artifact.path));
    return paths;
}

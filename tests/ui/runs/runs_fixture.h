#pragma once
// A project folder with runs recorded the way the trainer records them (store rows,
// metrics every step, validation every 10 steps, samples, checkpoint files with their
// artifact rows), for the Runs panel tests. It remembers what it inserted so that tests
// compute what the panel must show from the inputs, not from the panel.
#include "core/store/project.h"
#include "core/store/records.h"
#include "core/store/store.h"

#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

struct FixtureRun {
    FixtureRun(std::string runName, lw::store::RunStatus runStatus = lw::store::RunStatus::Completed,
        int runSteps = 30, int runMaxSteps = 100, double runFinalLoss = 2.0,
        std::vector<std::string> runTags = {}, lw::store::Json runConfig = nullptr)
        : name(std::move(runName)), status(runStatus), steps(runSteps), maxSteps(runMaxSteps),
          finalLoss(runFinalLoss), tags(std::move(runTags)), config(std::move(runConfig))
    {
    }

    std::string name;
    lw::store::RunStatus status = lw::store::RunStatus::Completed;
    int steps = 30;    // "loss" at steps 1..steps, "val_loss" at every 10th
    int maxSteps = 100;
    double finalLoss = 2.0; // the loss curve falls towards this
    std::vector<std::string> tags;
    lw::store::Json config;
    int checkpoints = 2; // step-N.ckpt files, plus best.ckpt
    int samples = 2;
};

class RunsFixture {
public:
    explicit RunsFixture(const QString& dir);

    // A typical pretraining config; the arguments are what tests make differ.
    static lw::store::Json config(int nLayer, double learningRate, int batchSize = 8);

    // Records a run as the trainer would; an Interrupted run is left 'running' with no
    // process holding its lock, so listing the store marks it interrupted.
    int64_t addRun(const FixtureRun& run);
    // More training steps of a run (a live run growing).
    void appendSteps(int64_t runId, int fromStep, int toStep, double finalLoss);

    lw::store::Store openStore() const { return m_project.openStore(); }
    const lw::store::Project& project() const { return m_project; }
    QString dir() const { return QString::fromStdString(m_project.root()); }
    std::string runDir(int64_t runId) const;
    std::vector<std::string> checkpointPaths(int64_t runId) const; // absolute

    // Everything appended to a run's metrics, in insertion order.
    const std::vector<lw::store::MetricPoint>& metrics(int64_t runId) { return m_metrics[runId]; }

    static double lossAt(int step, double finalLoss);

private:
    lw::store::Project m_project;
    std::map<int64_t, std::vector<lw::store::MetricPoint>> m_metrics;
};

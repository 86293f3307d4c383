// Where the demo model stands, read from a real project store while real (tiny) demo runs
// train, complete and are cancelled: missing, training, ready, resumable; and the
// demo configuration's environment override.
#include "core/store/project.h"
#include "core/train/demo_project.h"
#include "core/train/demo_run.h"
#include "core/train/run_service.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <filesystem>

using namespace lw;
using State = train::DemoRunState::State;

class TestDemoRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aFolderWithoutProjectHasNoDemoRun();
    void runsGoFromTrainingToReadyToResumable();
    void stepsOverrideComesFromTheEnvironment();

private:
    train::NewRunRequest tinyRun(int64_t steps) const;

    QTemporaryDir m_dir;
    train::DemoProject m_demo;
};

void TestDemoRun::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_demo = train::ensureDemoProject(m_dir.filePath("demo").toStdString());
}

train::NewRunRequest TestDemoRun::tinyRun(int64_t steps) const
{
    train::NewRunRequest request;
    request.config = m_demo.config;
    request.config.model.n_layer = 1;
    request.config.model.d_model = 32;
    request.config.model.n_head = 2;
    request.config.batch_size = 2;
    request.config.context = 32;
    request.config.max_steps = steps;
    request.config.warmup_steps = 1;
    request.config.eval_every = 2;
    request.config.eval_batches = 1;
    request.config.sample_every = 0;
    request.config.checkpoint_every = 2;
    request.config.threads = 1;
    request.name = "demo";
    request.datasetId = m_demo.datasetId;
    return request;
}

void TestDemoRun::aFolderWithoutProjectHasNoDemoRun()
{
    QCOMPARE(train::findDemoRun(m_dir.filePath("nothing-here").toStdString()).state, State::Missing);
    QVERIFY(!std::filesystem::exists(m_dir.filePath("nothing-here").toStdString())); // nothing created
    QCOMPARE(train::findDemoRun(m_demo.projectDir).state, State::Missing);           // a project, no run yet
}

void TestDemoRun::runsGoFromTrainingToReadyToResumable()
{
    const store::Project project = store::Project::open(m_demo.projectDir);

    // While a run trains, the store says so (with its id and step); once it completes it
    // is ready, with its best checkpoint.
    train::TrainControl control;
    train::DemoRunState seenWhileTraining;
    int64_t runId = 0;
    auto outcome = train::startRun(project, tinyRun(4), control, [&](const nlohmann::json& e) {
        if (e.value("event", "") == "step" && e.value("step", int64_t(0)) == 3)
            seenWhileTraining = train::findDemoRun(m_demo.projectDir);
    });
    runId = outcome.runId;
    QCOMPARE(seenWhileTraining.state, State::Training);
    QCOMPARE(seenWhileTraining.runId, runId);
    QCOMPARE(seenWhileTraining.maxSteps, int64_t(4));
    train::DemoRunState ready = train::findDemoRun(m_demo.projectDir);
    QCOMPARE(ready.state, State::Ready);
    QCOMPARE(ready.runId, runId);
    QCOMPARE(ready.checkpoint, outcome.result.bestCheckpoint);

    // A newer run cancelled after its first checkpoint is the one to resume.
    train::TrainControl cancelling;
    auto cancelled = train::startRun(project, tinyRun(50), cancelling, [&](const nlohmann::json& e) {
        if (e.value("event", "") == "step" && e.value("step", int64_t(0)) >= 3)
            cancelling.requestCancel();
    });
    QCOMPARE(cancelled.result.outcome, train::TrainOutcome::Cancelled);
    train::DemoRunState resumable = train::findDemoRun(m_demo.projectDir);
    QCOMPARE(resumable.state, State::Resumable);
    QCOMPARE(resumable.runId, cancelled.runId);
    QVERIFY(resumable.step >= 3);

    // Resumed to its end, it is the ready one, and it did not start over.
    train::TrainControl again;
    int64_t firstStep = -1;
    auto resumed = train::resumeRun(project, cancelled.runId, std::nullopt, again, [&](const nlohmann::json& e) {
        if (e.value("event", "") == "step" && firstStep < 0)
            firstStep = e.value("step", int64_t(0));
    });
    QVERIFY2(firstStep > 2, qPrintable(QString::number(firstStep)));
    QCOMPARE(resumed.result.outcome, train::TrainOutcome::Completed);
    train::DemoRunState after = train::findDemoRun(m_demo.projectDir);
    QCOMPARE(after.state, State::Ready);
    QCOMPARE(after.runId, cancelled.runId);
}

void TestDemoRun::stepsOverrideComesFromTheEnvironment()
{
    const auto defaults = train::demoTrainConfig("d", 512);
    qputenv("LLMWB_DEMO_MAX_STEPS", "7");
    const auto shortened = train::demoTrainConfig("d", 512);
    qputenv("LLMWB_DEMO_MAX_STEPS", "seven");
    QVERIFY_THROWS_EXCEPTION(Error, train::demoTrainConfig("d", 512));
    qunsetenv("LLMWB_DEMO_MAX_STEPS");
    QCOMPARE(shortened.max_steps, int64_t(7));
    QVERIFY(shortened.checkpoint_every <= 7 && shortened.eval_every <= 7);
    QVERIFY(defaults.max_steps > 7);
}

LW_TEST_GUILESS_MAIN(TestDemoRun)
#include "test_demo_run.moc"

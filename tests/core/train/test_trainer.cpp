// The training loop end to end on a real corpus: the loss falls, resuming is exact,
// and every way a run can end (early stop, divergence, cancel, pause) behaves.
#include "trainer_fixture.h"

#include "core/train/adamw.h"
#include "core/train/checkpoint.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <thread>

using namespace lw;

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_fixture.build(); }
    void lossFallsWellBelowLogVocab();
    void resumeAfterCancelIsBitIdentical();
    void extendingAConstantScheduleEqualsTrainingStraight();
    void earlyStoppingEndsTheRun();
    void nanLossStopsAsDivergedAndKeepsTheLastCheckpoint();
    void pauseHoldsAndCancelSavesACheckpoint();
    void keepsOnlyTheNewestCheckpoints();
    void corruptCheckpointRefusesToResume();
    void badConfigNamesTheField();

private:
    test::TrainerFixture m_fixture;
};

void TestTrainer::lossFallsWellBelowLogVocab()
{
    auto config = m_fixture.config(250);
    config.sample_every = 125;
    config.sample_tokens = 16;
    test::EventLog log;
    train::Trainer trainer(config, m_fixture.runDir("falls"), log.sink());
    train::TrainControl control;
    auto result = trainer.run(control);
    QCOMPARE(result.outcome, train::TrainOutcome::Completed);
    const double logVocab = std::log(double(m_fixture.vocabSize));
    auto losses = log.losses();
    QVERIFY2(losses.begin()->second > logVocab - 0.3, qPrintable(QString::number(losses.begin()->second)));
    // From ln(V) = 5.95 at the start to about 3.3 (train) and 3.8 (validation) after 250 steps.
    QVERIFY2(result.lastLoss < logVocab - 2.0, qPrintable(QString::number(result.lastLoss)));
    auto evals = log.ofType("eval");
    QCOMPARE(int(evals.size()), 10);
    QVERIFY(evals.back()["best_val_loss"].get<double>() < logVocab - 1.5);
    QVERIFY(QFile::exists(QString::fromStdString(result.bestCheckpoint)));
    QCOMPARE(int(log.ofType("sample").size()), 2);
    QVERIFY(!log.ofType("sample").back()["text"].get<std::string>().empty());
}

void TestTrainer::resumeAfterCancelIsBitIdentical()
{
    const int n = 30;
    auto config = m_fixture.config(2 * n);
    config.model.dropout = 0.1; // exercises the saved random generator state
    test::EventLog straight;
    train::TrainControl c1;
    train::Trainer(config, m_fixture.runDir("straight"), straight.sink()).run(c1);

    test::EventLog first, second;
    train::TrainControl c2;
    auto sink = [&](const nlohmann::json& e) {
        first.events.push_back(e);
        if (e["event"] == "step" && e["step"] == n)
            c2.requestCancel();
    };
    auto r1 = train::Trainer(config, m_fixture.runDir("split"), sink).run(c2);
    QCOMPARE(r1.outcome, train::TrainOutcome::Cancelled);
    QCOMPARE(r1.state.step, int64_t(n));
    train::TrainControl c3;
    auto r2 = train::Trainer(config, m_fixture.runDir("split"), second.sink())
                  .run(c3, train::ResumeRequest{r1.lastCheckpoint, std::nullopt});
    QCOMPARE(r2.outcome, train::TrainOutcome::Completed);

    auto a = straight.losses(), b = first.losses(), c = second.losses();
    for (int step = 1; step <= 2 * n; ++step) {
        const double resumed = step <= n ? b.at(step) : c.at(step);
        QVERIFY2(a.at(step) == resumed, qPrintable(QString("step %1: %2 vs %3").arg(step).arg(a.at(step), 0, 'g', 17)
                                                       .arg(resumed, 0, 'g', 17)));
    }
}

void TestTrainer::extendingAConstantScheduleEqualsTrainingStraight()
{
    auto config = m_fixture.config(40);
    config.lr_schedule = "constant";
    config.warmup_steps = 0;
    test::EventLog straight, second;
    train::TrainControl c;
    train::Trainer(config, m_fixture.runDir("ext-straight"), straight.sink()).run(c);
    config.max_steps = 20;
    auto r1 = train::Trainer(config, m_fixture.runDir("ext"), nullptr).run(c);
    auto r2 = train::Trainer(config, m_fixture.runDir("ext"), second.sink())
                  .run(c, train::ResumeRequest{r1.lastCheckpoint, int64_t(40)});
    QCOMPARE(r2.state.step, int64_t(40));
    QCOMPARE(r2.state.scheduleHistory.size(), size_t(1));
    QCOMPARE(r2.state.scheduleHistory[0]["max_steps_after"].get<int>(), 40);
    QCOMPARE(second.losses().at(40), straight.losses().at(40));
}

void TestTrainer::earlyStoppingEndsTheRun()
{
    auto config = m_fixture.config(200);
    config.eval_every = 5;
    config.early_stopping_patience = 2;
    config.early_stopping_min_delta = 100.0; // nothing after the first evaluation counts as better
    test::EventLog log;
    train::TrainControl c;
    auto result = train::Trainer(config, m_fixture.runDir("early"), log.sink()).run(c);
    QCOMPARE(result.outcome, train::TrainOutcome::EarlyStopped);
    QCOMPARE(result.state.step, int64_t(15));
    QVERIFY(QString::fromStdString(result.message).contains("stopped early"));
    QVERIFY(QFile::exists(QString::fromStdString(result.lastCheckpoint)));
}

void TestTrainer::nanLossStopsAsDivergedAndKeepsTheLastCheckpoint()
{
    auto config = m_fixture.config(10);
    config.checkpoint_every = 10;
    train::TrainControl c;
    auto good = train::Trainer(config, m_fixture.runDir("nan"), nullptr).run(c);
    // A checkpoint whose weights hold a NaN, as a run that blew up would produce.
    auto checkpoint = train::loadCheckpoint(good.lastCheckpoint);
    model::Transformer m(checkpoint.modelConfig);
    train::loadModelWeights(m, checkpoint, good.lastCheckpoint);
    {
        torch::NoGradGuard noGrad;
        m->named_parameters()["h.0.mlp.c_fc.weight"][0][0] = std::nan("");
    }
    const std::string poisoned = m_fixture.runDir("nan") + "/poisoned.ckpt";
    train::FusedAdamW optimizer({});
    for (auto& item : m->named_parameters())
        optimizer.addParameter(item.key(), item.value(), true);
    train::saveCheckpoint(poisoned, m, &optimizer, config.toJson(), checkpoint.state, checkpoint.tokenizerPath);
    config.max_steps = 20;
    test::EventLog log;
    auto result = train::Trainer(config, m_fixture.runDir("nan"), log.sink())
                      .run(c, train::ResumeRequest{poisoned, std::nullopt});
    QCOMPARE(result.outcome, train::TrainOutcome::Diverged);
    QVERIFY2(QString::fromStdString(result.message).contains("NaN"), result.message.c_str());
    QCOMPARE(result.state.step, int64_t(10));
    QCOMPARE(log.ofType("checkpoint").size(), size_t(0)); // nothing written after divergence
    QCOMPARE(train::Trainer::listCheckpoints(m_fixture.runDir("nan")).size(), size_t(1));
}

void TestTrainer::pauseHoldsAndCancelSavesACheckpoint()
{
    auto config = m_fixture.config(100000);
    config.eval_every = 0;
    train::TrainControl control;
    std::atomic<int64_t> lastStep{0};
    std::atomic<int> pausedEvents{0};
    auto sink = [&](const nlohmann::json& e) {
        if (e["event"] == "step")
            lastStep = e["step"].get<int64_t>();
        if (e["event"] == "status" && e["status"] == "paused")
            ++pausedEvents;
    };
    train::TrainResult result;
    std::thread worker([&] { result = train::Trainer(config, m_fixture.runDir("pause"), sink).run(control); });
    while (lastStep < 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    control.requestPause();
    while (pausedEvents == 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    const int64_t atPause = lastStep;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    QCOMPARE(int64_t(lastStep), atPause);
    control.requestResume();
    while (lastStep < atPause + 3)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    control.requestCancel();
    worker.join();
    QCOMPARE(result.outcome, train::TrainOutcome::Cancelled);
    QVERIFY(result.state.step >= atPause + 3);
    auto saved = train::loadCheckpoint(result.lastCheckpoint);
    QCOMPARE(saved.state.step, result.state.step);
}

void TestTrainer::keepsOnlyTheNewestCheckpoints()
{
    auto config = m_fixture.config(25);
    config.checkpoint_every = 5;
    config.keep_checkpoints = 2;
    train::TrainControl c;
    train::Trainer(config, m_fixture.runDir("keep"), nullptr).run(c);
    auto kept = train::Trainer::listCheckpoints(m_fixture.runDir("keep"));
    QCOMPARE(kept.size(), size_t(2));
    QVERIFY(QString::fromStdString(kept.back()).endsWith("step-00000025.ckpt"));
    QVERIFY(QString::fromStdString(kept.front()).endsWith("step-00000020.ckpt"));
}

void TestTrainer::corruptCheckpointRefusesToResume()
{
    auto config = m_fixture.config(5);
    train::TrainControl c;
    auto r = train::Trainer(config, m_fixture.runDir("corrupt"), nullptr).run(c);
    QFile f(QString::fromStdString(r.lastCheckpoint));
    QVERIFY(f.open(QIODevice::ReadWrite));
    f.seek(f.size() - 100);
    f.write("garbage");
    f.close();
    QVERIFY_THROWS_EXCEPTION(Error, train::Trainer(config, m_fixture.runDir("corrupt"), nullptr)
                                        .run(c, train::ResumeRequest{r.lastCheckpoint, int64_t(10)}));
}

void TestTrainer::badConfigNamesTheField()
{
    auto config = m_fixture.config(5);
    config.model.vocab_size = 10;
    train::TrainControl c;
    try {
        train::Trainer(config, m_fixture.runDir("bad"), nullptr).run(c);
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).startsWith("model.vocab_size"), e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"

// The run recorder on a real store file, read through a second connection as the GUI or
// another process reads it: the first step's metrics are committed at once, later steps
// wait for the batch interval (or a flush), and the end of the run flushes what is left,
// whether the run returns or throws.
#include "core/store/store.h"
#include "core/train/events.h"
#include "core/train/run_recorder.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <stdexcept>
#include <thread>

using lw::store::MetricPoint;
using lw::store::Store;
using lw::train::RunRecorder;

namespace {

// A trainer's step event, with values derived from the step so each point is recognisable.
nlohmann::json stepEvent(int64_t step)
{
    nlohmann::json e = lw::train::makeEvent("step");
    e["step"] = step;
    e["loss"] = 10.0 - double(step);
    e["lr"] = 0.001 * double(step);
    e["grad_norm"] = 1.5 + double(step);
    e["tokens_per_s"] = 1000.0 * double(step);
    return e;
}

// A long interval: batching does not depend on how fast this machine runs the test.
constexpr std::chrono::hours kNeverDue{1};

} // namespace

class TestRunRecorder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void firstStepIsCommittedAtOnce();
    void laterStepsWaitForTheInterval();
    void laterStepsAreCommittedOnceTheIntervalPassed();
    void endOfRunFlushesWhatIsLeft();
    void failedRunFlushesWhatIsLeft();

private:
    // Loss points as another connection to the store file sees them now.
    std::vector<MetricPoint> storedLoss() const
    {
        lw::store::MetricQuery query;
        query.name = "loss";
        return Store(m_path, Store::OpenMode::MustExist).metrics(m_run, query);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_path;
    std::unique_ptr<Store> m_store;
    int64_t m_run = 0;
    const lw::train::EventSink m_forward; // none: events stop at the recorder
};

void TestRunRecorder::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath("workbench.db").toStdString();
    m_store = std::make_unique<Store>(m_path);
    m_run = m_store->createRun(lw::store::NewRun("recorded"));
}

void TestRunRecorder::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestRunRecorder::firstStepIsCommittedAtOnce()
{
    std::vector<nlohmann::json> forwarded;
    const lw::train::EventSink forward = [&forwarded](const nlohmann::json& e) { forwarded.push_back(e); };
    RunRecorder recorder(*m_store, m_run, forward, kNeverDue);
    recorder(stepEvent(1));
    // Stored before the event is passed on: whoever sees the step finds it in the store.
    QCOMPARE(int(forwarded.size()), 1);
    QCOMPARE(forwarded[0]["run_id"].get<int64_t>(), m_run);
    const std::vector<MetricPoint> loss = storedLoss();
    QCOMPARE(int(loss.size()), 1);
    QCOMPARE(loss[0].step, int64_t(1));
    QCOMPARE(loss[0].value, 9.0);
    Store reader(m_path, Store::OpenMode::MustExist);
    QCOMPARE(reader.metricCount(m_run), int64_t(4)); // loss, lr, grad_norm, tokens_per_s
    QCOMPARE(reader.run(m_run).step, int64_t(1));
}

void TestRunRecorder::laterStepsWaitForTheInterval()
{
    RunRecorder recorder(*m_store, m_run, m_forward, kNeverDue);
    for (int64_t step = 1; step <= 4; ++step)
        recorder(stepEvent(step));
    QCOMPARE(int(storedLoss().size()), 1); // step 1 only: 2 to 4 are held for the batch
    recorder.flush();
    const std::vector<MetricPoint> loss = storedLoss();
    QCOMPARE(int(loss.size()), 4);
    for (int64_t step = 1; step <= 4; ++step)
        QCOMPARE(loss[size_t(step - 1)].value, 10.0 - double(step));
}

void TestRunRecorder::laterStepsAreCommittedOnceTheIntervalPassed()
{
    RunRecorder recorder(*m_store, m_run, m_forward); // the default interval: a second
    recorder(stepEvent(1));
    recorder(stepEvent(2));
    QCOMPARE(int(storedLoss().size()), 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    QCOMPARE(int(storedLoss().size()), 1); // step 2 waits for the next step after the interval
    recorder(stepEvent(3));
    QCOMPARE(int(storedLoss().size()), 3);
}

void TestRunRecorder::endOfRunFlushesWhatIsLeft()
{
    RunRecorder recorder(*m_store, m_run, m_forward, kNeverDue);
    const int last = recorder.recordTraining([&] {
        for (int64_t step = 1; step <= 5; ++step)
            recorder(stepEvent(step));
        if (storedLoss().size() != 1)
            throw std::logic_error("steps 2 to 5 were committed before the end of the run");
        return 5;
    });
    QCOMPARE(last, 5);
    QCOMPARE(int(storedLoss().size()), 5);
    QCOMPARE(Store(m_path, Store::OpenMode::MustExist).run(m_run).step, int64_t(5));
}

void TestRunRecorder::failedRunFlushesWhatIsLeft()
{
    RunRecorder recorder(*m_store, m_run, m_forward, kNeverDue);
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, recorder.recordTraining([&]() -> int {
        for (int64_t step = 1; step <= 3; ++step)
            recorder(stepEvent(step));
        throw std::runtime_error("out of memory at step 3");
    }));
    QCOMPARE(int(storedLoss().size()), 3);
    Store reader(m_path, Store::OpenMode::MustExist);
    QVERIFY(reader.run(m_run).status == lw::store::RunStatus::Failed);
    QCOMPARE(QString::fromStdString(reader.run(m_run).errorMessage), QString("out of memory at step 3"));
}

LW_TEST_GUILESS_MAIN(TestRunRecorder)
#include "test_run_recorder.moc"

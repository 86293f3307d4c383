// Metrics and samples: batches, replacement of re-logged steps, reads for live charts,
// latest values, best validation loss, and batches that fail as a whole.
#include "core/store/records.h"
#include "core/store/sqlite_connection.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace lw::store;

namespace {

std::vector<MetricPoint> grid(
    const std::vector<std::string>& names, int64_t firstStep, int64_t steps)
{
    std::vector<MetricPoint> points;
    for (int64_t s = firstStep; s < firstStep + steps; ++s)
        for (size_t n = 0; n < names.size(); ++n)
            points.push_back({s, names[n], double(s) * 10 + double(n), 1000.0 + double(s)});
    return points;
}

QStringList describe(const std::vector<MetricPoint>& points)
{
    QStringList out;
    for (const auto& p : points)
        out << QString("%1@%2=%3").arg(QString::fromStdString(p.name)).arg(p.step).arg(p.value);
    return out;
}

} // namespace

class TestStoreMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void appendedPointsReadBackInOrder();
    void reloggedStepReplaces();
    void readSinceStep();
    void latestPointPerName();
    void appendMovesRunStepForward();
    void bestValLossFollowsImprovements();
    void nanIsStoredAndReadBack();
    void failingBatchWritesNothing();
    void appendToUnknownRunIsAnError();
    void samplesAddAndList();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
    int64_t m_run = 0;
};

void TestStoreMetrics::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<Store>(m_dir->filePath("workbench.db").toStdString());
    m_run = m_store->createRun(NewRun("r"));
}

void TestStoreMetrics::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

void TestStoreMetrics::appendedPointsReadBackInOrder()
{
    int64_t other = m_store->createRun(NewRun("other"));
    m_store->appendMetrics(other, grid({"loss"}, 0, 5));
    // Appended step by step, out of name order: read back by name, then step.
    for (int64_t s = 0; s < 10; ++s)
        m_store->appendMetrics(m_run, grid({"lr", "loss", "grad_norm"}, s, 1));

    std::vector<MetricPoint> all = m_store->metrics(m_run);
    QCOMPARE(all.size(), size_t(30));
    QCOMPARE(m_store->metricCount(m_run), int64_t(30));
    QCOMPARE(m_store->metricNames(m_run), (std::vector<std::string>{"grad_norm", "loss", "lr"}));
    QCOMPARE(m_store->metricNames(other), std::vector<std::string>{"loss"});
    QCOMPARE(all.front().name, std::string("grad_norm"));
    QCOMPARE(all.front().step, int64_t(0));
    QCOMPARE(all.front().value, 2.0);
    QCOMPARE(all.front().time, 1000.0);
    QCOMPARE(all[10].name, std::string("loss"));
    QCOMPARE(all.back().name, std::string("lr"));
    QCOMPARE(all.back().step, int64_t(9));
    QCOMPARE(all.back().value, 90.0);
    for (size_t i = 1; i < all.size(); ++i)
        QVERIFY(all[i - 1].name < all[i].name ||
            (all[i - 1].name == all[i].name && all[i - 1].step < all[i].step));

    std::vector<MetricPoint> loss = m_store->metrics(m_run, {std::string("loss"), std::nullopt});
    QCOMPARE(loss.size(), size_t(10));
    for (size_t i = 0; i < loss.size(); ++i) {
        QCOMPARE(loss[i].step, int64_t(i));
        QCOMPARE(loss[i].value, double(i) * 10 + 1);
    }
    QVERIFY(m_store->metrics(m_run, {std::string("missing"), std::nullopt}).empty());
}

void TestStoreMetrics::reloggedStepReplaces()
{
    m_store->appendMetrics(
        m_run, {{5, "loss", 3.0, 100}, {6, "loss", 2.9, 101}, {7, "loss", 2.8, 102}});
    // Resumed from the checkpoint at step 5: steps 6 and 7 are logged again.
    m_store->appendMetrics(
        m_run, {{6, "loss", 2.5, 200}, {7, "loss", 2.4, 201}, {8, "loss", 2.3, 202}});
    QCOMPARE(describe(m_store->metrics(m_run)),
        (QStringList{"loss@5=3", "loss@6=2.5", "loss@7=2.4", "loss@8=2.3"}));
    QCOMPARE(m_store->metrics(m_run)[1].time, 200.0);
    // The same step twice within one batch: the last one wins.
    m_store->appendMetrics(m_run, {{9, "loss", 9.0, 0}, {9, "loss", 2.2, 0}});
    QCOMPARE(m_store->latestMetrics(m_run).front().value, 2.2);
    QCOMPARE(m_store->metricCount(m_run), int64_t(5));
}

void TestStoreMetrics::readSinceStep()
{
    m_store->appendMetrics(m_run, grid({"loss", "val_loss"}, 0, 10));
    QCOMPARE(describe(m_store->metrics(m_run, {std::nullopt, int64_t(7)})),
        (QStringList{"loss@8=80", "loss@9=90", "val_loss@8=81", "val_loss@9=91"}));
    QCOMPARE(describe(m_store->metrics(m_run, {std::string("val_loss"), int64_t(8)})),
        QStringList{"val_loss@9=91"});
    QVERIFY(m_store->metrics(m_run, {std::nullopt, int64_t(9)}).empty());
    // A chart polling: the next read returns only what was appended since.
    m_store->appendMetrics(m_run, grid({"loss"}, 10, 2));
    QCOMPARE(describe(m_store->metrics(m_run, {std::string("loss"), int64_t(9)})),
        (QStringList{"loss@10=100", "loss@11=110"}));
}

void TestStoreMetrics::latestPointPerName()
{
    QVERIFY(m_store->latestMetrics(m_run).empty());
    m_store->appendMetrics(m_run, grid({"loss", "lr"}, 0, 100));
    m_store->appendMetrics(m_run, {{50, "val_loss", 4.0, 0}});
    QCOMPARE(describe(m_store->latestMetrics(m_run)),
        (QStringList{"loss@99=990", "lr@99=991", "val_loss@50=4"}));
}

void TestStoreMetrics::appendMovesRunStepForward()
{
    double created = m_store->run(m_run).updatedAt;
    QTest::qWait(5);
    m_store->appendMetrics(m_run, grid({"loss"}, 0, 20));
    RunRecord r = m_store->run(m_run);
    QCOMPARE(r.step, int64_t(19));
    QVERIFY(r.updatedAt > created);
    // Re-logging earlier steps does not move it back.
    m_store->appendMetrics(m_run, grid({"loss"}, 5, 3));
    QCOMPARE(m_store->run(m_run).step, int64_t(19));
}

void TestStoreMetrics::bestValLossFollowsImprovements()
{
    m_store->appendMetrics(m_run, {{100, "val_loss", 3.0, 0}, {100, "loss", 0.1, 0}});
    QCOMPARE(m_store->run(m_run).bestValLoss, std::optional<double>(3.0));
    QCOMPARE(m_store->run(m_run).bestStep, std::optional<int64_t>(100));
    // Within one batch the lowest wins; "loss" values never count.
    m_store->appendMetrics(
        m_run, {{200, "val_loss", 2.5, 0}, {300, "val_loss", 2.7, 0}, {300, "loss", 0.01, 0}});
    QCOMPARE(m_store->run(m_run).bestValLoss, std::optional<double>(2.5));
    QCOMPARE(m_store->run(m_run).bestStep, std::optional<int64_t>(200));
    // Worse and NaN values leave it alone.
    m_store->appendMetrics(m_run, {{400, "val_loss", 2.6, 0}, {500, "val_loss", NAN, 0}});
    QCOMPARE(m_store->run(m_run).bestStep, std::optional<int64_t>(200));
    m_store->appendMetrics(m_run, {{600, "val_loss", 1.5, 0}});
    QCOMPARE(m_store->run(m_run).bestValLoss, std::optional<double>(1.5));
    QCOMPARE(m_store->run(m_run).bestStep, std::optional<int64_t>(600));
    // The explicit call overwrites, even with a worse value.
    m_store->setBestValLoss(m_run, 1.7, 650);
    QCOMPARE(m_store->run(m_run).bestValLoss, std::optional<double>(1.7));
    QCOMPARE(m_store->run(m_run).bestStep, std::optional<int64_t>(650));
}

void TestStoreMetrics::nanIsStoredAndReadBack()
{
    m_store->appendMetrics(m_run, {{1, "loss", NAN, 0}, {2, "loss", INFINITY, 0}});
    std::vector<MetricPoint> points = m_store->metrics(m_run);
    QCOMPARE(points.size(), size_t(2));
    QVERIFY(std::isnan(points[0].value));
    QVERIFY(std::isinf(points[1].value));
}

void TestStoreMetrics::failingBatchWritesNothing()
{
    m_store->appendMetrics(m_run, grid({"loss"}, 0, 3));
    const RunRecord before = m_store->run(m_run);
    // The database itself refuses one point in the middle of the batch.
    m_store->connection().exec(
        "CREATE TRIGGER refuse_poison BEFORE INSERT ON metrics WHEN NEW.name = 'poison' "
        "BEGIN SELECT RAISE(ABORT, 'poisoned point'); END");
    std::vector<MetricPoint> batch = grid({"loss", "val_loss"}, 3, 5);
    batch.insert(batch.begin() + 4, {5, "poison", 0.0, 0});
    try {
        m_store->appendMetrics(m_run, batch);
        QFAIL("the batch went through");
    } catch (const lw::Error& e) {
        QString msg = e.what();
        QVERIFY2(msg.startsWith(QString::fromStdString(m_store->path())), qPrintable(msg));
        QVERIFY2(msg.contains("INSERT INTO metrics"), qPrintable(msg));
        QVERIFY2(msg.contains("poisoned point"), qPrintable(msg));
    }
    QCOMPARE(m_store->metricCount(m_run), int64_t(3));
    RunRecord after = m_store->run(m_run);
    QCOMPARE(after.step, before.step);
    QCOMPARE(after.updatedAt, before.updatedAt);
    QVERIFY(!after.bestValLoss);
    QVERIFY(!m_store->connection().inTransaction());

    // A point without a name is refused before anything is written.
    QVERIFY_THROWS_EXCEPTION(
        lw::Error, m_store->appendMetrics(m_run, {{9, "loss", 1, 0}, {9, "", 1, 0}}));
    QCOMPARE(m_store->metricCount(m_run), int64_t(3));
}

void TestStoreMetrics::appendToUnknownRunIsAnError()
{
    try {
        m_store->appendMetrics(999, grid({"loss"}, 0, 2));
        QFAIL("appended to a run that does not exist");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains("no run with id 999"), e.what());
    }
    QCOMPARE(m_store->connection().scalarInt64("SELECT count(*) FROM metrics"), int64_t(0));
}

void TestStoreMetrics::samplesAddAndList()
{
    int64_t first = m_store->addSample(m_run, 100, "ROMEO: But soft", 1234.5);
    m_store->addSample(m_run, 100, "JULIET: Ay me");
    m_store->addSample(m_run, 200, "ROMEO: She speaks \xe2\x80\x94 \xf0\x9f\x98\x80");
    std::vector<Sample> all = m_store->samples(m_run);
    QCOMPARE(all.size(), size_t(3));
    QCOMPARE(all[0].id, first);
    QCOMPARE(all[0].runId, m_run);
    QCOMPARE(all[0].text, std::string("ROMEO: But soft"));
    QCOMPARE(all[0].time, 1234.5);
    QVERIFY(all[1].time > 1e9); // defaulted to now
    QCOMPARE(all[2].text, std::string("ROMEO: She speaks \xe2\x80\x94 \xf0\x9f\x98\x80"));
    std::vector<Sample> later = m_store->samples(m_run, 100);
    QCOMPARE(later.size(), size_t(1));
    QCOMPARE(later[0].step, int64_t(200));
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->addSample(999, 1, "no such run"));
}

LW_TEST_GUILESS_MAIN(TestStoreMetrics)
#include "test_store_metrics.moc"

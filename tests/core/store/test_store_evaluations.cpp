// Evaluations: added with their examples in one transaction, read back, listed by task,
// model and run, deleted with their examples; a deleted run leaves its evaluations.
#include "core/store/records.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw::store;

class TestStoreEvaluations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void addedEvaluationReadsBack();
    void listingFiltersAndOrders();
    void deletingRemovesExamples();
    void deletedRunKeepsItsEvaluations();
    void missingFieldsAreRefused();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Store> m_store;
};

void TestStoreEvaluations::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_store = std::make_unique<Store>(m_dir->filePath("workbench.db").toStdString());
}

void TestStoreEvaluations::cleanup()
{
    m_store.reset();
    m_dir.reset();
}

namespace {

EvaluationRecord perplexityOf(const std::string& model, double value, double createdAt)
{
    EvaluationRecord e;
    e.task = "perplexity";
    e.model = model;
    e.modelInfo = {{"format", "checkpoint"}};
    e.dataset = "demo@1";
    e.settings = {{"context", 128}, {"stride", 64}};
    e.summary = {{"perplexity", value}};
    e.toolVersion = "0.1.0";
    e.durationSeconds = 1.5;
    e.createdAt = createdAt;
    return e;
}

} // namespace

void TestStoreEvaluations::addedEvaluationReadsBack()
{
    const std::vector<Json> examples = {{{"index", 0}, {"correct", true}}, {{"index", 1}, {"correct", false}}};
    const int64_t id = m_store->addEvaluation(perplexityOf("3:best", 12.5, 100), examples);
    const auto e = m_store->evaluation(id);
    QVERIFY(e);
    QCOMPARE(e->task, std::string("perplexity"));
    QCOMPARE(e->model, std::string("3:best"));
    QCOMPARE(e->summary["perplexity"].get<double>(), 12.5);
    QCOMPARE(e->settings["stride"].get<int>(), 64);
    QCOMPARE(e->dataset, std::string("demo@1"));
    QCOMPARE(e->toolVersion, std::string("0.1.0"));
    QCOMPARE(e->durationSeconds, 1.5);
    QCOMPARE(e->createdAt, 100.0);
    QVERIFY(!e->runId);
    QVERIFY(!e->step);
    QCOMPARE(m_store->evaluationExamples(id), examples);
    QCOMPARE(m_store->evaluationExampleCount(id), int64_t(2));
    QVERIFY(!m_store->evaluation(id + 1));
}

void TestStoreEvaluations::listingFiltersAndOrders()
{
    const int64_t run = m_store->createRun(NewRun("scrubbed"));
    m_store->addEvaluation(perplexityOf("a", 10, 100));
    auto mc = perplexityOf("b", 0, 300);
    mc.task = "mc";
    m_store->addEvaluation(mc);
    for (int64_t step : {200, 100}) {
        auto e = perplexityOf(std::to_string(run), 20.0 - step / 100.0, 200);
        e.runId = run;
        e.step = step;
        m_store->addEvaluation(e);
    }
    const auto all = m_store->listEvaluations();
    QCOMPARE(all.size(), size_t(4));
    QCOMPARE(all.front().model, std::string("b")); // newest first
    QCOMPARE(all.back().model, std::string("a"));
    EvaluationQuery byTask;
    byTask.task = "mc";
    QCOMPARE(m_store->listEvaluations(byTask).size(), size_t(1));
    EvaluationQuery byModel;
    byModel.model = "a";
    QCOMPARE(m_store->listEvaluations(byModel).size(), size_t(1));
    EvaluationQuery byRun;
    byRun.runId = run;
    const auto ofRun = m_store->listEvaluations(byRun);
    QCOMPARE(ofRun.size(), size_t(2));
    QCOMPARE(*ofRun[0].step, int64_t(100)); // a run's evaluations come by step
    QCOMPARE(*ofRun[1].step, int64_t(200));
    EvaluationQuery limited;
    limited.limit = 1;
    QCOMPARE(m_store->listEvaluations(limited).size(), size_t(1));
}

void TestStoreEvaluations::deletingRemovesExamples()
{
    const int64_t id = m_store->addEvaluation(perplexityOf("a", 1, 0), {{{"x", 1}}});
    m_store->deleteEvaluation(id);
    QVERIFY(!m_store->evaluation(id));
    QCOMPARE(m_store->evaluationExampleCount(id), int64_t(0));
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->deleteEvaluation(id));
}

void TestStoreEvaluations::deletedRunKeepsItsEvaluations()
{
    const int64_t run = m_store->createRun(NewRun("gone"));
    auto e = perplexityOf("gone", 5, 0);
    e.runId = run;
    e.step = 10;
    const int64_t id = m_store->addEvaluation(e);
    m_store->deleteRun(run);
    const auto kept = m_store->evaluation(id);
    QVERIFY(kept);
    QVERIFY(!kept->runId);
    QCOMPARE(*kept->step, int64_t(10));
}

void TestStoreEvaluations::missingFieldsAreRefused()
{
    auto noTask = perplexityOf("a", 1, 0);
    noTask.task.clear();
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->addEvaluation(noTask));
    auto noModel = perplexityOf("a", 1, 0);
    noModel.model.clear();
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_store->addEvaluation(noModel));
    QVERIFY(m_store->listEvaluations().empty());
}

LW_TEST_GUILESS_MAIN(TestStoreEvaluations)
#include "test_store_evaluations.moc"

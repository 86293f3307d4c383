// The Evaluate panel reading a project whose evaluations were added through the store
// (eval_panel_fixture.h): the table with each main score ± its standard error, the task
// filter, the chart of the selected scores, one evaluation's examples, two compared
// with the "only where they disagree" filter finding exactly the questions made to
// disagree (and not the one both get wrong), a run's scores against its steps, and deleting an evaluation.
#include "eval_panel_fixture.h"
#include "test_registry.h"
#include "ui/panels/evaluate/eval_examples_view.h"
#include "ui/panels/evaluate/eval_form.h"
#include "ui/panels/evaluate/eval_results_table.h"
#include "ui/panels/evaluate/evaluate_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLocale>
#include <QTableWidget>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace lw::ui;
using namespace lw::ui::evaluate;

class TestEvalResults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void tableShowsEveryEvaluationWithItsScore();
    void taskFilterKeepsOneTask();
    void chartDrawsTheSelectedScoresWithErrors();
    void examplesOfTheSelectedEvaluation();
    void compareFindsExactlyTheDisagreements();
    void runScoresAgainstSteps();
    void deleteRemovesTheEvaluation();
    void quantReportOfAProjectModelShowsItsNameAndSmallDivergence();

private:
    void select(const QList<qint64>& ids);
    int rowOf(qint64 id) const;

    QTemporaryDir m_dir;
    eval_fixture::EvalProject m_ids;
    std::unique_ptr<JobSupervisor> m_supervisor;
    std::unique_ptr<EvaluatePanel> m_panel;
};

void TestEvalResults::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_ids = eval_fixture::makeEvalProject(m_dir.filePath(QStringLiteral("project")));
    m_supervisor = std::make_unique<JobSupervisor>();
    m_panel = std::make_unique<EvaluatePanel>(m_supervisor.get());
    m_panel->resize(1100, 700);
    QSignalSpy listed(m_panel.get(), &EvaluatePanel::listed);
    m_panel->setProjectDir(m_dir.filePath(QStringLiteral("project")));
    QVERIFY(listed.wait(20000));
}

int TestEvalResults::rowOf(qint64 id) const
{
    for (int row = 0; row < m_panel->resultsTable()->rowCount(); ++row)
        if (m_panel->resultsTable()->evaluationIdAt(row) == id)
            return row;
    return -1;
}

void TestEvalResults::select(const QList<qint64>& ids)
{
    QSignalSpy shown(m_panel.get(), &EvaluatePanel::examplesShown);
    m_panel->resultsTable()->selectEvaluations(ids);
    QVERIFY(shown.wait(20000));
}

void TestEvalResults::tableShowsEveryEvaluationWithItsScore()
{
    EvalResultsTable* table = m_panel->resultsTable();
    QCOMPARE(table->rowCount(), 5);
    const QLocale l;
    // 6 of 8 right: 0.750, and the stored sqrt(0.75 * 0.25 / 7) = 0.1637 shown as 0.164.
    const int mc = rowOf(m_ids.mcFirst);
    QVERIFY(mc >= 0);
    QCOMPARE(table->item(mc, EvalResultsTable::ScoreColumn)->text(),
             l.toString(0.75, 'f', 3) + QStringLiteral(" ± ") + l.toString(0.164, 'f', 3));
    QCOMPARE(table->item(mc, EvalResultsTable::CountColumn)->text(), l.toString(8));
    QCOMPARE(table->item(mc, EvalResultsTable::DatasetColumn)->text(), QStringLiteral("quiz.jsonl"));
    QCOMPARE(table->item(mc, EvalResultsTable::ModelColumn)->text(), QStringLiteral("1:best"));
    // The per-subject figures of the summary, one line each.
    QCOMPARE(table->item(mc, EvalResultsTable::ScoreColumn)->toolTip(),
             QStringLiteral("algebra: acc %1 (n = %2)\nphysics: acc %3 (n = %2)")
                 .arg(l.toString(0.5, 'f', 3), l.toString(4), l.toString(1.0, 'f', 3)));
    // Exact match without a stored error: p = 0.75 of n = 4, sqrt(0.75 * 0.25 / 3) = 0.25.
    const int generate = rowOf(m_ids.generate);
    QCOMPARE(table->item(generate, EvalResultsTable::ScoreColumn)->text(),
             l.toString(0.75, 'f', 3) + QStringLiteral(" ± ") + l.toString(0.25, 'f', 3));
    // Perplexity exp(256 / 128) = e^2 = 7.389, no error; n is the tokens scored.
    const int perplexity = rowOf(m_ids.perplexityAt30);
    QCOMPARE(table->item(perplexity, EvalResultsTable::ScoreColumn)->text(), l.toString(7.389, 'f', 3));
    QCOMPARE(table->item(perplexity, EvalResultsTable::CountColumn)->text(), l.toString(128));
    QVERIFY(table->item(perplexity, EvalResultsTable::ScoreColumn)->toolTip().isEmpty());
    QCOMPARE(table->item(mc, EvalResultsTable::DurationColumn)->text(), QStringLiteral("1m 05s"));
}

void TestEvalResults::taskFilterKeepsOneTask()
{
    QComboBox* filter = m_panel->taskFilter();
    filter->setCurrentIndex(filter->findData(QStringLiteral("mc")));
    QCOMPARE(m_panel->resultsTable()->rowCount(), 2);
    QVERIFY(rowOf(m_ids.mcFirst) >= 0 && rowOf(m_ids.mcSecond) >= 0);
    filter->setCurrentIndex(filter->findData(QStringLiteral("perplexity")));
    QCOMPARE(m_panel->resultsTable()->rowCount(), 2);
    filter->setCurrentIndex(0);
    QCOMPARE(m_panel->resultsTable()->rowCount(), 5);
}

void TestEvalResults::chartDrawsTheSelectedScoresWithErrors()
{
    select({m_ids.mcFirst, m_ids.mcSecond});
    QCustomPlot* plot = m_panel->scoreChart();
    QCOMPARE(plot->graphCount(), 1);
    QCOMPARE(plot->graph(0)->dataCount(), 2);
    QCOMPARE(plot->graph(0)->data()->at(0)->value, 0.75);
    QCOMPARE(plot->graph(0)->data()->at(1)->value, 0.75);
    auto* errors = qobject_cast<QCPErrorBars*>(plot->plottable(1));
    QVERIFY(errors);
    QCOMPARE(errors->dataCount(), 2);
    QVERIFY(std::abs(errors->data()->at(0).errorPlus - std::sqrt(0.75 * 0.25 / 7)) < 1e-12);
    // The range holds the error bars.
    QVERIFY(plot->yAxis->range().lower < 0.75 - 0.16 && plot->yAxis->range().upper > 0.75 + 0.16);
}

void TestEvalResults::examplesOfTheSelectedEvaluation()
{
    select({m_ids.mcFirst});
    QTableWidget* table = m_panel->examplesView()->table();
    QCOMPARE(table->rowCount(), 8);
    // Question 5: gold B (1), picked C (2), wrong.
    QCOMPARE(table->item(5, 2)->text(), QStringLiteral("C"));
    QCOMPARE(table->item(5, 3)->text(), QStringLiteral("B"));
    QVERIFY(table->item(5, 4)->text().startsWith(QStringLiteral("✗")));
    QVERIFY(table->item(3, 4)->text().startsWith(QStringLiteral("✓")));

    select({m_ids.generate});
    QCOMPARE(table->rowCount(), 4);
    QCOMPARE(table->item(2, 1)->text(), QStringLiteral("Capital number 2"));
    QCOMPARE(table->item(2, 2)->text(), QStringLiteral("Lima"));
    QCOMPARE(table->item(2, 3)->text(), QStringLiteral("Quito"));
    QCOMPARE(table->item(2, 4)->text(), QStringLiteral("✗"));
}

void TestEvalResults::compareFindsExactlyTheDisagreements()
{
    select({m_ids.mcFirst, m_ids.mcSecond});
    EvalExamplesView* compare = m_panel->compareView();
    compare->disagreeFilter()->setChecked(false);
    QCOMPARE(compare->shownKeys(), QList<qint64>({0, 1, 2, 3, 4, 5, 6, 7}));
    compare->disagreeFilter()->setChecked(true);
    // Independently: the questions where exactly one of the two picks is the gold one.
    QList<qint64> expected;
    for (size_t i = 0; i < eval_fixture::kGold.size(); ++i)
        if ((eval_fixture::kFirstPred[i] == eval_fixture::kGold[i]) !=
            (eval_fixture::kSecondPred[i] == eval_fixture::kGold[i]))
            expected.append(qint64(i));
    QCOMPARE(expected, QList<qint64>({1, 6}));
    QCOMPARE(compare->shownKeys(), expected);
    compare->disagreeFilter()->setChecked(false);

    // Two evaluations of different tasks are not compared.
    select({m_ids.mcFirst, m_ids.generate});
    QCOMPARE(compare->table()->rowCount(), 0);
}

void TestEvalResults::runScoresAgainstSteps()
{
    m_panel->form()->setTask(QStringLiteral("perplexity"));
    QComboBox* runs = m_panel->scrubRunBox();
    QCOMPARE(runs->count(), 1);
    QCOMPARE(runs->currentData().toLongLong(), m_ids.runId);
    QCOMPARE(m_panel->scrubbableRuns().first().checkpoints.size(), 3);
    QCustomPlot* plot = m_panel->stepChart();
    QCOMPARE(plot->graph(0)->dataCount(), 2);
    // exp(512 / 128) = e^4 at step 10, exp(256 / 128) = e^2 at step 30.
    QCOMPARE(plot->graph(0)->data()->at(0)->key, 10.0);
    QVERIFY(std::abs(plot->graph(0)->data()->at(0)->value - std::exp(4.0)) < 1e-9);
    QCOMPARE(plot->graph(0)->data()->at(1)->key, 30.0);
    QVERIFY(std::abs(plot->graph(0)->data()->at(1)->value - std::exp(2.0)) < 1e-9);
    // Another task has no evaluations of the run.
    m_panel->form()->setTask(QStringLiteral("mc"));
    QCOMPARE(plot->graph(0)->dataCount(), 0);
}

void TestEvalResults::deleteRemovesTheEvaluation()
{
    QSignalSpy listed(m_panel.get(), &EvaluatePanel::listed);
    m_panel->deleteEvaluation(m_ids.generate);
    QVERIFY(listed.wait(20000));
    QCOMPARE(m_panel->resultsTable()->rowCount(), 4);
    QCOMPARE(rowOf(m_ids.generate), -1);
    const lw::store::Project project = lw::store::Project::open(m_dir.filePath(QStringLiteral("project")).toStdString());
    QVERIFY(!project.openStore().evaluation(m_ids.generate).has_value());
    QCOMPARE(project.openStore().evaluationExampleCount(m_ids.generate), 0);
}

void TestEvalResults::quantReportOfAProjectModelShowsItsNameAndSmallDivergence()
{
    // A quantization report of a model named in the project, as `llmwb quant-report`
    // stores it: the worker's label is English ("model 'NAME'"), the KL divergence tiny.
    qint64 id = 0;
    {
        const lw::store::Project project =
            lw::store::Project::open(m_dir.filePath(QStringLiteral("project")).toStdString());
        lw::store::EvaluationRecord record;
        record.task = "quant_report";
        record.model = "demo-q8_0";
        record.modelInfo = {{"label", "model 'demo-q8_0'"}, {"model_id", 7}, {"format", "gguf"}};
        record.summary = {{"kl_mean", 0.000213}, {"kl_stderr", 0.0000125}, {"n", 4096}};
        id = project.openStore().addEvaluation(record, {});
    }
    QSignalSpy listed(m_panel.get(), &EvaluatePanel::listed);
    m_panel->refresh();
    QVERIFY(listed.wait(20000));
    const int row = rowOf(id);
    QVERIFY(row >= 0);
    EvalResultsTable* table = m_panel->resultsTable();
    QCOMPARE(table->item(row, EvalResultsTable::ModelColumn)->text(), QStringLiteral("demo-q8_0"));
    // Three significant digits below 0.01: 2.13e-4 needs 6 decimals, 1.25e-5 needs 7.
    const QLocale l;
    QCOMPARE(table->item(row, EvalResultsTable::ScoreColumn)->text(),
             l.toString(0.000213, 'f', 6) + QStringLiteral(" ± ") + l.toString(0.0000125, 'f', 7));
}

LW_TEST_MAIN(TestEvalResults)
#include "test_eval_results.moc"

// The Evaluate panel's "By subject" table on real `llmwb eval mc` evaluations: two tiny
// GPT-2-shape models (different seeds) evaluated by the CLI on the two MMLU-Redux
// subjects imported as one dataset. For one evaluation the table's figures are the
// stored summary's (read from the store here, not through the panel), with the standard
// error computed here from acc and n as the harness defines it, sqrt(p (1 - p) / (n - 1));
// for both side by side each subject's row holds each model's own figures and their
// difference, however the table is sorted. Sorting is checked on an evaluation of six
// subjects stored through the store with counts only.
#include "core/model/transformer.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/train/checkpoint.h"
#include "shared_data.h"
#include "test_registry.h"
#include "ui/panels/evaluate/eval_results_table.h"
#include "ui/panels/evaluate/eval_subjects_view.h"
#include "ui/panels/evaluate/evaluate_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"

#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QLocale>
#include <QProcess>
#include <QTableWidget>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <tuple>

using namespace lw::ui;
using namespace lw::ui::evaluate;

namespace {

constexpr int kValue = EvalSubjectsView::kValueRole;
constexpr int kStderr = EvalSubjectsView::kStderrRole;

// The harness's standard error of a 0/1 metric, from its definition.
double harnessStderr(double p, double n)
{
    return std::sqrt(p * (1 - p) / (n - 1));
}

bool runLlmwb(const QString& worker, const QStringList& arguments)
{
    QProcess process;
    process.start(worker, arguments);
    if (!process.waitForFinished(240000) || process.exitCode() != 0) {
        qWarning("llmwb %s: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                 process.readAllStandardError().constData());
        return false;
    }
    return true;
}

} // namespace

class TestEvalSubjects : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void oneEvaluationShowsTheStoredFigures();
    void twoEvaluationsLineUpBySubject();
    void sortingOrdersEveryColumn();

private:
    void openPanel(EvaluatePanel& panel);
    lw::store::Json storedSummary(qint64 id) const;
    // The row of `subject` (its stored key), -1 when absent.
    static int rowOf(QTableWidget* table, const QString& subject);

    QTemporaryDir m_dir;
    QString m_project;
    qint64 m_firstId = 0;  // seed 5, evaluated first
    qint64 m_secondId = 0; // seed 6
};

void TestEvalSubjects::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    const QString worker = ui_test::useBuiltWorker();
    m_project = m_dir.filePath(QStringLiteral("project"));
    const QString files[] = {
        QString::fromStdString(lw::test::sharedDataPath("mmlu-redux/mmlu_abstract_algebra.csv")),
        QString::fromStdString(lw::test::sharedDataPath("mmlu-redux/mmlu_high_school_physics.csv"))};
    QVERIFY(runLlmwb(worker, {"data", "import", "--project", m_project, "--input", files[0], "--input", files[1],
                              "--format", "mc", "--name", "mmlu-two"}));
    // Two models of GPT-2's vocabulary, small enough to score the 200 questions in seconds.
    const std::string tokenizer = lw::test::sharedDataPath("llms-from-scratch/gpt2-bpe");
    for (int seed : {5, 6}) {
        lw::model::ModelConfig config;
        config.family = lw::model::Family::Gpt2;
        config.vocab_size = 50257;
        config.context_length = 512;
        config.n_layer = 1;
        config.n_head = 2;
        config.d_model = 16;
        lw::model::Transformer model(config);
        model->initializeWeights(seed);
        const QString checkpoint = m_dir.filePath(QStringLiteral("tiny-%1/step-1.safetensors").arg(seed));
        QVERIFY(QDir().mkpath(QFileInfo(checkpoint).path()));
        lw::train::saveCheckpoint(checkpoint.toStdString(), model, nullptr, nlohmann::json::object(), {}, tokenizer);
        QVERIFY(runLlmwb(worker, {"eval", "mc", "--model", checkpoint, "--data", "mmlu-two", "--project", m_project,
                                  "--threads", "1"}));
    }
    const auto project = lw::store::Project::open(m_project.toStdString());
    lw::store::Store store = project.openStore();
    const auto stored = store.listEvaluations();
    QCOMPARE(stored.size(), size_t(2));
    m_firstId = std::min(stored[0].id, stored[1].id);
    m_secondId = std::max(stored[0].id, stored[1].id);
}

lw::store::Json TestEvalSubjects::storedSummary(qint64 id) const
{
    const auto project = lw::store::Project::open(m_project.toStdString());
    lw::store::Store store = project.openStore();
    const auto record = store.evaluation(id);
    return record ? record->summary : lw::store::Json();
}

int TestEvalSubjects::rowOf(QTableWidget* table, const QString& subject)
{
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->data(kValue).toString() == subject)
            return row;
    return -1;
}

void TestEvalSubjects::openPanel(EvaluatePanel& panel)
{
    QSignalSpy listed(&panel, &EvaluatePanel::listed);
    panel.setProjectDir(m_project);
    QVERIFY(listed.wait(30000));
}

void TestEvalSubjects::oneEvaluationShowsTheStoredFigures()
{
    JobSupervisor supervisor;
    EvaluatePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openPanel(panel);
    panel.resultsTable()->selectEvaluations({m_firstId});
    panel.tabs()->setCurrentWidget(panel.subjectsView());
    EvalSubjectsView* view = panel.subjectsView();
    QCOMPARE(view->shown().size(), 1);
    QVERIFY(!view->isComparing());
    QTableWidget* table = view->table();

    const lw::store::Json summary = storedSummary(m_firstId);
    const lw::store::Json& subjects = summary.at("subjects");
    QCOMPARE(subjects.size(), size_t(2));
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->columnCount(), 4);
    int64_t total = 0;
    for (const auto& [name, figures] : subjects.items()) {
        const int row = rowOf(table, QString::fromStdString(name));
        QVERIFY2(row >= 0, name.c_str());
        const double n = figures.at("n").get<double>();
        total += int64_t(n);
        const double acc = figures.at("acc").get<double>(), accNorm = figures.at("acc_norm").get<double>();
        QCOMPARE(table->item(row, 1)->data(kValue).toDouble(), acc);
        QCOMPARE(table->item(row, 2)->data(kValue).toDouble(), accNorm);
        QCOMPARE(table->item(row, 3)->data(kValue).toDouble(), n);
        QVERIFY(std::abs(table->item(row, 1)->data(kStderr).toDouble() - harnessStderr(acc, n)) < 1e-12);
        QVERIFY(std::abs(table->item(row, 2)->data(kStderr).toDouble() - harnessStderr(accNorm, n)) < 1e-12);
        // What the user reads: three decimals each, in the language's format.
        const QString accText = table->item(row, 1)->text();
        QCOMPARE(accText, QStringLiteral("%1 ± %2")
                              .arg(QLocale().toString(acc, 'f', 3), QLocale().toString(harnessStderr(acc, n), 'f', 3)));
        QCOMPARE(table->item(row, 3)->text(), QLocale().toString(qint64(n)));
    }
    // Every question belongs to one of the two subjects (100 each in MMLU-Redux).
    QCOMPARE(total, summary.at("n").get<int64_t>());
    QCOMPARE(total, int64_t(200));
}

void TestEvalSubjects::twoEvaluationsLineUpBySubject()
{
    JobSupervisor supervisor;
    EvaluatePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openPanel(panel);
    panel.resultsTable()->selectEvaluations({m_firstId, m_secondId});
    EvalSubjectsView* view = panel.subjectsView();
    QVERIFY(view->isComparing());
    QCOMPARE(view->shown().at(0).id, m_firstId); // the older on the left
    QCOMPARE(view->shown().at(1).id, m_secondId);
    QTableWidget* table = view->table();
    QCOMPARE(table->columnCount(), 5); // subject, n, one per model, change
    const lw::store::Json first = storedSummary(m_firstId).at("subjects");
    const lw::store::Json second = storedSummary(m_secondId).at("subjects");
    bool differ = false; // the two models must not agree everywhere, or lining up proves nothing
    for (const char* metric : {"acc", "acc_norm"}) {
        view->metricBox()->setCurrentIndex(view->metricBox()->findText(QString::fromLatin1(metric)));
        for (int sortColumn : {0, 2, 4}) {
            table->sortByColumn(sortColumn, Qt::DescendingOrder);
            QCOMPARE(table->rowCount(), 2);
            for (const auto& [name, figures] : first.items()) {
                const int row = rowOf(table, QString::fromStdString(name));
                QVERIFY2(row >= 0, name.c_str());
                const double a = figures.at(metric).get<double>();
                const double b = second.at(name).at(metric).get<double>();
                const double n = figures.at("n").get<double>();
                differ = differ || a != b;
                QCOMPARE(table->item(row, 1)->data(kValue).toDouble(), n);
                QCOMPARE(table->item(row, 2)->data(kValue).toDouble(), a);
                QCOMPARE(table->item(row, 3)->data(kValue).toDouble(), b);
                QVERIFY(std::abs(table->item(row, 3)->data(kStderr).toDouble() - harnessStderr(b, n)) < 1e-12);
                QCOMPARE(table->item(row, 4)->data(kValue).toDouble(), b - a);
            }
        }
    }
    QVERIFY(differ);
    QVERIFY(table->horizontalHeaderItem(2)->text().endsWith(QStringLiteral("#%1").arg(m_firstId)));
    QVERIFY(table->horizontalHeaderItem(3)->text().endsWith(QStringLiteral("#%1").arg(m_secondId)));
}

void TestEvalSubjects::sortingOrdersEveryColumn()
{
    // Six subjects with counts only (what `llmwb eval mc` keeps per subject): right
    // answers and sizes chosen so that no two rows tie in any column.
    const std::vector<std::tuple<std::string, int, int, int>> rows = {
        {"anatomy", 3, 5, 10}, {"astronomy", 9, 2, 12}, {"virology", 1, 7, 8},
        {"nutrition", 6, 4, 14}, {"prehistory", 4, 9, 11}, {"sociology", 8, 1, 9}};
    lw::store::Json subjects = lw::store::Json::object();
    int right = 0, total = 0;
    for (const auto& [name, acc, accNorm, n] : rows) {
        subjects[name] = {{"acc", double(acc) / n}, {"acc_norm", double(accNorm) / n}, {"n", n}};
        right += acc;
        total += n;
    }
    qint64 id = 0;
    {
        const auto project = lw::store::Project::open(m_project.toStdString());
        lw::store::Store store = project.openStore();
        lw::store::EvaluationRecord record;
        record.task = "mc";
        record.model = "six-subjects";
        record.modelInfo = {{"label", "six-subjects"}};
        record.dataset = "six-subjects.csv";
        record.summary = {{"acc", double(right) / total}, {"n", total}, {"subjects", subjects}};
        record.createdAt = 1.9e9;
        id = store.addEvaluation(record, {});
    }
    JobSupervisor supervisor;
    EvaluatePanel panel(&supervisor);
    panel.show();
    openPanel(panel);
    panel.resultsTable()->selectEvaluations({id});
    QTableWidget* table = panel.subjectsView()->table();
    QCOMPARE(table->rowCount(), 6);
    // By subject, A to Z, before the user sorts.
    QStringList names;
    for (int row = 0; row < table->rowCount(); ++row)
        names << table->item(row, 0)->data(kValue).toString();
    QStringList sortedNames = names;
    std::sort(sortedNames.begin(), sortedNames.end());
    QCOMPARE(names, sortedNames);
    for (int column = 1; column < 4; ++column) {
        for (Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            table->sortByColumn(column, order);
            std::vector<double> values;
            for (int row = 0; row < table->rowCount(); ++row) {
                values.push_back(table->item(row, column)->data(kValue).toDouble());
                // The row stays whole: its figures are still its subject's.
                const std::string name = table->item(row, 0)->data(kValue).toString().toStdString();
                QCOMPARE(table->item(row, 3)->data(kValue).toDouble(), subjects.at(name).at("n").get<double>());
                QCOMPARE(table->item(row, 1)->data(kValue).toDouble(), subjects.at(name).at("acc").get<double>());
            }
            std::vector<double> expected = values;
            std::sort(expected.begin(), expected.end());
            if (order == Qt::DescendingOrder)
                std::reverse(expected.begin(), expected.end());
            QCOMPARE(values, expected);
        }
    }
}

LW_TEST_MAIN(TestEvalSubjects)
#include "test_eval_subjects.moc"

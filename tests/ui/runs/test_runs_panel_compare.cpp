// Runs panel, comparing runs: the selected runs' curves overlaid in the chart (and
// growing with a live run), their configs side by side, the current run's samples, and
// exports of the chart and of the metrics as CSV.
#include "panel_test_helpers.h"
#include "runs_fixture.h"

#include "ui/panels/runs/runs_chart_pane.h"
#include "ui/widgets/config_diff_view.h"
#include "ui/widgets/flatten_json.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"
#include "test_registry.h"

#include <QCheckBox>
#include <QImage>
#include <QPlainTextEdit>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <tuple>

using namespace lw::store;
using lw::ui::RunsChartPane;
using lw::ui::RunsPanel;

class TestRunsPanelCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void selectingTwoRunsOverlaysTheirCurves();
    void curvesOfALiveRunGrowOnRefresh();
    void evaluatedCheckpointsChartScoreAgainstStep();
    void chartControlsSwitchScaleAndSmoothing();
    void configDiffMarksExactlyTheDifferingKeys();
    void samplesOfTheCurrentRunAreShown();
    void csvExportHasTheInsertedMetrics();
    void chartExportsAsPngAndSvg();

private:
    void selectSmallAndDeep();
    int count(qint64 runId, const char* metric);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RunsFixture> m_fixture;
    std::unique_ptr<RunsPanel> m_panel;
    int64_t m_small = 0, m_deep = 0, m_other = 0;
};

void TestRunsPanelCompare::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_fixture = std::make_unique<RunsFixture>(m_dir->filePath("project"));
    m_small = m_fixture->addRun({"small", RunStatus::Completed, 40, 100, 2.0, {}, RunsFixture::config(4, 6e-4, 8)});
    // A name that needs CSV quoting; a config that differs in two keys.
    m_deep = m_fixture->addRun({"deep, \"wide\"", RunStatus::Completed, 60, 100, 1.7, {}, RunsFixture::config(8, 6e-4, 16)});
    m_other = m_fixture->addRun({"other", RunStatus::Completed, 20, 100, 2.2, {}, RunsFixture::config(4, 6e-4, 8)});

    m_panel = std::make_unique<RunsPanel>();
    m_panel->resize(1200, 800);
    QSignalSpy refreshed(m_panel.get(), &RunsPanel::runsRefreshed);
    m_panel->setProjectDir(m_fixture->dir());
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(10000));
}

void TestRunsPanelCompare::cleanup()
{
    m_panel.reset();
    m_fixture.reset();
    m_dir.reset();
}

void TestRunsPanelCompare::selectSmallAndDeep()
{
    QVERIFY(panel_test::clickRun(*m_panel, m_small));
    QVERIFY(panel_test::clickRun(*m_panel, m_deep, Qt::ControlModifier));
    QCOMPARE(m_panel->selectedRunIds().size(), 2);
}

int TestRunsPanelCompare::count(qint64 runId, const char* metric)
{
    int n = 0;
    for (const auto& point : m_fixture->metrics(runId))
        n += point.name == metric;
    return n;
}

void TestRunsPanelCompare::selectingTwoRunsOverlaysTheirCurves()
{
    selectSmallAndDeep();
    lw::ui::LossChart* chart = m_panel->chart();
    QTRY_COMPARE_WITH_TIMEOUT(chart->pointCount(RunsChartPane::lossKey(m_deep)), count(m_deep, "loss"), 10000);
    QTRY_COMPARE(chart->pointCount(RunsChartPane::lossKey(m_small)), count(m_small, "loss"));
    QCOMPARE(chart->seriesKeys().size(), 4);
    QCOMPARE(chart->pointCount(RunsChartPane::lossKey(m_small)), 40);
    QCOMPARE(chart->pointCount(RunsChartPane::valLossKey(m_small)), 4);
    QCOMPARE(chart->pointCount(RunsChartPane::valLossKey(m_deep)), count(m_deep, "val_loss"));
    // One colour per run, shared by its two curves.
    const QColor small = chart->rawGraph(RunsChartPane::lossKey(m_small))->pen().color();
    const QColor deep = chart->rawGraph(RunsChartPane::lossKey(m_deep))->pen().color();
    QVERIFY(small.rgb() != deep.rgb());
    QCOMPARE(chart->smoothedGraph(RunsChartPane::valLossKey(m_small))->pen().color().rgb(), small.rgb());

    // Selecting another run alone replaces the overlay.
    QVERIFY(panel_test::clickRun(*m_panel, m_other));
    QTRY_COMPARE(chart->pointCount(RunsChartPane::lossKey(m_other)), 20);
    QCOMPARE(chart->seriesKeys().size(), 2);
    QVERIFY(!chart->hasSeries(RunsChartPane::lossKey(m_small)));
}

void TestRunsPanelCompare::curvesOfALiveRunGrowOnRefresh()
{
    QVERIFY(panel_test::clickRun(*m_panel, m_small));
    lw::ui::LossChart* chart = m_panel->chart();
    QTRY_COMPARE_WITH_TIMEOUT(chart->pointCount(RunsChartPane::lossKey(m_small)), 40, 10000);
    m_fixture->appendSteps(m_small, 41, 75, 2.0); // the trainer goes on
    m_panel->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(chart->pointCount(RunsChartPane::lossKey(m_small)), 75, 10000);
    QCOMPARE(chart->pointCount(RunsChartPane::valLossKey(m_small)), 7);
    // The points appended are the new ones, in order, not the old ones again.
    const auto& data = *chart->rawGraph(RunsChartPane::lossKey(m_small))->data();
    QCOMPARE((data.constEnd() - 1)->key, 75.0);
    QCOMPARE((data.constEnd() - 1)->value, RunsFixture::lossAt(75, 2.0));
}

void TestRunsPanelCompare::evaluatedCheckpointsChartScoreAgainstStep()
{
    // Three checkpoints of `small` scored on one multiple-choice file (step 20 twice: the
    // later figure counts), one perplexity, and an evaluation of no run that must not show.
    {
        auto store = m_fixture->openStore();
        auto add = [&](std::optional<int64_t> run, int64_t step, const char* task, const char* key, double value) {
            lw::store::EvaluationRecord e;
            e.task = task;
            e.model = "m";
            e.runId = run;
            e.step = step;
            e.dataset = "/data/physics.csv";
            e.summary = {{key, value}};
            store.addEvaluation(e);
        };
        add(m_small, 10, "mc", "acc", 0.25);
        add(m_small, 20, "mc", "acc", 0.30);
        add(m_small, 30, "mc", "acc", 0.40);
        add(m_small, 20, "mc", "acc", 0.35);
        add(m_small, 30, "perplexity", "perplexity", 12.5);
        add(std::nullopt, 30, "mc", "acc", 0.9);
    }
    QVERIFY(panel_test::clickRun(*m_panel, m_small));
    lw::ui::LossChart* chart = m_panel->chart();
    const QString acc = RunsChartPane::evalKey(m_small, QStringLiteral("mc acc (physics)"));
    const QString ppl = RunsChartPane::evalKey(m_small, QStringLiteral("perplexity (physics)"));
    QTRY_COMPARE_WITH_TIMEOUT(chart->pointCount(acc), 3, 10000);
    QCOMPARE(chart->pointCount(ppl), 1);
    const auto& data = *chart->rawGraph(acc)->data();
    QVector<double> steps, values;
    for (auto it = data.constBegin(); it != data.constEnd(); ++it) {
        steps.append(it->key);
        values.append(it->value);
    }
    QCOMPARE(steps, (QVector<double>{10, 20, 30}));
    QCOMPARE(values, (QVector<double>{0.25, 0.35, 0.40}));
    QCOMPARE(chart->rawGraph(acc)->valueAxis(), chart->plot()->yAxis2);
    // Deselecting the run takes its evaluation curves away with its losses.
    QVERIFY(panel_test::clickRun(*m_panel, m_other));
    QTRY_VERIFY(!chart->hasSeries(acc));
    QVERIFY(!chart->hasSeries(ppl));
}

void TestRunsPanelCompare::chartControlsSwitchScaleAndSmoothing()
{
    RunsChartPane* pane = m_panel->chartPane();
    QCheckBox* log = pane->logScaleBox();
    QVERIFY(!m_panel->chart()->logScale());
    QTest::mouseClick(log, Qt::LeftButton, {}, QPoint(8, log->height() / 2));
    QVERIFY(m_panel->chart()->logScale());
    QSlider* smoothing = pane->smoothingSlider();
    QTest::keyClick(smoothing, Qt::Key_Home);
    QCOMPARE(m_panel->chart()->smoothing(), 0.0);
    QTest::keyClick(smoothing, Qt::Key_End);
    QCOMPARE(m_panel->chart()->smoothing(), 0.99);
}

void TestRunsPanelCompare::configDiffMarksExactlyTheDifferingKeys()
{
    selectSmallAndDeep();
    lw::ui::ConfigDiffView* diff = m_panel->configDiff();
    QTRY_COMPARE(diff->model()->columnCount(), 3);
    QCOMPARE(diff->model()->differingKeys(), QStringList({"batch_size", "model.n_layer"}));
    QCOMPARE(diff->model()->totalKeyCount(), int(lw::ui::flattenJson(RunsFixture::config(4, 6e-4)).size()));

    m_panel->tabs()->setCurrentWidget(diff);
    QCheckBox* only = diff->onlyDifferencesBox();
    QTest::mouseClick(only, Qt::LeftButton, {}, QPoint(8, only->height() / 2));
    QCOMPARE(diff->model()->rowCount(), 2);
    // Columns follow the table (newest first); find each run's by its header.
    const int smallColumn = diff->model()->headerData(1, Qt::Horizontal).toString() == QString("#%1 small").arg(m_small) ? 1 : 2;
    QCOMPARE(diff->model()->headerData(smallColumn, Qt::Horizontal).toString(), QString("#%1 small").arg(m_small));
    QCOMPARE(diff->model()->keyAt(1), QString("model.n_layer"));
    QCOMPARE(diff->model()->index(1, smallColumn).data().toString(), QString("4"));
    QCOMPARE(diff->model()->index(1, 3 - smallColumn).data().toString(), QString("8"));

    // Two runs with the same config: nothing differs.
    QVERIFY(panel_test::clickRun(*m_panel, m_other, Qt::ControlModifier)); // adds other
    QVERIFY(panel_test::clickRun(*m_panel, m_deep, Qt::ControlModifier));  // removes deep
    QTRY_COMPARE(m_panel->selectedRunIds().size(), 2);
    QTRY_VERIFY(diff->model()->differingKeys().isEmpty());
    QCOMPARE(diff->model()->rowCount(), 0);
}

void TestRunsPanelCompare::samplesOfTheCurrentRunAreShown()
{
    QVERIFY(panel_test::clickRun(*m_panel, m_small));
    QPlainTextEdit* samples = m_panel->samplesView();
    QVERIFY(samples->isReadOnly());
    QTRY_VERIFY_WITH_TIMEOUT(samples->toPlainText().contains("sample 2 of small"), 10000);
    QVERIFY(samples->toPlainText().contains("sample 1 of small"));
    QVERIFY(samples->toPlainText().contains("step 20"));
    QVERIFY(panel_test::clickRun(*m_panel, m_other));
    QTRY_VERIFY(samples->toPlainText().contains("sample 1 of other"));
    QVERIFY(!samples->toPlainText().contains("of small"));
}

namespace {

using CsvRow = std::tuple<qint64, QString, qint64, QString, double, double>;

// A minimal RFC 4180 reader: enough to read back what the panel wrote.
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.append(field);
            field.clear();
        } else if (c == '\n') {
            row.append(field);
            field.clear();
            rows.append(row);
            row.clear();
        } else {
            field += c;
        }
    }
    return rows;
}

} // namespace

void TestRunsPanelCompare::csvExportHasTheInsertedMetrics()
{
    selectSmallAndDeep();
    const QString path = m_dir->filePath("metrics.csv");
    QSignalSpy finished(m_panel.get(), &RunsPanel::exportFinished);
    m_panel->exportMetricsCsv(path);
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.first().at(1).toBool(), true);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QStringList> rows = parseCsv(QString::fromUtf8(file.readAll()));
    QVERIFY(!rows.isEmpty());
    QCOMPARE(rows.first(), QStringList({"run_id", "run_name", "step", "name", "value", "time"}));

    QList<CsvRow> written;
    for (int i = 1; i < rows.size(); ++i) {
        const QStringList& r = rows[i];
        QCOMPARE(r.size(), 6);
        written.append({r[0].toLongLong(), r[1], r[2].toLongLong(), r[3], r[4].toDouble(), r[5].toDouble()});
    }
    QList<CsvRow> expected;
    for (int64_t id : {m_small, m_deep}) {
        const QString name = id == m_small ? "small" : "deep, \"wide\"";
        for (const auto& p : m_fixture->metrics(id))
            expected.append({id, name, p.step, QString::fromStdString(p.name), p.value, p.time});
    }
    std::sort(written.begin(), written.end());
    std::sort(expected.begin(), expected.end());
    QCOMPARE(written.size(), expected.size());
    QCOMPARE(written, expected); // values and times read back exactly (shortest round-trip form)
}

void TestRunsPanelCompare::chartExportsAsPngAndSvg()
{
    selectSmallAndDeep();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->chart()->pointCount(RunsChartPane::lossKey(m_deep)), 60, 10000);
    const QString png = m_dir->filePath("chart.png");
    const QString svg = m_dir->filePath("chart.svg");
    QVERIFY(m_panel->exportChart(png));
    QVERIFY(m_panel->exportChart(svg));
    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), m_panel->chart()->plot()->size());
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll().contains("<svg"));
    QVERIFY(!m_panel->exportChart(m_dir->filePath("no/such/folder/chart.png")));
    QVERIFY(!m_panel->errorText().isEmpty());
}

LW_TEST_MAIN(TestRunsPanelCompare)
#include "test_runs_panel_compare.moc"

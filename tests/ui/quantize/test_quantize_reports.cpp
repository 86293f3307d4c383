// The Quantize panel's comparison of stored quality reports: reports written through the
// store as `llmwb quant-report` writes them (task quant_report, per-matrix rows as the
// examples), read by the panel on a pool thread, shown per original model with the
// perplexity change computed from the two perplexities, drawn as size against
// perplexity (the original as one more point), and the selected report's matrices charted.
#include "quant_reports_fixture.h"
#include "test_registry.h"
#include "ui/panels/quantize/quant_report_table.h"
#include "ui/panels/quantize/quantize_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QComboBox>
#include <QtTest>

using namespace lw::ui;
using namespace lw::ui::quantize;

class TestQuantizeReports : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportsAreComparedPerOriginal();
};


void TestQuantizeReports::reportsAreComparedPerOriginal()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ui_test::isolateSettings(dir.path());
    const QString projectDir = dir.filePath(QStringLiteral("project"));
    {
        const auto project = lw::store::Project::openOrCreate(projectDir.toStdString(), "quantize panel test");
        auto store = project.openStore();
        quant_fixture::storeQuantReport(store, {"tiny-q8_0", "tiny", 2.125e6, 8e6, 20.2, 20.0, 0.0004, 0.99, {0.004, 0.006}}, 1.8e9);
        quant_fixture::storeQuantReport(store, {"tiny-q4_0", "tiny", 1.125e6, 8e6, 21.0, 20.0, 0.012, 0.93, {0.05, 0.07, 0.06, 0.08}},
                         1.8e9 + 10);
        quant_fixture::storeQuantReport(store, {"other-q4_0", "other", 3e6, 12e6, 30.0, 28.0, 0.02, 0.9, {0.1}}, 1.8e9 + 20);
    }
    JobSupervisor supervisor;
    QuantizePanel panel(&supervisor);
    QSignalSpy listed(&panel, &QuantizePanel::listed);
    panel.setProjectDir(projectDir);
    QVERIFY(listed.wait(30000));

    // The newest report's original is chosen first: "other", one row.
    QCOMPARE(panel.referenceFilter()->currentData().toString(), QStringLiteral("other"));
    QCOMPARE(panel.reportTable()->rowCount(), 1);
    // (30 / 28 - 1) * 100 = 7.142857 -> "+7.14"
    QCOMPARE(panel.reportTable()->item(0, QuantReportTable::PerplexityChangeColumn)->text(), QStringLiteral("+7.14"));

    panel.referenceFilter()->setCurrentIndex(panel.referenceFilter()->findData(QStringLiteral("tiny")));
    QuantReportTable* table = panel.reportTable();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, QuantReportTable::ModelColumn)->text(), QStringLiteral("tiny-q4_0")); // newest first
    QCOMPARE(table->item(0, QuantReportTable::SizeColumn)->text(), QStringLiteral("1.13"));       // 1.125 MB
    QCOMPARE(table->item(0, QuantReportTable::PerplexityChangeColumn)->text(), QStringLiteral("+5.00"));
    QCOMPARE(table->item(1, QuantReportTable::PerplexityChangeColumn)->text(), QStringLiteral("+1.00"));
    QCOMPARE(table->item(1, QuantReportTable::AgreementColumn)->text(), QStringLiteral("99.00"));
    QCOMPARE(table->item(0, QuantReportTable::KlColumn)->text(), QStringLiteral("0.01200"));

    // Size against perplexity: the two quantizations and the original (8 MB, 20.0).
    QCustomPlot* chart = panel.sizeChart();
    QCOMPARE(chart->graphCount(), 2);
    QCOMPARE(chart->graph(0)->dataCount(), 2);
    QCOMPARE(chart->graph(1)->dataCount(), 1);
    QCOMPARE(chart->graph(1)->data()->at(0)->key, 8.0);
    QCOMPARE(chart->graph(1)->data()->at(0)->value, 20.0);
    // The legend is never drawn over the points (the original is often in the top right).
    chart->resize(640, 320);
    chart->replot();
    QVERIFY(chart->legend->visible());
    QVERIFY(!chart->legend->outerRect().intersects(chart->axisRect()->outerRect()));

    // Selecting a report charts its four matrices.
    QSignalSpy shown(&panel, &QuantizePanel::matrixErrorsShown);
    table->selectRow(0);
    QVERIFY(shown.wait(30000));
    auto* bars = qobject_cast<QCPBars*>(panel.errorChart()->plottable(0));
    QVERIFY(bars);
    QCOMPARE(bars->data()->size(), 4);
    QCOMPARE(bars->data()->at(3)->value, 0.08);
}

LW_TEST_MAIN(TestQuantizeReports)
#include "test_quantize_reports.moc"

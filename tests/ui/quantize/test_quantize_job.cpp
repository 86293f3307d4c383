// A real quantization started from the Quantize panel: a tiny GPT-2 folder (written by
// tests/core/hf/hf_reference.py) imported into a project, a text file to measure on,
// q8_0 chosen and Run pressed. The panel runs `llmwb quantize` then `llmwb quant-report`;
// the new model is in the project as a quantized model smaller than the original, and
// its report joins the table with a perplexity close to the original's (8-bit blocks
// move the weights by under 1/254 of each block's largest) and figures that agree with
// themselves: the change column is 100 * (ppl / ppl_reference - 1) of the stored summary.
#include "../models/models_test_support.h"
#include "test_registry.h"
#include "ui/panels/models/model_entry.h"
#include "ui/panels/quantize/quant_report_table.h"
#include "ui/panels/quantize/quantize_form.h"
#include "ui/panels/quantize/quantize_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QLocale>
#include <QProcess>
#include <QtTest>

#include <cmath>

using namespace lw::ui;
using namespace lw::ui::quantize;

class TestQuantizeJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quantizeThenMeasure();
};

void TestQuantizeJob::quantizeThenMeasure()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ui_test::isolateSettings(dir.path());
    const QString worker = ui_test::useBuiltWorker();

    const QString folder = dir.filePath(QStringLiteral("tiny-gpt2"));
    QVERIFY(models_test::makeGpt2Folder(folder, 64, 71));
    const QString project = dir.filePath(QStringLiteral("project"));
    QProcess import;
    import.start(worker, {QStringLiteral("import"), QStringLiteral("--from"), folder, QStringLiteral("--name"),
                          QStringLiteral("tiny-gpt2"), QStringLiteral("--project"), project});
    QVERIFY(import.waitForFinished(120000));
    QCOMPARE(import.exitCode(), 0);
    const QString text = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("The ferry left at dawn with three bicycles, a crate of lemons and a very patient dog.\n"
               "By noon the harbour master had counted the gulls twice and written neither number down.\n");
    file.close();

    JobSupervisor supervisor;
    QuantizePanel panel(&supervisor);
    QSignalSpy listed(&panel, &QuantizePanel::listed);
    panel.setProjectDir(project);
    QVERIFY(listed.wait(30000));
    panel.form()->setModel(QStringLiteral("tiny-gpt2"));
    panel.form()->setMethod(QStringLiteral("q8_0"));
    QCOMPARE(panel.form()->outputEdit()->text(), QStringLiteral("tiny-gpt2-q8_0"));
    panel.form()->reportCheck()->setChecked(true);
    panel.form()->reportDatasetBox()->setCurrentIndex(0); // a text file
    panel.form()->reportTextFileEdit()->setText(text);
    QVERIFY(panel.form()->expectedSizeText().contains(QStringLiteral("8.50")));

    QSignalSpy finished(&panel, &QuantizePanel::queueFinished);
    QVERIFY(panel.run());
    QVERIFY(finished.wait(600000));
    QCOMPARE(finished.first().at(0).toInt(), 2); // both steps
    QCOMPARE(finished.first().at(1).toInt(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(panel.reportTable()->rowCount() == 1, 30000);

    const models::ModelListing listing = models::loadModelListing(project);
    QVERIFY(listing.error.isEmpty());
    const models::ModelEntry* original = nullptr;
    const models::ModelEntry* quantized = nullptr;
    for (const models::ModelEntry& e : listing.entries) {
        if (e.name == QLatin1String("tiny-gpt2"))
            original = &e;
        if (e.name == QLatin1String("tiny-gpt2-q8_0"))
            quantized = &e;
    }
    QVERIFY(original && quantized);
    QCOMPARE(quantized->kind, models::ModelKind::Quantized);
    QCOMPARE(quantized->dtype, QStringLiteral("q8_0"));
    QVERIFY(quantized->bytes > 0 && quantized->bytes < original->bytes);

    const QuantReportFigures report = panel.reportTable()->shownReports().first();
    QCOMPARE(report.model, QStringLiteral("tiny-gpt2-q8_0"));
    QCOMPARE(report.reference, QStringLiteral("tiny-gpt2"));
    QVERIFY(report.perplexity > 1 && report.referencePerplexity > 1);
    QVERIFY(std::abs(report.perplexity / report.referencePerplexity - 1) < 0.01);
    QVERIFY(report.klMean >= 0 && report.klMean < 0.01);
    QVERIFY(report.top1Agreement > 0.9);
    const double change = 100.0 * (report.perplexity / report.referencePerplexity - 1.0);
    QCOMPARE(panel.reportTable()->item(0, QuantReportTable::PerplexityChangeColumn)->text(),
             (change >= 0 ? QStringLiteral("+") : QString()) + QLocale().toString(change, 'f', 2));
}

LW_TEST_MAIN(TestQuantizeJob)
#include "test_quantize_job.moc"

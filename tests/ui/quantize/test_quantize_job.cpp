// A real quantization started from the Quantize panel: a tiny GPT-2 folder (written by
// tests/core/hf/hf_reference.py) imported into a project, a text file to measure on,
// q8_0 chosen and Run pressed. The panel runs `llmwb quantize` then `llmwb quant-report`;
// the new model is in the project as a quantized model smaller than the original, and
// its report joins the table with a perplexity close to the original's (8-bit blocks
// move the weights by under 1/254 of each block's largest) and figures that agree with
// themselves: the change column is 100 * (ppl / ppl_reference - 1) of the stored summary.
// An importance matrix file picked in the form reaches the job: the model the panel
// writes holds the same blocks as `llmwb quantize --imatrix` with that file gives, and
// they differ from plain rounding where the file has entries (layer 0); a file that does
// not load is refused before any job starts, with its name in the message; the method
// and file are kept in the project's saved setup and come back in a new panel.
#include "../models/models_test_support.h"
#include "core/gguf/gguf_file.h"
#include "core/store/project.h"
#include "test_paths.h"
#include "test_registry.h"
#include "ui/panels/evaluate/eval_queue.h"
#include "ui/panels/models/model_entry.h"
#include "ui/panels/quantize/quant_report_table.h"
#include "ui/panels/quantize/quantize_form.h"
#include "ui/panels/quantize/quantize_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
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
    void importanceFileMatchesTheCommandLine();
};

namespace {

// A tiny GPT-2 folder imported into `project` as "tiny-gpt2" with the built worker.
bool importTinyGpt2(const QTemporaryDir& dir, const QString& worker, const QString& project)
{
    const QString folder = dir.filePath(QStringLiteral("tiny-gpt2"));
    if (!models_test::makeGpt2Folder(folder, 64, 71))
        return false;
    QProcess import;
    import.start(worker, {QStringLiteral("import"), QStringLiteral("--from"), folder, QStringLiteral("--name"),
                          QStringLiteral("tiny-gpt2"), QStringLiteral("--project"), project});
    return import.waitForFinished(120000) && import.exitCode() == 0;
}

// Where `llmwb quantize --output NAME` writes its file.
std::string modelFile(const QString& project, const QString& name)
{
    return project.toStdString() + "/models/" + lw::store::Project::slug(name.toStdString(), "model") + "/model.gguf";
}

std::vector<uint8_t> tensorBytes(const lw::gguf::GgufFile& file, const std::string& name)
{
    const lw::gguf::GgufTensorInfo& info = file.tensor(name);
    return std::vector<uint8_t>(info.data, info.data + info.byteSize);
}

} // namespace

void TestQuantizeJob::quantizeThenMeasure()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ui_test::isolateSettings(dir.path());
    const QString worker = ui_test::useBuiltWorker();

    const QString project = dir.filePath(QStringLiteral("project"));
    QVERIFY(importTinyGpt2(dir, worker, project));
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
    {
        // Core plans the file tensor by tensor: q8_0 matrices at 8.5 bits per weight and
        // the float32 norms and biases at 32, so a little above 8.5 on this small model.
        const QString expected = panel.form()->expectedSizeText();
        const QRegularExpressionMatch bits =
            QRegularExpression(QStringLiteral("(\\d+\\.\\d+) bits per weight")).match(expected);
        QVERIFY2(bits.hasMatch(), qPrintable(expected));
        QVERIFY2(bits.captured(1).toDouble() > 8.5 && bits.captured(1).toDouble() < 8.7, qPrintable(expected));
    }

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

void TestQuantizeJob::importanceFileMatchesTheCommandLine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ui_test::isolateSettings(dir.path());
    const QString worker = ui_test::useBuiltWorker();
    const QString project = dir.filePath(QStringLiteral("project"));
    QVERIFY(importTinyGpt2(dir, worker, project));
    // Written by tests/cli/fixtures/quantize/imatrix_reference.py: layer 0's four maps.
    const QString imatrix =
        QString::fromUtf8(lw::test::sourceDir()) + QStringLiteral("/tests/cli/fixtures/quantize/imatrix_gpt2_layer0.dat");

    JobSupervisor supervisor;
    QuantizePanel panel(&supervisor);
    QSignalSpy listed(&panel, &QuantizePanel::listed);
    panel.setProjectDir(project);
    QVERIFY(listed.wait(30000));
    panel.form()->setModel(QStringLiteral("tiny-gpt2"));
    panel.form()->setMethod(QStringLiteral("q4_0"));
    panel.form()->reportCheck()->setChecked(false);

    // A file that is not an importance matrix: refused, named, nothing started.
    const QString notes = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(notes);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not an importance matrix\n");
    file.close();
    panel.form()->importanceFileEdit()->setText(notes);
    QSignalSpy refused(&panel, &QuantizePanel::startRefused);
    QVERIFY(panel.run());
    QVERIFY(refused.wait(30000));
    QVERIFY2(refused.first().at(0).toString().contains(notes), qPrintable(refused.first().at(0).toString()));
    QVERIFY(panel.messageLabel()->text().contains(notes));
    QVERIFY(!panel.queue()->isRunning());
    QVERIFY(!QFile::exists(QString::fromStdString(modelFile(project, QStringLiteral("tiny-gpt2-q4_0")))));

    panel.form()->importanceFileEdit()->setText(imatrix);
    QVERIFY(quantizeJobs(panel.currentRequest()).first().arguments.contains(imatrix));
    QSignalSpy finished(&panel, &QuantizePanel::queueFinished);
    QVERIFY(panel.run());
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.first().at(0).toInt(), 1);
    QCOMPARE(finished.first().at(1).toInt(), 0);

    for (const QStringList& extra : {QStringList{QStringLiteral("cli-imatrix"), QStringLiteral("--imatrix"), imatrix},
                                     QStringList{QStringLiteral("cli-plain")}}) {
        QProcess cli;
        cli.start(worker, QStringList{QStringLiteral("quantize"), QStringLiteral("--model"), QStringLiteral("tiny-gpt2"),
                                      QStringLiteral("--method"), QStringLiteral("q4_0"), QStringLiteral("--output")} +
                              extra + QStringList{QStringLiteral("--project"), project});
        QVERIFY(cli.waitForFinished(300000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    }
    const lw::gguf::GgufFile fromPanel(modelFile(project, QStringLiteral("tiny-gpt2-q4_0")));
    const lw::gguf::GgufFile fromCli(modelFile(project, QStringLiteral("cli-imatrix")));
    const lw::gguf::GgufFile plain(modelFile(project, QStringLiteral("cli-plain")));
    int weighted = 0;
    for (const auto& t : fromCli.tensors()) {
        QVERIFY2(tensorBytes(fromPanel, t.name) == tensorBytes(fromCli, t.name), t.name.c_str());
        if (tensorBytes(plain, t.name) != tensorBytes(fromCli, t.name))
            ++weighted;
    }
    QCOMPARE(weighted, 4); // blk.0's qkv, attention output, MLP up and down

    // The project keeps the setup: a panel opened on it again shows the method and file.
    QuantizePanel again(&supervisor);
    QSignalSpy restored(&again, &QuantizePanel::setupRestored);
    again.setProjectDir(project);
    QVERIFY(restored.wait(30000));
    QCOMPARE(again.form()->methodBox()->currentData().toString(), QStringLiteral("q4_0"));
    QCOMPARE(again.form()->importanceFileEdit()->text(), imatrix);
    // The command line needs the model too, which the project's listing brings.
    QTRY_VERIFY_WITH_TIMEOUT(again.form()->commandLineLabel()->text().contains(QStringLiteral("--imatrix ") + imatrix),
                             30000);
}

LW_TEST_MAIN(TestQuantizeJob)
#include "test_quantize_job.moc"

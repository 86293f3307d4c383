// Export from the Versions page with the real llmwb worker: the public instruction set
// written as JSON Lines in another layout imports again with the same number of rows;
// written as token files through chatml and the GPT-2 tokenizer (a folder) it gives one
// training sequence per row, cut to the context, and the files the result names; an
// export cancelled while it runs leaves no folder behind.
#include "data_panel_fixture.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/export_dialog.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/data/tokenizer_chooser.h"
#include "test_registry.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

using namespace lw::ui;
using namespace lw::ui::data;
using namespace data_test;

class TestDataExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void jsonlExportImportsAgain();
    void tokenExportWritesOneSequencePerRow();
    void cancelledExportLeavesNoFolder();

private:
    ExportDialog* openDialog(const QString& dataset = QStringLiteral("instructions"));

    PanelOnTempProject m_fixture;
    QTemporaryDir& m_dir = m_fixture.dir;
    QString& m_project = m_fixture.project;
    std::unique_ptr<DataPanel>& m_panel = m_fixture.panel;
};

void TestDataExport::initTestCase()
{
    QVERIFY(m_fixture.start());
    QVERIFY(importThroughPanel(m_panel.get(), instructionDataPath(), QStringLiteral("instructions")));
}

ExportDialog* TestDataExport::openDialog(const QString& dataset)
{
    VersionsPage* versions = m_panel->versionsPage();
    m_panel->tabs()->setCurrentWidget(versions);
    if (!QTest::qWaitFor([this, versions, dataset] { return !versions->isBusy() && findVersion(m_panel.get(), dataset); },
                         20000))
        return nullptr;
    versions->selectDataset(dataset);
    if (!QTest::qWaitFor([versions, dataset] { return versions->currentDataset() == dataset; }, 10000))
        return nullptr;
    versions->exportAction()->trigger();
    ExportDialog* dialog = m_panel->exportDialog();
    return dialog->isVisible() ? dialog : nullptr;
}

void TestDataExport::jsonlExportImportsAgain()
{
    ExportDialog* dialog = openDialog();
    QVERIFY(dialog);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(QStringLiteral("jsonl")));
    dialog->layoutBox()->setCurrentIndex(dialog->layoutBox()->findData(QStringLiteral("messages")));
    const QString output = m_dir.filePath(QStringLiteral("out/instructions-messages.jsonl"));
    dialog->outputEdit()->setText(output);
    QSignalSpy exported(dialog, &ExportDialog::exported);
    QVERIFY(dialog->exportButton()->isEnabled());
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY(dialog->progressRow()->isVisible());
    QVERIFY(exported.wait(60000));
    const ExportResult result = exported.first().first().value<ExportResult>();
    QCOMPARE(result.rows, instructionRows());
    QCOMPARE(result.layout, QStringLiteral("messages"));

    // One line per row, each a JSON object with a "messages" list.
    QFile file(output);
    QVERIFY(file.open(QIODevice::ReadOnly));
    qint64 lines = 0;
    while (!file.atEnd()) {
        const QJsonObject row = QJsonDocument::fromJson(file.readLine()).object();
        QVERIFY(row.value(QStringLiteral("messages")).isArray());
        ++lines;
    }
    QCOMPARE(lines, instructionRows());
    const QJsonObject again = runWorker({QStringLiteral("data"), QStringLiteral("import"), QStringLiteral("--input"),
                                         output, QStringLiteral("--name"), QStringLiteral("again"),
                                         QStringLiteral("--project"), m_project, QStringLiteral("--json")});
    QCOMPARE(again[QStringLiteral("layout")].toString(), QStringLiteral("messages"));
    QCOMPARE(qint64(again[QStringLiteral("rows")].toDouble()), instructionRows());
    QCOMPARE(qint64(again[QStringLiteral("rejected")].toDouble()), 0);
}

void TestDataExport::tokenExportWritesOneSequencePerRow()
{
    ExportDialog* dialog = openDialog();
    QVERIFY(dialog);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(QStringLiteral("tokens")));
    QVERIFY(dialog->templateBox()->isVisible());
    QVERIFY(!dialog->layoutBox()->isVisible());
    dialog->templateBox()->setCurrentText(QStringLiteral("chatml"));
    dialog->tokenizerChooser()->setTokenizer(gpt2TokenizerDir());
    dialog->contextBox()->setValue(64);
    const QString output = m_dir.filePath(QStringLiteral("out/tokens"));
    dialog->outputEdit()->setText(output);
    QSignalSpy exported(dialog, &ExportDialog::exported);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY(exported.wait(120000));
    const ExportResult result = exported.first().first().value<ExportResult>();
    QCOMPARE(result.format, QStringLiteral("sft"));
    QCOMPARE(result.rows, instructionRows());
    QCOMPARE(result.checks.rows, instructionRows());
    // A 64-token context cuts the longer rows: the sequences hold at most 64 tokens each.
    QVERIFY(result.checks.truncatedRows > 0);
    QVERIFY(result.tokens <= 64 * result.rows);
    for (const QString& f : result.files)
        QVERIFY2(QFileInfo::exists(f) || QFileInfo::exists(QDir(output).filePath(f)), qPrintable(f));
    QVERIFY(QFileInfo::exists(QDir(output).filePath(QStringLiteral("shape.json"))));
    QVERIFY(dialog->resultLabel()->text().contains(QLocale().toString(result.tokens)));
}

void TestDataExport::cancelledExportLeavesNoFolder()
{
    // Enough text rows that tokenizing them is still running when Cancel is clicked.
    QVERIFY(importGeneratedRows(m_project, m_dir.filePath(QStringLiteral("big.jsonl")), QStringLiteral("big"), 200000));
    m_panel->versionsPage()->refresh();
    ExportDialog* dialog = openDialog(QStringLiteral("big"));
    QVERIFY(dialog);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(QStringLiteral("tokens")));
    QVERIFY(dialog->templateBox()->currentText().isEmpty()); // text rows need no template
    dialog->tokenizerChooser()->setTokenizer(gpt2TokenizerDir());
    const QString output = m_dir.filePath(QStringLiteral("out/big-tokens"));
    dialog->outputEdit()->setText(output);
    QSignalSpy cancelled(dialog->job(), &DataJob::cancelled);
    QSignalSpy exported(dialog, &ExportDialog::exported);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(output), 20000); // it has begun writing
    QVERIFY(dialog->job()->isRunning());
    QTest::mouseClick(dialog->progressRow()->cancelButton(), Qt::LeftButton);
    QVERIFY(cancelled.wait(60000));
    QCOMPARE(exported.count(), 0);
    QVERIFY(!QFileInfo::exists(output));
    QVERIFY(dialog->resultLabel()->text().contains(QStringLiteral("cancelled")));
}

LW_TEST_MAIN(TestDataExport)
#include "test_data_export.moc"

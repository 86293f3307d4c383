// The Models view in the window at 1280x800, in English and Vietnamese, with a model
// imported by llmwb and its details shown, its Export dialog (also with a LoRA fine-tune's
// adapter format chosen), its Merge dialog, and an import
// in progress: it draws, and no label, button or header is cut (text_fit_check.h).
// With LW_SCREENSHOT_DIR set the pictures are kept there.
#include "../shell/screenshot_saver.h"
#include "../shell/text_fit_check.h"
#include "models_test_support.h"
#include "test_registry.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/models/export_model_dialog.h"
#include "ui/panels/models/merge_dialog.h"
#include "ui/panels/models/models_panel.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QProcess>
#include <QSet>
#include <QTableWidget>
#include <QTextBrowser>
#include <QtTest>

#include <memory>

using namespace lw::ui;
using namespace lw::ui::models;

class TestModelsScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void drawsAndFitsInEnglish() { drawAndCheck(QStringLiteral("en")); }
    void drawsAndFitsInVietnamese() { drawAndCheck(QStringLiteral("vi")); }
    void aJobInProgressFits();
    void cleanupTestCase();

private:
    void drawAndCheck(const QString& language);
    void save(QWidget* widget, const QString& name);

    QTemporaryDir m_dir;
    QString m_outDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestModelsScreenshots::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    const QString worker = ui_test::useBuiltWorker();
    m_outDir = screenshots::outputDir(m_dir);
    QVERIFY(!m_outDir.isEmpty());
    const QString folder = m_dir.filePath(QStringLiteral("tiny-gpt2"));
    QVERIFY(models_test::makeGpt2Folder(folder, 32, 41));
    const QString project = m_dir.filePath(QStringLiteral("project"));
    QProcess cli;
    cli.start(worker, {QStringLiteral("import"), QStringLiteral("--from"), folder, QStringLiteral("--name"),
                       QStringLiteral("tiny-gpt2"), QStringLiteral("--project"), project});
    QVERIFY(cli.waitForFinished(120000));
    QCOMPARE(cli.exitCode(), 0);

    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QSignalSpy opened(m_window.get(), &MainWindow::projectOpened);
    m_window->openProject(project);
    QVERIFY(opened.wait(30000));
    m_window->showPanel(m_window->modelsPanel());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->modelsPanel()->table()->rowCount() == 1, 30000);
}

void TestModelsScreenshots::drawAndCheck(const QString& language)
{
    m_window->preferences()->setLanguage(language);
    QTest::qWait(300); // language changes arrive as posted events
    ModelsPanel* panel = m_window->modelsPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->currentEntry() != nullptr, 20000);
    QVERIFY(panel->details()->toPlainText().contains(QStringLiteral("sha256")));
    QStringList cut;
    save(m_window.get(), QStringLiteral("models-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(m_window.get()))
        cut << QStringLiteral("view: ") + line;

    panel->exportAction()->trigger();
    QVERIFY(panel->exportDialog()->isVisible());
    QTest::qWait(200);
    save(panel->exportDialog(), QStringLiteral("models-export-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(panel->exportDialog()))
        cut << QStringLiteral("export: ") + line;
    panel->exportDialog()->reject();

    // As a LoRA fine-tune's row opens it (the drawing, not the run, is checked here).
    ExportModelDialog* dialog = panel->exportDialog();
    dialog->setModel(panel->projectDir(), QStringLiteral("1"), QStringLiteral("tiny-lora (newest)"),
                     AdapterKind::Lora);
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(kAdapterGgufFormat));
    dialog->open();
    QTest::qWait(200);
    save(dialog, QStringLiteral("models-export-adapter-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(dialog))
        cut << QStringLiteral("export adapter: ") + line;
    dialog->reject();

    panel->mergeAction()->trigger();
    QVERIFY(panel->mergeDialog()->isVisible());
    panel->mergeDialog()->nameEdit()->setText(QStringLiteral("tiny-merged"));
    QTest::qWait(200);
    save(panel->mergeDialog(), QStringLiteral("models-merge-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(panel->mergeDialog()))
        cut << QStringLiteral("merge: ") + line;
    panel->mergeDialog()->reject();
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
}

// An import of a folder of about 150 MB, drawn at its first progress event (in the
// language of the slot before, Vietnamese) with its bar and Cancel, then cancelled.
void TestModelsScreenshots::aJobInProgressFits()
{
    const QString folder = m_dir.filePath(QStringLiteral("wide-gpt2"));
    QVERIFY(models_test::makeGpt2Folder(folder, 512, 42));
    ModelsPanel* panel = m_window->modelsPanel();
    QStringList cut;
    bool drawn = false;
    connect(
        panel->job(), &data::DataJob::progress, panel,
        [&] {
            save(m_window.get(), QStringLiteral("models-job-%1").arg(m_window->preferences()->language()));
            cut = text_fit::clippedTexts(m_window.get());
            drawn = true;
            panel->job()->cancel();
        },
        Qt::SingleShotConnection);
    panel->importModel(folder, QStringLiteral("wide"));
    QVERIFY(QTest::qWaitFor([panel] { return !panel->job()->isRunning(); }, 120000));
    QVERIFY(drawn);
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
}

void TestModelsScreenshots::save(QWidget* widget, const QString& name)
{
    QVERIFY2(screenshots::saveDrawn(widget, m_outDir, name), qPrintable(name));
}

void TestModelsScreenshots::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestModelsScreenshots)
#include "test_models_screenshots.moc"

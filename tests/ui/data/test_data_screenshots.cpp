// Every page of the Data panel in the window at 1280x800, in English and Vietnamese,
// after a real import: it draws, and no label, button or tab title is cut
// (text_fit_check.h). The Statistics and Template pages show what `llmwb data stats`
// and `data template` computed with the GPT-2 tokenizer; the Export dialog is shown
// over the Versions page. With LW_SCREENSHOT_DIR set the pictures are kept there.
#include "../shell/text_fit_check.h"
#include "shared_data.h"
#include "ui/panels/data/data_panel.h"
#include "ui/panels/data/export_dialog.h"
#include "ui/panels/data/import_file_list.h"
#include "ui/panels/data/import_page.h"
#include "ui/panels/data/recipe_page.h"
#include "ui/panels/data/stats_page.h"
#include "ui/panels/data/template_page.h"
#include "ui/panels/data/tokenizer_chooser.h"
#include "ui/panels/data/versions_page.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"
#include "ui/shell/screenshot_saver.h"

#include <QAction>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

using namespace lw::ui;
using namespace lw::ui::data;

class TestDataScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void everyPageDrawsAndFits_data();
    void everyPageDrawsAndFits();
    void cleanupTestCase();

private:
    void save(QWidget* widget, const QString& name);

    QTemporaryDir m_dir;
    QString m_outDir;
    QJsonArray m_rows;
    std::unique_ptr<MainWindow> m_window;
};

void TestDataScreenshots::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    ui_test::useBuiltWorker();
    m_outDir = screenshots::outputDir(m_dir);
    QVERIFY(!m_outDir.isEmpty());
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    QSignalSpy opened(m_window.get(), &MainWindow::projectOpened);
    m_window->openProject(m_dir.filePath(QStringLiteral("project")));
    QVERIFY(opened.wait(30000));
    DataPanel* panel = m_window->dataPanel();
    m_window->showPanel(panel);

    const QString path = QString::fromStdString(lw::test::sharedDataPath("llms-from-scratch/instruction-data.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    m_rows = QJsonDocument::fromJson(file.readAll()).array();
    ImportPage* page = panel->importPage();
    page->addPaths({path});
    page->nameEdit()->setText(QStringLiteral("instructions"));
    QSignalSpy imported(page, &ImportPage::imported);
    QTRY_VERIFY_WITH_TIMEOUT(page->previewTable()->rowCount() > 0, 30000);
    page->startImport();
    QVERIFY(imported.wait(60000));
    QTRY_VERIFY_WITH_TIMEOUT(panel->versionsPage()->currentDataset() == QStringLiteral("instructions"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(panel->versionsPage()->details()->toPlainText().contains(QStringLiteral("sha256")), 20000);

    RecipePage* recipe = panel->recipePage();
    for (const char* kind : {"length", "exact_dedup", "language", "pii"})
        recipe->addStep(QString::fromLatin1(kind));

    // The Statistics and Template pages show what the worker computed, with the GPT-2
    // tokenizer picked as a folder.
    const QString gpt2 = QDir::cleanPath(QString::fromStdString(lw::test::sharedDataPath("llms-from-scratch/gpt2-bpe")));
    StatsPage* stats = panel->statsPage();
    stats->tokenizerChooser()->setTokenizer(gpt2);
    stats->requestStats();
    QTRY_VERIFY_WITH_TIMEOUT(!stats->isBusy() && !stats->stats().tokens.isEmpty(), 120000);
    QCOMPARE(stats->stats().rows, qint64(m_rows.size()));
    TemplatePage* templates = panel->templatePage();
    templates->templateBox()->setCurrentText(QStringLiteral("chatml"));
    templates->tokenizerChooser()->setTokenizer(gpt2);
    templates->requestPreview();
    QTRY_VERIFY_WITH_TIMEOUT(!templates->isBusy() && templates->preview().checks.present, 120000);
    QCOMPARE(templates->preview().checks.rows, qint64(m_rows.size()));
}

void TestDataScreenshots::everyPageDrawsAndFits_data()
{
    QTest::addColumn<QString>("language");
    QTest::newRow("en") << "en";
    QTest::newRow("vi") << "vi";
}

void TestDataScreenshots::everyPageDrawsAndFits()
{
    QFETCH(QString, language);
    m_window->preferences()->setLanguage(language);
    QTest::qWait(300); // language changes arrive as posted events
    DataPanel* panel = m_window->dataPanel();
    QStringList cut;
    const QList<QPair<QWidget*, QString>> pages = {{panel->versionsPage(), QStringLiteral("versions")},
                                                   {panel->importPage(), QStringLiteral("import")},
                                                   {panel->recipePage(), QStringLiteral("recipe")},
                                                   {panel->templatePage(), QStringLiteral("template")},
                                                   {panel->statsPage(), QStringLiteral("stats")}};
    for (const auto& [page, name] : pages) {
        panel->tabs()->setCurrentWidget(page);
        QTest::qWait(400); // queued replots
        if (page == panel->versionsPage()) // the details are read again in this language
            QTRY_VERIFY_WITH_TIMEOUT(!panel->versionsPage()->isBusy() &&
                                         !panel->versionsPage()->details()->toPlainText().isEmpty(), 20000);
        save(m_window.get(), QStringLiteral("data-%1-%2").arg(name, language));
        for (const QString& line : text_fit::clippedTexts(m_window.get()))
            cut << name + QStringLiteral(": ") + line;
    }

    // The Export dialog, with the token options (its longest form) showing.
    panel->tabs()->setCurrentWidget(panel->versionsPage());
    panel->versionsPage()->exportAction()->trigger();
    ExportDialog* dialog = panel->exportDialog();
    QVERIFY(dialog->isVisible());
    dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(QStringLiteral("tokens")));
    QTest::qWait(200);
    save(dialog, QStringLiteral("data-export-%1").arg(language));
    for (const QString& line : text_fit::clippedTexts(dialog))
        cut << QStringLiteral("export: ") + line;
    dialog->close();
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
}

void TestDataScreenshots::save(QWidget* widget, const QString& name)
{
    QVERIFY2(screenshots::saveDrawn(widget, m_outDir, name), qPrintable(name));
}

void TestDataScreenshots::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestDataScreenshots)
#include "test_data_screenshots.moc"

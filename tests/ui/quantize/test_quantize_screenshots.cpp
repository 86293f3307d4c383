// The Quantize panel in the window at 1280x800, in English and Vietnamese, with a
// project holding quality reports of one original model (quant_reports_fixture.h): the
// comparison table with the size-against-perplexity chart, and a selected report's
// per-matrix errors; the form on pruning methods (weights, heads). It draws, and no
// label, button or header is cut (text_fit_check.h). With LW_SCREENSHOT_DIR set the
// pictures are kept there.
#include "../shell/screenshot_saver.h"
#include "../shell/window_test_support.h"
#include "../shell/text_fit_check.h"
#include "quant_reports_fixture.h"
#include "test_registry.h"
#include "ui/panels/quantize/quant_report_table.h"
#include "ui/panels/quantize/quantize_form.h"
#include "ui/panels/quantize/quantize_panel.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"

#include <QTabWidget>
#include <QtTest>

#include <memory>

using namespace lw::ui;
using namespace lw::ui::quantize;

class TestQuantizeScreenshots : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void drawsAndFitsInEnglish() { drawAndCheck(QStringLiteral("en")); }
    void drawsAndFitsInVietnamese() { drawAndCheck(QStringLiteral("vi")); }
    void cleanupTestCase();

private:
    void drawAndCheck(const QString& language);
    void shoot(const QString& name, QStringList& cut);

    QTemporaryDir m_dir;
    QString m_outDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestQuantizeScreenshots::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    ui_test::useBuiltWorker();
    m_outDir = screenshots::outputDir(m_dir);
    QVERIFY(!m_outDir.isEmpty());
    const QString project = m_dir.filePath(QStringLiteral("project"));
    {
        const auto p = lw::store::Project::openOrCreate(project.toStdString(), "quantize screenshots");
        auto store = p.openStore();
        using quant_fixture::storeQuantReport;
        storeQuantReport(store, {"gpt2-small-q8_0", "gpt2-small", 133e6, 498e6, 29.41, 29.35, 0.0011, 0.985,
                                 {0.004, 0.005, 0.004, 0.006, 0.005, 0.004, 0.006, 0.005}},
                         1.8e9);
        storeQuantReport(store, {"gpt2-small-q6_k", "gpt2-small", 103e6, 498e6, 29.52, 29.35, 0.0042, 0.97,
                                 {0.011, 0.012, 0.010, 0.014, 0.012, 0.011, 0.013, 0.012}},
                         1.8e9 + 10);
        storeQuantReport(store, {"gpt2-small-q4_k_m", "gpt2-small", 84e6, 498e6, 30.61, 29.35, 0.031, 0.91,
                                 {0.041, 0.052, 0.043, 0.061, 0.047, 0.040, 0.058, 0.049}},
                         1.8e9 + 20);
        storeQuantReport(store, {"gpt2-small-q4_0", "gpt2-small", 75e6, 498e6, 31.90, 29.35, 0.052, 0.88,
                                 {0.061, 0.072, 0.066, 0.081, 0.070, 0.063, 0.079, 0.071}},
                         1.8e9 + 30);
    }
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    m_window = window_test::showWindow();
    QVERIFY(window_test::openProject(*m_window, project));
    m_window->showPanel(m_window->quantizePanel());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->quantizePanel()->reportTable()->rowCount() == 4, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->quantizePanel()->isLoading(), 30000);
}

void TestQuantizeScreenshots::shoot(const QString& name, QStringList& cut)
{
    QTest::qWait(200);
    QVERIFY2(screenshots::saveDrawn(m_window.get(), m_outDir, name), qPrintable(name));
    for (const QString& line : text_fit::clippedTexts(m_window.get()))
        cut << name + QStringLiteral(": ") + line;
}

void TestQuantizeScreenshots::drawAndCheck(const QString& language)
{
    m_window->preferences()->setLanguage(language);
    QTest::qWait(300); // language changes arrive as posted events
    QuantizePanel* panel = m_window->quantizePanel();
    QStringList cut;
    panel->form()->setMethod(QStringLiteral("q4_k_m"));
    panel->tabs()->setCurrentIndex(0);
    shoot(QStringLiteral("quantize-compare-%1").arg(language), cut);
    panel->form()->importanceFileEdit()->setText(QStringLiteral("/home/user/imatrix/gpt2-small.imatrix.dat"));
    shoot(QStringLiteral("quantize-imatrix-%1").arg(language), cut);
    panel->form()->importanceFileEdit()->clear();
    panel->form()->setMethod(QStringLiteral("gptq-q5_k_m")); // calibration, damping and act-order
    shoot(QStringLiteral("quantize-gptq-%1").arg(language), cut);
    panel->form()->setMethod(QStringLiteral("heads")); // heads to remove
    shoot(QStringLiteral("quantize-heads-%1").arg(language), cut);

    QSignalSpy shown(panel, &QuantizePanel::matrixErrorsShown);
    panel->reportTable()->clearSelection(); // the other language's pass left row 0 selected
    panel->reportTable()->selectRow(0);
    QVERIFY(shown.wait(20000));
    panel->tabs()->setCurrentIndex(1);
    panel->form()->setMethod(QStringLiteral("wanda"));
    shoot(QStringLiteral("quantize-matrices-%1").arg(language), cut);
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
}

void TestQuantizeScreenshots::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestQuantizeScreenshots)
#include "test_quantize_screenshots.moc"

// The Evaluate panel in the window at 1280x800, in English and Vietnamese, with a
// project holding evaluations (eval_panel_fixture.h): the results with the chart, the
// examples, two multiple-choice evaluations by subject side by side, two evaluations
// compared with the disagreement filter on, and a run's
// checkpoints charted. It draws, and no label, button or header is cut
// (text_fit_check.h). With LW_SCREENSHOT_DIR set the pictures are kept there.
#include "../shell/screenshot_saver.h"
#include "../shell/window_test_support.h"
#include "../shell/text_fit_check.h"
#include "eval_panel_fixture.h"
#include "test_registry.h"
#include "ui/panels/evaluate/eval_examples_view.h"
#include "ui/panels/evaluate/eval_form.h"
#include "ui/panels/evaluate/eval_results_table.h"
#include "ui/panels/evaluate/eval_subjects_view.h"
#include "ui/panels/evaluate/evaluate_panel.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"

#include <QCheckBox>
#include <QTabWidget>
#include <QtTest>

#include <memory>

using namespace lw::ui;
using namespace lw::ui::evaluate;

class TestEvalScreenshots : public QObject {
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
    eval_fixture::EvalProject m_ids;
    std::unique_ptr<MainWindow> m_window;
};

void TestEvalScreenshots::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    ui_test::useBuiltWorker();
    m_outDir = screenshots::outputDir(m_dir);
    QVERIFY(!m_outDir.isEmpty());
    const QString project = m_dir.filePath(QStringLiteral("project"));
    m_ids = eval_fixture::makeEvalProject(project);
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    m_window = window_test::showWindow();
    QVERIFY(window_test::openProject(*m_window, project));
    m_window->showPanel(m_window->evaluatePanel());
    QTRY_VERIFY_WITH_TIMEOUT(m_window->evaluatePanel()->resultsTable()->rowCount() == 5, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->evaluatePanel()->isLoading(), 30000);
}

void TestEvalScreenshots::shoot(const QString& name, QStringList& cut)
{
    QTest::qWait(200);
    QVERIFY2(screenshots::saveDrawn(m_window.get(), m_outDir, name), qPrintable(name));
    for (const QString& line : text_fit::clippedTexts(m_window.get()))
        cut << name + QStringLiteral(": ") + line;
}

void TestEvalScreenshots::drawAndCheck(const QString& language)
{
    m_window->preferences()->setLanguage(language);
    QTest::qWait(300); // language changes arrive as posted events
    EvaluatePanel* panel = m_window->evaluatePanel();
    QStringList cut;
    QSignalSpy shown(panel, &EvaluatePanel::examplesShown);

    panel->form()->setTask(QStringLiteral("mc"));
    panel->resultsTable()->selectEvaluations({m_ids.mcFirst, m_ids.mcSecond});
    QVERIFY(shown.wait(20000));
    panel->tabs()->setCurrentIndex(0);
    shoot(QStringLiteral("evaluate-chart-%1").arg(language), cut);

    panel->tabs()->setCurrentWidget(panel->subjectsView());
    QVERIFY(panel->subjectsView()->isComparing());
    shoot(QStringLiteral("evaluate-subjects-%1").arg(language), cut);

    panel->tabs()->setCurrentWidget(panel->compareView());
    panel->compareView()->disagreeFilter()->setChecked(true);
    shoot(QStringLiteral("evaluate-compare-%1").arg(language), cut);
    panel->compareView()->disagreeFilter()->setChecked(false);

    shown.clear();
    panel->resultsTable()->selectEvaluations({m_ids.generate});
    QVERIFY(shown.wait(20000));
    panel->form()->setTask(QStringLiteral("generate"));
    panel->tabs()->setCurrentWidget(panel->examplesView());
    shoot(QStringLiteral("evaluate-examples-%1").arg(language), cut);

    panel->form()->setTask(QStringLiteral("perplexity"));
    panel->tabs()->setCurrentIndex(panel->tabs()->count() - 1); // the checkpoints
    shoot(QStringLiteral("evaluate-checkpoints-%1").arg(language), cut);

    panel->form()->setTask(QStringLiteral("judge"));
    shoot(QStringLiteral("evaluate-judge-form-%1").arg(language), cut);
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
}

void TestEvalScreenshots::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestEvalScreenshots)
#include "test_eval_screenshots.moc"

// A classification fine-tune driven from the Fine-tune panel as a user drives it, in the
// main window at 1280x800: the demo model (a short `llmwb train --demo`) as the base, the
// objective "classification" with the demo messages (ham and spam), a few steps, Check,
// Start; the accuracy curves in the stored metrics' number, and the finished run's
// validation and test accuracy and confusion matrices on
// screen, each figure equal to the run's classification.json read here (and the
// accuracy to the matrix's diagonal over its total, computed here); the run is in the
// past fine-tunes list, and a panel opened afresh shows it again from the run folder.
// Screenshots of the finished run in English and Vietnamese, with no text cut
// (text_fit_check.h); with LW_SCREENSHOT_DIR set they are kept there.
#include "../shell/screenshot_saver.h"
#include "../shell/text_fit_check.h"
#include "../shell/window_test_support.h"
#include "core/finetune/demo_messages.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/util/json_io.h"
#include "finetune_fixture.h"
#include "test_registry.h"
#include "ui/panels/finetune/check_report_view.h"
#include "ui/panels/finetune/classification_result_view.h"
#include "ui/panels/finetune/comparison_table.h"
#include "ui/panels/finetune/finetune_charts.h"
#include "ui/panels/finetune/finetune_field_texts.h"
#include "ui/panels/finetune/finetune_form.h"
#include "ui/panels/finetune/finetune_panel.h"
#include "ui/panels/finetune/past_finetunes_box.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/widgets/loss_chart.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include <memory>

using namespace lw::ui;
using namespace lw::ui::finetune;

class TestFinetuneClassification : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void classifierTrainedFromThePanel();
    void screenshotsInBothLanguages();
    void freshPanelShowsTheStoredResult();
    void cleanupTestCase();

private:
    void setTrainingValue(FinetunePanel* panel, const char* key, int value);
    // The view shows `report` (classification.json) figure for figure.
    void compareWithRunFile(ClassificationResultView* view);

    QTemporaryDir m_dir;
    QString m_outDir;
    QString m_projectDir;
    qint64 m_runId = 0;
    lw::store::Json m_report; // the run's classification.json
    std::unique_ptr<MainWindow> m_window;
};

void TestFinetuneClassification::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    const QString worker = ui_test::useBuiltWorker();
    m_outDir = screenshots::outputDir(m_dir);
    QVERIFY(!m_outDir.isEmpty());
    m_projectDir = m_dir.filePath(QStringLiteral("project"));
    // The demo model with a checkpoint, on one thread (the panel's worker needs the other core).
    QVERIFY(finetune_test::runWorker(worker,
                                     {"train", "--demo", "--project", m_projectDir, "--max-steps", "4",
                                      "--eval-every", "4", "--threads", "1"},
                                     nullptr, 300000));
    lw::finetune::ensureDemoClassificationData(lw::store::Project::open(m_projectDir.toStdString()));

    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    m_window = window_test::showWindow();
    QVERIFY(window_test::openProject(*m_window, m_projectDir));
    m_window->showPanel(m_window->finetunePanel());
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->finetunePanel()->form()->catalog().demoBase.isEmpty(), 30000);
}

void TestFinetuneClassification::setTrainingValue(FinetunePanel* panel, const char* key, int value)
{
    auto* spin = qobject_cast<QSpinBox*>(panel->form()->editor(QLatin1String(key)));
    QVERIFY2(spin, key);
    spin->setValue(value);
}

void TestFinetuneClassification::classifierTrainedFromThePanel()
{
    FinetunePanel* panel = m_window->finetunePanel();
    // The objective and the demo data, as a user picks them.
    panel->form()->setObjective(QStringLiteral("classify"));
    QCOMPARE(panel->form()->settings().value(QLatin1String("dataset")).toString(),
             QString::fromLatin1(lw::finetune::kDemoMessagesName));
    QCOMPARE(panel->form()->settings().value(QLatin1String("base")).toString().section(QLatin1Char(':'), 0, 0),
             panel->form()->catalog().demoBase);
    setTrainingValue(panel, "max_steps", 6);
    setTrainingValue(panel, "batch_size", 4);
    setTrainingValue(panel, "eval_every", 3);

    QSignalSpy checked(panel, &FinetunePanel::checkFinished);
    QTest::mouseClick(panel->checkButton(), Qt::LeftButton);
    QVERIFY(checked.wait(120000));
    QVERIFY2(panel->checkView()->hasReport(), qPrintable(panel->checkView()->figuresLabel()->text()));
    QVERIFY2(!panel->checkView()->blocking(), qPrintable(panel->checkView()->findingTexts().join(QLatin1Char('\n'))));
    QVERIFY(panel->startButton()->isEnabled());

    QSignalSpy ended(panel, &FinetunePanel::runEnded);
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    QVERIFY(ended.wait(180000));
    QCOMPARE(ended.first().first().toString(), QStringLiteral("completed"));
    m_runId = panel->runId();
    QVERIFY(m_runId > 0);

    // The run's own files, read here.
    const auto project = lw::store::Project::open(m_projectDir.toStdString());
    lw::store::Store store = project.openStore();
    const std::string runDir = store.absolutePath(store.run(m_runId).runDir);
    m_report = lw::util::readJsonFile(runDir + "/classification.json");
    QCOMPARE(m_report.at("classes"), lw::store::Json({"ham", "spam"}));
    QVERIFY(m_report.at("validation").at("n").get<int64_t>() > 0);
    // The curves: each step's accuracy and the validation passes between steps, as
    // many points as the store keeps, in the accuracy chart (not in the rewards one).
    const auto stepAccuracy = ui_test::storedMetric(m_projectDir, m_runId, "accuracy");
    const auto valAccuracy = ui_test::storedMetric(m_projectDir, m_runId, "val_accuracy");
    QCOMPARE(int(stepAccuracy.size()), 6);
    QVERIFY(!valAccuracy.empty());
    LossChart* accuracyChart = panel->charts()->accuracyChart();
    QVERIFY(accuracyChart->isVisible());
    QVERIFY(!panel->charts()->preferenceChart()->isVisible());
    QCOMPARE(accuracyChart->pointCount(QStringLiteral("accuracy")), int(stepAccuracy.size()));
    QCOMPARE(accuracyChart->pointCount(QStringLiteral("val_accuracy")), int(valAccuracy.size()));
    QCOMPARE(accuracyChart->lastStep(QStringLiteral("val_accuracy")), double(valAccuracy.rbegin()->first));

    ClassificationResultView* view = panel->classificationView();
    QTRY_VERIFY_WITH_TIMEOUT(view->hasReport(), 10000);
    QVERIFY(view->isVisible());
    QVERIFY(!panel->comparisonTable()->isVisible()); // no answers to compare for a classifier
    compareWithRunFile(view);

    // The finished run is listed with the project's fine-tunes, and it is the one shown.
    PastFinetunesBox* past = panel->pastFinetunes();
    QTRY_VERIFY_WITH_TIMEOUT(past->runCount() > 0 && past->runIdAt(0) == m_runId, 30000);
    QVERIFY(past->combo()->currentText().startsWith(QStringLiteral("#%1 ").arg(m_runId)));
    // Under it the settings that tell classifiers apart, not a preference objective's beta.
    const QString settingsLine = past->settingsLabel()->text();
    QVERIFY2(settingsLine.contains(finetuneFieldLabel(QStringLiteral("trainable_blocks"))) &&
                 !settingsLine.contains(finetuneFieldLabel(QStringLiteral("beta"))),
             qPrintable(settingsLine));
}

void TestFinetuneClassification::compareWithRunFile(ClassificationResultView* view)
{
    QStringList classes;
    for (const auto& c : m_report.at("classes"))
        classes << QString::fromStdString(c.get<std::string>());
    for (const char* split : {"validation", "test"}) {
        const lw::store::Json& figures = m_report.at(split);
        QTableWidget* table = std::string(split) == "validation" ? view->validationTable() : view->testTable();
        QCOMPARE(table->rowCount(), int(classes.size()));
        QCOMPARE(table->columnCount(), int(classes.size()));
        int64_t right = 0, total = 0;
        for (int truth = 0; truth < classes.size(); ++truth) {
            QCOMPARE(table->verticalHeaderItem(truth)->text(), classes.at(truth));
            QCOMPARE(table->horizontalHeaderItem(truth)->text(), classes.at(truth));
            for (int picked = 0; picked < classes.size(); ++picked) {
                const int64_t count = figures.at("confusion").at(truth).at(picked).get<int64_t>();
                QCOMPARE(table->item(truth, picked)->data(Qt::UserRole).toLongLong(), count);
                QCOMPARE(table->item(truth, picked)->text(), QLocale().toString(count));
                total += count;
                right += truth == picked ? count : 0;
            }
        }
        QCOMPARE(total, figures.at("n").get<int64_t>());
        if (total == 0)
            continue;
        // The accuracy is the matrix's diagonal over its total, and the panel says it.
        const double accuracy = figures.at("accuracy").get<double>();
        QVERIFY(std::abs(accuracy - double(right) / double(total)) < 1e-12);
        const QString shown = QLocale().toString(accuracy, 'f', 3);
        QVERIFY2(view->summaryLabel()->text().contains(shown), qPrintable(view->summaryLabel()->text()));
    }
}

void TestFinetuneClassification::screenshotsInBothLanguages()
{
    QVERIFY(m_runId > 0);
    QStringList cut;
    for (const QString& language : {QStringLiteral("en"), QStringLiteral("vi")}) {
        m_window->preferences()->setLanguage(language);
        QTest::qWait(300); // language changes arrive as posted events
        FinetunePanel* panel = m_window->finetunePanel();
        QVERIFY(panel->classificationView()->isVisible());
        compareWithRunFile(panel->classificationView()); // written again in the language
        QTest::qWait(200);
        QVERIFY(screenshots::saveDrawn(m_window.get(), m_outDir,
                                       QStringLiteral("finetune-classification-%1").arg(language)));
        for (const QString& line : text_fit::clippedTexts(m_window.get()))
            cut << language + QStringLiteral(": ") + line;
    }
    m_window->preferences()->setLanguage(QStringLiteral("en"));
    QVERIFY2(cut.isEmpty(), qPrintable(cut.join(QLatin1Char('\n'))));
}

void TestFinetuneClassification::freshPanelShowsTheStoredResult()
{
    // As after a restart: the newest fine-tune is shown from the store and its folder.
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    QSignalSpy shown(&panel, &FinetunePanel::pastRunShown);
    panel.setProjectDir(m_projectDir);
    QVERIFY(shown.wait(30000));
    QCOMPARE(shown.first().first().toLongLong(), m_runId);
    QVERIFY(panel.classificationView()->hasReport());
    compareWithRunFile(panel.classificationView());
}

void TestFinetuneClassification::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestFinetuneClassification)
#include "test_finetune_classification.moc"

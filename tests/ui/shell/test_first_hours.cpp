// A new user's first hours, in the whole window with the real worker: the demo project
// opens, a short run trains (its checkpoints scored on a held-out text), the run's model
// is quantized to q8_0 with a quality report; then the app starts again on the same
// project, in Vietnamese, and every panel shows what was done before: Runs the completed
// run, Models its checkpoint and the quantized model, Quantize the report, Evaluate the
// checkpoint scores, Chat both models, Train the setup with its checkpoint tasks. The
// status bar and the run's status follow a language change made while they are shown,
// and so do the numbers of the Merge dialog. No text of any panel may be cut; with
// LW_SCREENSHOT_DIR set the pictures are kept there.
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/evaluate/eval_results_table.h"
#include "ui/panels/evaluate/evaluate_panel.h"
#include "ui/panels/models/merge_dialog.h"
#include "ui/panels/models/models_panel.h"
#include "ui/panels/quantize/quant_report_table.h"
#include "ui/panels/quantize/quantize_form.h"
#include "ui/panels/quantize/quantize_panel.h"
#include "ui/panels/runs/run_display.h"
#include "ui/panels/runs/runs_panel.h"
#include "ui/panels/runs/runs_table_model.h"
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/train_panel.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/screenshot_saver.h"
#include "ui/shell/text_fit_check.h"
#include "ui/shell/window_test_support.h"
#include "ui/widgets/qcustomplot_include.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStatusBar>
#include <QtTest>

#include <memory>

using namespace lw::ui;

class TestFirstHours : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainAndQuantizeTheDemo();
    void restartShowsWhatWasDone();
    void cleanupTestCase();

private:
    void switchLanguage(MainWindow* window, const QString& language);
    // Saves the window with `panel` shown and notes any text of it that is cut.
    void shoot(MainWindow* window, QWidget* panel, const QString& name);
    void checkEveryPanel(MainWindow* window, const QString& language);

    QTemporaryDir m_dir;
    QString m_outDir;
    QString m_heldOut;
    QString m_evalTask;
    QString m_quantized;
    qint64 m_runId = 0;
    QStringList m_cut;
    std::unique_ptr<MainWindow> m_window;
};

void TestFirstHours::initTestCase()
{
    QVERIFY(m_dir.isValid());
    window_test::prepare(m_dir);
    m_outDir = screenshots::outputDir(m_dir);
    QVERIFY(!m_outDir.isEmpty());
    Preferences().setLanguage(QStringLiteral("en"));
    // A held-out text the checkpoints and the quantized model are measured on.
    m_heldOut = m_dir.filePath(QStringLiteral("held-out.txt"));
    QFile text(m_heldOut);
    QVERIFY(text.open(QIODevice::WriteOnly));
    for (int i = 0; i < 12; ++i)
        text.write("Once upon a time a little fox found a red ball in the garden. She rolled it to her "
                   "friend the bear, and they played until the sun went down.\n");
    text.close();
    m_evalTask = QStringLiteral("perplexity:text-file=%1,context=32").arg(m_heldOut);
}

void TestFirstHours::switchLanguage(MainWindow* window, const QString& language)
{
    window->preferences()->setLanguage(language);
    QTest::qWait(300); // language changes arrive as posted events, layouts follow
}

void TestFirstHours::shoot(MainWindow* window, QWidget* panel, const QString& name)
{
    window->showPanel(panel);
    QTest::qWait(200);
    QVERIFY2(screenshots::saveDrawn(window, m_outDir, name), qPrintable(name));
    for (const QString& line : text_fit::clippedTexts(window))
        m_cut << name + QStringLiteral(": ") + line;
}

void TestFirstHours::trainAndQuantizeTheDemo()
{
    m_window = window_test::showWindow();
    QSignalSpy demoReady(m_window.get(), &MainWindow::demoReady);
    m_window->start();
    QVERIFY(demoReady.wait(60000));

    // A short run whose checkpoints are scored on the held-out text.
    TrainPanel* train = m_window->trainPanel();
    QTRY_VERIFY_WITH_TIMEOUT(train->startButton()->isEnabled(), 20000);
    HyperparameterForm* form = train->setupView()->hyperparameters();
    form->setValues(ui_test::shortDemoConfig(form->values(), 20, 10));
    train->setupView()->findChild<QPlainTextEdit*>(QStringLiteral("evalTasks"))->setPlainText(m_evalTask);
    QSignalSpy ended(train, &TrainPanel::runEnded);
    QTest::mouseClick(train->startButton(), Qt::LeftButton);
    QVERIFY(ended.wait(60000));
    m_runId = ended.first().at(0).toLongLong();
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("completed"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Run #%1: Completed").arg(m_runId));
    QCOMPARE(train->progressView()->statusLabel()->text(), QStringLiteral("Completed"));
    // Said again in the language chosen while they are shown.
    switchLanguage(m_window.get(), QStringLiteral("vi"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Lần chạy #%1: Hoàn tất").arg(m_runId));
    QCOMPARE(train->progressView()->statusLabel()->text(), QStringLiteral("Hoàn tất"));
    shoot(m_window.get(), train, QStringLiteral("first-hours-trained-vi"));
    switchLanguage(m_window.get(), QStringLiteral("en"));
    QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Run #%1: Completed").arg(m_runId));
    shoot(m_window.get(), train, QStringLiteral("first-hours-trained-en"));

    // The run's newest checkpoint to q8_0, measured on the same text.
    quantize::QuantizePanel* quantize = m_window->quantizePanel();
    m_window->showPanel(quantize);
    QTRY_VERIFY_WITH_TIMEOUT(quantize->form()->modelBox()->findData(QString::number(m_runId)) >= 0, 20000);
    quantize->form()->setModel(QString::number(m_runId));
    quantize->form()->setMethod(QStringLiteral("q8_0"));
    m_quantized = quantize->form()->outputEdit()->text();
    QCOMPARE(m_quantized, QStringLiteral("gpt2-1-q8_0")); // the run's name and the method
    quantize->form()->reportCheck()->setChecked(true);
    quantize->form()->reportDatasetBox()->setCurrentIndex(0); // a text file
    quantize->form()->reportTextFileEdit()->setText(m_heldOut);
    quantize->form()->reportContextSpin()->setValue(32);
    QSignalSpy finished(quantize, &quantize::QuantizePanel::queueFinished);
    QVERIFY2(quantize->run(), qPrintable(quantize->messageLabel()->text()));
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.first().at(0).toInt(), 2); // quantize, then the report
    QCOMPARE(finished.first().at(1).toInt(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(quantize->reportTable()->rowCount() == 1, 20000);
    shoot(m_window.get(), quantize, QStringLiteral("first-hours-quantized-en"));
    QVERIFY2(m_cut.isEmpty(), qPrintable(m_cut.join(QLatin1Char('\n'))));
}

void TestFirstHours::restartShowsWhatWasDone()
{
    QVERIFY(m_runId > 0);
    const QString project = m_window->trainPanel()->projectDir();
    m_window.reset(); // the app is closed
    Preferences().setLanguage(QStringLiteral("vi"));
    // The next start opens the project of the last session, born in Vietnamese.
    m_window = window_test::showWindow();
    QSignalSpy opened(m_window.get(), &MainWindow::projectOpened);
    m_window->start();
    QVERIFY(opened.wait(20000));
    const QString reopened = opened.first().first().toString();
    QCOMPARE(QFileInfo(reopened).canonicalFilePath(), QFileInfo(project).canonicalFilePath());
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QStringLiteral("Đã mở dự án %1").arg(QDir::toNativeSeparators(reopened)));
    checkEveryPanel(m_window.get(), QStringLiteral("vi"));

    switchLanguage(m_window.get(), QStringLiteral("en"));
    QCOMPARE(m_window->statusBar()->currentMessage(),
             QStringLiteral("Opened project %1").arg(QDir::toNativeSeparators(reopened)));
    checkEveryPanel(m_window.get(), QStringLiteral("en"));
    QVERIFY2(m_cut.isEmpty(), qPrintable(m_cut.join(QLatin1Char('\n'))));
}

void TestFirstHours::checkEveryPanel(MainWindow* window, const QString& language)
{
    const bool vi = language == QLatin1String("vi");
    // Train: the setup as it was left, checkpoint tasks included.
    TrainPanel* train = window->trainPanel();
    QTRY_COMPARE_WITH_TIMEOUT(train->setupView()->evalTasks(), QStringList{m_evalTask}, 20000);
    shoot(window, train, QStringLiteral("first-hours-restart-train-") + language);

    // Runs: the run, completed, in the language shown.
    auto* runs = static_cast<RunsPanel*>(window->runsPanel());
    window->showPanel(runs);
    QTRY_VERIFY_WITH_TIMEOUT(runs->runsModel()->findRun(m_runId), 20000);
    QCOMPARE(runs->runsModel()->findRun(m_runId)->status, lw::store::RunStatus::Completed);
    QCOMPARE(runStatusText(lw::store::RunStatus::Completed), vi ? QStringLiteral("Hoàn tất") : QStringLiteral("Completed"));
    bool statusShown = false;
    for (int row = 0; row < runs->runsModel()->rowCount(); ++row)
        statusShown = statusShown ||
                      runs->runsModel()->index(row, RunsTableModel::StatusColumn).data().toString() ==
                          runStatusText(lw::store::RunStatus::Completed);
    QVERIFY(statusShown);
    runs->selectRuns({m_runId});
    QTRY_VERIFY_WITH_TIMEOUT(!runs->isBusy(), 20000);
    shoot(window, runs, QStringLiteral("first-hours-restart-runs-") + language);

    // Models: the run's checkpoint and the quantized model.
    models::ModelsPanel* modelsPanel = window->modelsPanel();
    window->showPanel(modelsPanel);
    const auto listed = [&](models::ModelKind kind, const QString& name) {
        for (const models::ModelEntry& e : modelsPanel->entries())
            if (e.kind == kind && (name.isEmpty() || e.name == name))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(listed(models::ModelKind::Checkpoint, {}) &&
                                 listed(models::ModelKind::Quantized, m_quantized),
                             20000);
    modelsPanel->selectModel(m_quantized);
    shoot(window, modelsPanel, QStringLiteral("first-hours-restart-models-") + language);
    // The Merge dialog writes its numbers as the language does ("0,500" in Vietnamese),
    // though it was made before the language changed.
    modelsPanel->showMergeDialog();
    models::MergeDialog* merge = modelsPanel->mergeDialog();
    QVERIFY(QTest::qWaitForWindowExposed(merge));
    QCOMPARE(merge->tBox()->text(), vi ? QStringLiteral("0,500") : QStringLiteral("0.500"));
    QVERIFY2(screenshots::saveDrawn(merge, m_outDir, QStringLiteral("first-hours-merge-") + language),
             "merge dialog");
    for (const QString& line : text_fit::clippedTexts(merge))
        m_cut << QStringLiteral("merge: ") + line;
    merge->reject();

    // Quantize: the report of the quantized model.
    quantize::QuantizePanel* quantize = window->quantizePanel();
    window->showPanel(quantize);
    QTRY_VERIFY_WITH_TIMEOUT(quantize->reportTable()->rowCount() == 1 && !quantize->isLoading(), 20000);
    QCOMPARE(quantize->reportTable()->shownReports().first().model, m_quantized);
    // Its original is named as the model list names it, not by its run id.
    QCOMPARE(quantize->referenceFilter()->currentText(),
             quantize->form()->modelBox()->itemText(quantize->form()->modelBox()->findData(QString::number(m_runId))));
    // The name it suggests comes from the run, not from the listed (translated) name.
    quantize->form()->setModel(QString::number(m_runId));
    quantize->form()->setMethod(QStringLiteral("q8_0"));
    QCOMPARE(quantize->form()->outputEdit()->text(), m_quantized);
    // Its chart writes numbers as the language does, though the chart was made in another.
    QCOMPARE(quantize->sizeChart()->locale().decimalPoint(), vi ? QStringLiteral(",") : QStringLiteral("."));
    shoot(window, quantize, QStringLiteral("first-hours-restart-quantize-") + language);

    // Evaluate: the checkpoints' perplexities on the held-out text, from the run.
    evaluate::EvaluatePanel* evaluate = window->evaluatePanel();
    window->showPanel(evaluate);
    const auto runScores = [&] {
        int n = 0;
        for (const evaluate::StoredEvaluation& e : evaluate->evaluations())
            n += e.runId == m_runId && e.task == QLatin1String("perplexity") ? 1 : 0;
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(runScores() >= 2 && !evaluate->isLoading(), 20000); // steps 10 and 20
    const QString stepTwenty = vi ? QStringLiteral("Lần chạy #%1, bước 20") : QStringLiteral("Run #%1, step 20");
    QVERIFY(!evaluate->resultsTable()->findItems(stepTwenty.arg(m_runId), Qt::MatchExactly).isEmpty());
    shoot(window, evaluate, QStringLiteral("first-hours-restart-evaluate-") + language);

    // Chat: the run's checkpoints and the quantized model are offered.
    ChatPanel* chat = window->chatPanel();
    window->showPanel(chat);
    const auto offered = [&](const QString& labelPart, qint64 runId) {
        for (const ModelChoice& m : chat->catalog().models)
            if ((runId > 0 && m.runId == runId) || (!labelPart.isEmpty() && m.label.startsWith(labelPart)))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(offered({}, m_runId) && offered(m_quantized + QStringLiteral(" · "), 0), 20000);
    shoot(window, chat, QStringLiteral("first-hours-restart-chat-") + language);
}

void TestFirstHours::cleanupTestCase()
{
    m_window.reset();
}

LW_TEST_MAIN(TestFirstHours)
#include "test_first_hours.moc"

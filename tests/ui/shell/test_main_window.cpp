// The whole window with the real worker: the first start opens the demo project ready
// to train; a run started by clicking draws points and, cancelled, shows as cancelled
// in the Runs panel; a killed worker leaves its run interrupted and resumable; a run
// left training when the window closed is followed again by the next window.
#include "core/store/project.h"
#include "ui/panels/runs/runs_panel.h"
#include "ui/panels/runs/runs_table_model.h"
#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/run_feed.h"
#include "ui/panels/train/store_run_feed.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_panel.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/log_dock.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/project_context.h"
#include "ui/train/ui_test_support.h"
#include "ui/widgets/loss_chart.h"
#include "test_registry.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QtTest>

#include <memory>

using namespace lw::ui;

namespace {

lw::store::RunStatus statusInRunsPanel(MainWindow& window, qint64 runId)
{
    auto* runs = static_cast<RunsPanel*>(window.runsPanel());
    const lw::store::RunRecord* run = runs->runsModel()->findRun(runId);
    return run ? run->status : lw::store::RunStatus::Created;
}

int lossPoints(MainWindow& window)
{
    return window.trainPanel()->charts()->lossChart()->pointCount(QStringLiteral("loss"));
}

// Shortens the configuration the demo put in the form (max_steps, evaluations, ...).
void useShortConfig(MainWindow& window, int steps, int every)
{
    HyperparameterForm* form = window.trainPanel()->setupView()->hyperparameters();
    form->setValues(ui_test::shortDemoConfig(form->values(), steps, every));
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void firstStartOpensTheDemoReadyToTrain();
    void cancelledRunShowsInRuns();
    void killedWorkerLeavesRunInterruptedAndResumable();
    void reopenedWindowReattachesToARunStillTraining();

private:
    std::unique_ptr<MainWindow> openWindow();

    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    ui_test::useBuiltWorker();
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    preferences.setThreads(1);
}

std::unique_ptr<MainWindow> TestMainWindow::openWindow()
{
    auto window = std::make_unique<MainWindow>();
    window->setClosePolicy(MainWindow::ClosePolicy::CancelRuns);
    window->show();
    return window;
}

void TestMainWindow::firstStartOpensTheDemoReadyToTrain()
{
    QVERIFY(QSettings().value("projects/last").toString().isEmpty());
    auto window = openWindow();
    QSignalSpy demoReady(window.get(), &MainWindow::demoReady);
    QSignalSpy opened(window.get(), &MainWindow::projectOpened);
    window->start();
    QVERIFY(demoReady.wait(120000));
    QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 20000);
    // The default project of the data folder: where `llmwb` works without --project.
    const QString demoDir = m_dir.filePath(QStringLiteral("data/default"));
    QCOMPARE(window->project()->dir(), demoDir);
    QCOMPARE(window->currentPanel(), window->trainPanel());
    // The demo dataset and preset are selected: one click on Train would start a run.
    QTRY_VERIFY_WITH_TIMEOUT(window->trainPanel()->startButton()->isEnabled(), 20000);
    QVERIFY(window->trainPanel()->setupView()->datasetSection()->currentDataset().has_value());
    QCOMPARE(QSettings().value("projects/last").toString(), demoDir);
}

void TestMainWindow::cancelledRunShowsInRuns()
{
    auto window = openWindow();
    window->start(); // the last project: the demo
    QTRY_VERIFY_WITH_TIMEOUT(window->trainPanel()->startButton()->isEnabled(), 20000);
    useShortConfig(*window, 3000, 1000);
    QSignalSpy ended(window->trainPanel(), &TrainPanel::runEnded);
    QTest::mouseClick(window->trainPanel()->startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(lossPoints(*window) >= 2, 30000);
    const qint64 runId = window->trainPanel()->currentFeed()->runId();
    QVERIFY(runId > 0);

    QTest::mouseClick(window->trainPanel()->cancelButton(), Qt::LeftButton);
    QVERIFY(ended.wait(30000));
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("cancelled"));
    QTRY_COMPARE_WITH_TIMEOUT(statusInRunsPanel(*window, runId), lw::store::RunStatus::Cancelled, 10000);
}

void TestMainWindow::killedWorkerLeavesRunInterruptedAndResumable()
{
    auto window = openWindow();
    window->start();
    TrainPanel* panel = window->trainPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->startButton()->isEnabled(), 20000);
    useShortConfig(*window, 3000, 5);
    JobSupervisor* supervisor = window->supervisor();
    QSignalSpy checkpoints(supervisor, &JobSupervisor::checkpointWritten);
    QSignalSpy ended(panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel->startButton(), Qt::LeftButton);
    // A periodic checkpoint (the best one alone is not a point to resume from).
    auto periodic = [&] {
        for (const auto& c : checkpoints)
            if (c.at(1).value<CheckpointEvent>().kind == QLatin1String("periodic"))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(periodic(), 60000);
    const int job = checkpoints.first().first().toInt();
    const qint64 runId = supervisor->info(job).runId;
    QVERIFY(runId > 0);

    QVERIFY(supervisor->kill(job)); // SIGKILL: no `finished`, no chance to tidy up
    QVERIFY(ended.wait(20000));
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("interrupted"));
    QTRY_COMPARE_WITH_TIMEOUT(statusInRunsPanel(*window, runId), lw::store::RunStatus::Interrupted, 10000);

    // Resumable: Resume continues the same run from its checkpoint.
    QVERIFY(panel->resumeButton()->isEnabled());
    QSignalSpy started(supervisor, &JobSupervisor::runStarted);
    QTest::mouseClick(panel->resumeButton(), Qt::LeftButton);
    QVERIFY2(started.wait(30000), qPrintable(window->logDock()->view()->toPlainText()));
    const RunStartedEvent resumed = started.first().at(1).value<RunStartedEvent>();
    QCOMPARE(resumed.runId, runId);
    QVERIFY(!resumed.resumedFrom.isEmpty());
    const int before = lossPoints(*window);
    QTRY_VERIFY_WITH_TIMEOUT(lossPoints(*window) > before + 2, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(statusInRunsPanel(*window, runId), lw::store::RunStatus::Running, 10000);
    ended.clear();
    panel->cancelTraining();
    QVERIFY(ended.wait(30000));
}

void TestMainWindow::reopenedWindowReattachesToARunStillTraining()
{
    qint64 runId = 0;
    {
        auto first = openWindow();
        first->start();
        QTRY_VERIFY_WITH_TIMEOUT(first->trainPanel()->startButton()->isEnabled(), 20000);
        useShortConfig(*first, 3000, 1000);
        QTest::mouseClick(first->trainPanel()->startButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(lossPoints(*first) >= 2, 30000);
        runId = first->trainPanel()->currentFeed()->runId();
        first->setClosePolicy(MainWindow::ClosePolicy::KeepTraining);
        QVERIFY(first->close());
    } // the window and its supervisor are gone; the worker is not

    auto second = openWindow();
    second->start();
    TrainPanel* panel = second->trainPanel();
    QTRY_VERIFY_WITH_TIMEOUT(panel->currentFeed() != nullptr, 20000);
    QVERIFY(qobject_cast<StoreRunFeed*>(panel->currentFeed()));
    // The feed names its run once its first read of the store has come back.
    QTRY_COMPARE_WITH_TIMEOUT(panel->currentFeed()->runId(), runId, 10000);
    // Its whole curve so far comes from the store, and new points keep coming.
    QTRY_VERIFY_WITH_TIMEOUT(lossPoints(*second) >= 2, 20000);
    const int seen = lossPoints(*second);
    QTRY_VERIFY_WITH_TIMEOUT(lossPoints(*second) > seen, 20000);
    QVERIFY(!panel->pauseButton()->isEnabled()); // not our child: no stdin to pause it through
    QVERIFY(panel->cancelButton()->isEnabled());

    QSignalSpy ended(panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel->cancelButton(), Qt::LeftButton); // SIGTERM: the worker cancels
    QVERIFY(ended.wait(30000));
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("cancelled"));
    QTRY_COMPARE_WITH_TIMEOUT(statusInRunsPanel(*second, runId), lw::store::RunStatus::Cancelled, 10000);
}

LW_TEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

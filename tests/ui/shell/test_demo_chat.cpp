// The Chat panel's first use, with the whole window and the real `llmwb` worker: on a
// new data folder the demo model is trained by a job of the app (in the status bar with
// its progress), a message sent while it trains waits, switching panels changes
// nothing, and the answer comes from the final model, the one core's greedy decoding
// gives on the finished run's best checkpoint. Quitting while it trains asks, and the
// next start resumes the demo run from the checkpoint written at the quit, not from
// step 1. LLMWB_DEMO_MAX_STEPS keeps the demo training short.
#include "core/train/demo_run.h"
#include "ui/chat/chat_fixture.h"
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/conversation_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/demo_model_job.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/panels/chat/model_picker.h"
#include "ui/panels/chat/model_session.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/shell/project_context.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QtTest>

#include <cctype>
#include <memory>

using namespace lw::ui;

namespace {

constexpr int kDemoSteps = 120;

std::string leftTrimmed(const std::string& text)
{
    size_t i = 0;
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
        ++i;
    return text.substr(i);
}

// The highest value a progress bar of the status bar shows (the jobs' rows).
int statusBarProgress(MainWindow& window)
{
    int best = -1;
    for (QProgressBar* bar : window.statusBar()->findChildren<QProgressBar*>())
        if (bar->maximum() > 0)
            best = qMax(best, bar->value());
    return best;
}

} // namespace

class TestDemoChat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void messageSentWhileTheDemoTrainsIsAnsweredByTheFinalModel();
    void quitAsksAndTheNextStartResumesTheDemoRun();

private:
    std::unique_ptr<MainWindow> openWindow(const QString& dataFolder, bool firstStart);

    QTemporaryDir m_dir;
};

void TestDemoChat::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    ui_test::useBuiltWorker();
    qputenv("LLMWB_DEMO_MAX_STEPS", QByteArray::number(kDemoSteps));
}

std::unique_ptr<MainWindow> TestDemoChat::openWindow(const QString& dataFolder, bool firstStart)
{
    if (firstStart)
        QSettings().remove(QStringLiteral("projects/last")); // as on a machine that never ran the app
    Preferences preferences;
    preferences.setDataFolder(dataFolder);
    preferences.setThreads(1); // the test's GUI thread needs the other core
    auto window = std::make_unique<MainWindow>();
    window->setClosePolicy(MainWindow::ClosePolicy::CancelRuns);
    window->show();
    QSignalSpy demoReady(window.get(), &MainWindow::demoReady);
    QSignalSpy opened(window.get(), &MainWindow::projectOpened);
    window->start();
    if (firstStart && !demoReady.wait(120000))
        qFatal("the demo project was not made");
    if (!QTest::qWaitFor([&] { return !opened.isEmpty(); }, 20000))
        qFatal("no project opened");
    return window;
}

void TestDemoChat::messageSentWhileTheDemoTrainsIsAnsweredByTheFinalModel()
{
    const QString data = m_dir.filePath(QStringLiteral("data-a"));
    auto window = openWindow(data, true);
    const QString demoDir = QDir(data).filePath(QStringLiteral("default"));
    QCOMPARE(window->project()->dir(), demoDir); // the first start and the demo share the default project
    JobSupervisor* supervisor = window->supervisor();
    ChatPanel* chat = window->chatPanel();
    QCOMPARE(chat->demoModel()->projectDir(), demoDir);
    QSignalSpy started(supervisor, &JobSupervisor::runStarted);
    QSignalSpy steps(supervisor, &JobSupervisor::stepReported);
    QSignalSpy loaded(chat->session(), &ModelSession::loaded);
    // What the demo model job said when the model was loaded: it must be done by then.
    QList<DemoModelJob::Phase> phaseAtLoad;
    connect(chat->session(), &ModelSession::loaded, this, [&] { phaseAtLoad.append(chat->demoModel()->phase()); });

    window->showPanel(chat);
    // No run has completed: the demo model, trained by a worker of the app.
    QTRY_VERIFY_WITH_TIMEOUT(chat->session()->isWaitingForDemo(), 20000);
    QCOMPARE(chat->modelPicker()->currentKey(), QStringLiteral("demo"));
    QVERIFY2(started.wait(120000), "the demo training did not start");
    const int job = started.first().at(0).toInt();
    const RunStartedEvent run = started.first().at(1).value<RunStartedEvent>();
    QVERIFY(run.resumedFrom.isEmpty());
    QCOMPARE(chat->demoModel()->jobId(), job);
    QCOMPARE(supervisor->info(job).kind, JobKind::Train); // listed and asked about like Train's runs
    QTRY_VERIFY_WITH_TIMEOUT(steps.size() >= 3, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(statusBarProgress(*window) > 0, 10000); // progress in the status bar
    QVERIFY(chat->modelStatus()->text().contains(QStringLiteral("step")));

    // A message while it trains: it waits for the model.
    ChatView* view = chat->chatView();
    view->decodingForm()->setSettings([] {
        lw::generate::SamplerSettings s;
        s.temperature = 0;
        s.max_tokens = 24;
        s.stop_at_eos = false; // as chat_test::greedyChatAnswer
        return s;
    }());
    QSignalSpy answered(view, &ChatView::answerFinished);
    QSignalSpy failed(view, &ChatView::answerFailed);
    QCOMPARE(chat->demoModel()->phase(), DemoModelJob::Phase::Training);
    view->sendMessage(QStringLiteral("Once upon a time"));
    QVERIFY(view->isAnswering());

    // For a person to look at: the panel while the demo trains, in both languages.
    const QString shots = qEnvironmentVariable("LW_SCREENSHOT_DIR");
    if (!shots.isEmpty()) {
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("vi"), QStringLiteral("en")}) {
            window->preferences()->setLanguage(language);
            QTest::qWait(200);
            window->grab().save(QDir(shots).filePath(QStringLiteral("demo-training-%1.png").arg(language)));
        }
    }

    // Visiting the other panels and coming back changes nothing.
    window->showPanel(window->trainPanel());
    QTest::qWait(300);
    window->showPanel(window->runsPanel());
    QTest::qWait(600);
    window->showPanel(chat);
    QTest::qWait(600);
    QCOMPARE(chat->modelPicker()->currentKey(), QStringLiteral("demo"));
    QVERIFY(failed.isEmpty());
    QVERIFY(loaded.isEmpty() || phaseAtLoad.last() == DemoModelJob::Phase::Ready);
    const qint64 stepSeen = steps.last().at(1).value<StepEvent>().step;
    QVERIFY2(supervisor->isActive(job) || stepSeen == kDemoSteps, "the training stopped before its end");

    QVERIFY2(answered.wait(240000), qPrintable(failed.isEmpty() ? QStringLiteral("no answer") : failed.first().first().toString()));
    QVERIFY(failed.isEmpty());
    // The model was loaded once, after the training was done, and it is the final one.
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(phaseAtLoad, QList<DemoModelJob::Phase>{DemoModelJob::Phase::Ready});
    const lw::train::DemoRunState state = lw::train::findDemoRun(demoDir.toStdString());
    QCOMPARE(state.state, lw::train::DemoRunState::State::Ready);
    QCOMPARE(state.runId, run.runId);
    QCOMPARE(state.step, qint64(kDemoSteps));
    const QString checkpoint = QString::fromStdString(state.checkpoint);
    QCOMPARE(chat->session()->info().checkpointPath, checkpoint);
    const std::string expected = chat_test::greedyChatAnswer(checkpoint, "chatml", {{"user", "Once upon a time"}}, 24);
    QCOMPARE(view->conversation().messages.back().content, leftTrimmed(expected));
    QCOMPARE(view->conversationView()->last()->text().toStdString(), leftTrimmed(expected));
    QVERIFY(!supervisor->isActive(job));
    QTRY_VERIFY_WITH_TIMEOUT(chat->modelStatus()->text().startsWith(QStringLiteral("Ready")), 5000);
    if (!shots.isEmpty())
        window->grab().save(QDir(shots).filePath(QStringLiteral("demo-answered-en.png")));
}

void TestDemoChat::quitAsksAndTheNextStartResumesTheDemoRun()
{
    const QString data = m_dir.filePath(QStringLiteral("data-b"));
    const QString demoDir = QDir(data).filePath(QStringLiteral("default"));
    qint64 runId = 0;
    qint64 stoppedAt = 0;
    {
        auto window = openWindow(data, true);
        JobSupervisor* supervisor = window->supervisor();
        QSignalSpy started(supervisor, &JobSupervisor::runStarted);
        QSignalSpy steps(supervisor, &JobSupervisor::stepReported);
        window->showPanel(window->chatPanel());
        QVERIFY2(started.wait(120000), "the demo training did not start");
        runId = started.first().at(1).value<RunStartedEvent>().runId;
        QTRY_VERIFY_WITH_TIMEOUT(steps.size() >= 5, 60000);
        QVERIFY(steps.last().at(1).value<StepEvent>().step < kDemoSteps);

        // Quitting asks, as it does for Train's runs; the answer here: cancel them.
        window->setClosePolicy(MainWindow::ClosePolicy::Ask);
        bool asked = false;
        QTimer answerer;
        answerer.setInterval(20);
        connect(&answerer, &QTimer::timeout, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("closeWhileTrainingDialog"))
                return;
            answerer.stop();
            asked = true;
            QTest::mouseClick(box->findChild<QPushButton*>(QStringLiteral("cancelRuns")), Qt::LeftButton);
        });
        answerer.start();
        QVERIFY(window->close());
        QVERIFY(asked);
    } // the supervisor cancels the worker, which writes a checkpoint and records the run cancelled

    const lw::train::DemoRunState stopped = lw::train::findDemoRun(demoDir.toStdString());
    QCOMPARE(stopped.state, lw::train::DemoRunState::State::Resumable);
    QCOMPARE(stopped.runId, runId);
    stoppedAt = stopped.step;
    QVERIFY2(stoppedAt >= 5 && stoppedAt < kDemoSteps, qPrintable(QString::number(stoppedAt)));

    // The next start goes on with it by itself, from that checkpoint.
    auto window = openWindow(data, false);
    JobSupervisor* supervisor = window->supervisor();
    QSignalSpy started(supervisor, &JobSupervisor::runStarted);
    QSignalSpy steps(supervisor, &JobSupervisor::stepReported);
    QVERIFY2(started.wait(120000), "the demo training was not resumed");
    const RunStartedEvent resumed = started.first().at(1).value<RunStartedEvent>();
    QCOMPARE(resumed.runId, runId);
    QVERIFY(!resumed.resumedFrom.isEmpty());
    QVERIFY(steps.wait(60000));
    const qint64 firstStep = steps.first().at(1).value<StepEvent>().step;
    QVERIFY2(firstStep == stoppedAt + 1, qPrintable(QStringLiteral("first step %1 after stopping at %2").arg(firstStep).arg(stoppedAt)));

    // And the Chat panel gets the trained model from it.
    ChatPanel* chat = window->chatPanel();
    window->showPanel(chat);
    QTRY_VERIFY_WITH_TIMEOUT(chat->session()->isLoaded() && chat->session()->info().key == QStringLiteral("demo"), 240000);
    const lw::train::DemoRunState done = lw::train::findDemoRun(demoDir.toStdString());
    QCOMPARE(done.state, lw::train::DemoRunState::State::Ready);
    QCOMPARE(done.runId, runId);
    QCOMPARE(chat->session()->info().checkpointPath, QString::fromStdString(done.checkpoint));
}

LW_TEST_MAIN(TestDemoChat)
#include "test_demo_chat.moc"

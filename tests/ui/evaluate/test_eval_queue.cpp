// The Evaluate panel's queue of jobs, one per ticked model, run through the job
// supervisor as real processes: a small shell script stands in for the worker and
// prints the events `llmwb eval --events` prints (progress, then a result with the
// evaluation's id), writing the command line it was given to a file. The queue runs
// the jobs one after another with exactly the form's command lines; a failing job is
// reported and the next one still runs; Cancel stops the running job (SIGTERM, exit
// status 3) and drops the rest.
#include "eval_panel_fixture.h"
#include "test_registry.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/evaluate/eval_form.h"
#include "ui/panels/evaluate/eval_queue.h"
#include "ui/panels/evaluate/evaluate_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

#include <memory>

using namespace lw::ui;
using namespace lw::ui::evaluate;

class TestEvalQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void runsOneJobPerModelInOrder();
    void aFailedJobDoesNotStopTheQueue();
    void cancelStopsTheJobAndTheQueue();
    void overallFraction();

private:
    // A worker that logs its arguments, one line per job, then behaves as `body` says.
    void useWorker(const QString& body);
    QStringList loggedCommandLines() const;
    QString project() const { return m_dir.filePath(QStringLiteral("project")); }

    QTemporaryDir m_dir;
    std::unique_ptr<JobSupervisor> m_supervisor;
    std::unique_ptr<EvaluatePanel> m_panel;
};

void TestEvalQueue::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    eval_fixture::makeEvalProject(project());
}

void TestEvalQueue::init()
{
    m_supervisor = std::make_unique<JobSupervisor>();
    m_panel = std::make_unique<EvaluatePanel>(m_supervisor.get());
    QSignalSpy listed(m_panel.get(), &EvaluatePanel::listed);
    m_panel->setProjectDir(project());
    QVERIFY(listed.wait(20000));
    QFile::remove(m_dir.filePath(QStringLiteral("calls.txt")));
    EvalForm* form = m_panel->form();
    form->setTask(kTaskPerplexity);
    form->textFileEdit()->setText(QStringLiteral("/data/notes.txt"));
}

void TestEvalQueue::useWorker(const QString& body)
{
    const QString path = m_dir.filePath(QStringLiteral("worker.sh"));
    QFile script(path);
    QVERIFY(script.open(QIODevice::WriteOnly | QIODevice::Truncate));
    script.write(QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$*\" >> '%1'\n%2\n")
                     .arg(m_dir.filePath(QStringLiteral("calls.txt")), body)
                     .toUtf8());
    script.close();
    QVERIFY(script.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner));
    m_supervisor->setWorkerProgram(path);
}

QStringList TestEvalQueue::loggedCommandLines() const
{
    QFile file(m_dir.filePath(QStringLiteral("calls.txt")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

void TestEvalQueue::runsOneJobPerModelInOrder()
{
    useWorker(QStringLiteral(
        R"(echo '{"v":1,"event":"progress","stage":"eval","fraction":0.5,"message":"half"}'
echo '{"v":1,"event":"result","summary":{"perplexity":3.5},"evaluation_id":41}')"));
    m_panel->form()->contextSpin()->setValue(64);
    QSignalSpy started(m_panel->queue(), &EvalQueue::jobStarted);
    QSignalSpy succeeded(m_panel->queue(), &EvalQueue::jobSucceeded);
    QSignalSpy finished(m_panel.get(), &EvaluatePanel::queueFinished);
    lw::ui::models::ModelEntry a, b;
    a.spec = QStringLiteral("1:best");
    b.spec = QStringLiteral("/ckpt/step-20.ckpt");
    m_panel->form()->setModels({a, b});
    m_panel->form()->setModelChecked(a.spec, true);
    m_panel->form()->setModelChecked(b.spec, true);
    QVERIFY(m_panel->runButton()->isEnabled());
    m_panel->runAction()->trigger(); // Ctrl+Return
    QVERIFY(m_panel->queue()->isRunning());
    QVERIFY(!m_panel->runButton()->isEnabled());
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toInt(), 2);
    QCOMPARE(finished.first().at(1).toInt(), 0);
    QCOMPARE(finished.first().at(2).toBool(), false);
    QCOMPARE(started.count(), 2);
    QCOMPARE(succeeded.count(), 2);
    QCOMPARE(succeeded.at(1).at(1).toJsonObject().value(QStringLiteral("evaluation_id")).toInt(), 41);
    const QString tail = QStringLiteral(" --project %1 --events").arg(project());
    QCOMPARE(loggedCommandLines(),
             QStringList({QStringLiteral("eval perplexity --model 1:best --text-file /data/notes.txt --context 64") +
                              tail,
                          QStringLiteral("eval perplexity --model /ckpt/step-20.ckpt --text-file /data/notes.txt "
                                         "--context 64") +
                              tail}));
    QVERIFY(m_panel->runAction()->isEnabled()); // ready for the next run
    QVERIFY(!m_panel->cancelAction()->isEnabled());
}

void TestEvalQueue::aFailedJobDoesNotStopTheQueue()
{
    // The first job fails with an error event; the second succeeds.
    useWorker(QStringLiteral(
        R"(case "$*" in *first*) echo '{"v":1,"event":"error","message":"no such model"}'; exit 1;; esac
echo '{"v":1,"event":"result","summary":{},"evaluation_id":7}')"));
    lw::ui::models::ModelEntry a, b;
    a.spec = QStringLiteral("first");
    b.spec = QStringLiteral("second");
    m_panel->form()->setModels({a, b});
    m_panel->form()->setModelChecked(a.spec, true);
    m_panel->form()->setModelChecked(b.spec, true);
    QSignalSpy failed(m_panel->queue(), &EvalQueue::jobFailed);
    QSignalSpy finished(m_panel.get(), &EvaluatePanel::queueFinished);
    QVERIFY(m_panel->run());
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toInt(), 1);
    QCOMPARE(finished.first().at(1).toInt(), 1);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(0).toInt(), 0);
    QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("no such model")));
    QVERIFY(m_panel->messageLabel()->text().contains(QStringLiteral("no such model")));
    QCOMPARE(loggedCommandLines().size(), 2);
}

void TestEvalQueue::cancelStopsTheJobAndTheQueue()
{
    // Each job reports progress, then waits; SIGTERM makes it exit with status 3 as the
    // worker does, storing nothing.
    useWorker(QStringLiteral(
        R"(trap 'exit 3' TERM
echo '{"v":1,"event":"progress","stage":"eval","fraction":0.25,"message":"scoring"}'
i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done
echo '{"v":1,"event":"result","summary":{},"evaluation_id":1}')"));
    lw::ui::models::ModelEntry a, b, c;
    a.spec = QStringLiteral("m1");
    b.spec = QStringLiteral("m2");
    c.spec = QStringLiteral("m3");
    m_panel->form()->setModels({a, b, c});
    for (const QString& spec : {a.spec, b.spec, c.spec})
        m_panel->form()->setModelChecked(spec, true);
    QSignalSpy started(m_panel->queue(), &EvalQueue::jobStarted);
    QSignalSpy progress(m_panel->queue(), &EvalQueue::progress);
    QSignalSpy finished(m_panel.get(), &EvaluatePanel::queueFinished);
    QVERIFY(m_panel->run());
    // Wait for the worker's own progress event (the first is the queue's 0).
    QVERIFY(QTest::qWaitFor([&] { return progress.count() >= 2; }, 20000));
    QCOMPARE(progress.last().at(0).toDouble(), 0.25);
    QCOMPARE(progress.last().at(2).toDouble(), 0.25 / 3); // overall: a quarter of the first of three
    QVERIFY(m_panel->jobLabel()->text().contains(QStringLiteral("1")));
    QVERIFY(m_panel->cancelButton()->isEnabled());
    m_panel->cancelAction()->trigger(); // Esc
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toInt(), 0);
    QCOMPARE(finished.first().at(2).toBool(), true);
    QCOMPARE(started.count(), 1);
    QCOMPARE(loggedCommandLines().size(), 1); // m2 and m3 never started
    QVERIFY(!m_panel->queue()->isRunning());
    QVERIFY(!m_panel->cancelButton()->isEnabled());
    QTest::qWait(300);
    QCOMPARE(loggedCommandLines().size(), 1);
}

void TestEvalQueue::overallFraction()
{
    QCOMPARE(EvalQueue::overallFraction(0, 4, 0.5), 0.125);
    QCOMPARE(EvalQueue::overallFraction(3, 4, 1.0), 1.0);
    QCOMPARE(EvalQueue::overallFraction(1, 2, 2.0), 1.0); // a fraction past 1 is clamped
    QCOMPARE(EvalQueue::overallFraction(0, 0, 0.5), 0.0);
}

LW_TEST_MAIN(TestEvalQueue)
#include "test_eval_queue.moc"

// The Fine-tune panel's "Processes" box, the Train panel's: one process passes no flag,
// more pass --nproc-per-node to the worker (not to the check, which runs in one
// process); a batch the processes cannot share evenly blocks Start with the reason; the
// box comes back as it was left when the panel opens the project again; a real
// two-process fine-tune started from the panel shows the throughput per process, is
// cancelled (the box then shows its two processes, Resume's default), and resumed from
// the panel on the one process the box is set to (the worker gets --nproc-per-node 1, a
// note says the count differs; world.json holds a session of two, then one); with
// LW_SCREENSHOT_DIR set the box and the progress line are pictured in English and
// Vietnamese, the note in English (test_train_processes pictures it in both).
#include "finetune_fixture.h"
#include "test_registry.h"
#include "ui/panels/finetune/finetune_command_line.h"
#include "ui/panels/finetune/finetune_form.h"
#include "ui/panels/finetune/finetune_panel.h"
#include "ui/panels/finetune/saved_finetune_setup.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/worker_events.h"
#include "ui/widgets/number_text.h"
#include "ui/shell/screenshot_saver.h"

#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QThreadPool>
#include <QToolButton>
#include <QtTest>

using namespace lw::ui;
using namespace lw::ui::finetune;

namespace {

// The value after `flag` in `args`, or "" without it.
QString finetuneFlagValue(const QStringList& args, const QString& flag)
{
    const int at = args.indexOf(flag);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : QString();
}

QJsonArray worldSessionsOf(const QString& runDir)
{
    QFile world(runDir + QStringLiteral("/world.json"));
    if (!world.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(world.readAll()).array();
}

} // namespace

class TestFinetuneProcesses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void processesReachTheWorker();
    void unevenBatchBlocksStart();
    void processesComeBackOnTheNextStart();
    void twoProcessFinetuneFromThePanelResumesOnOne();
    void boxFitsInBothLanguages();

private:
    void openProject(FinetunePanel& panel);
    // Back to one process, kept so in the project (the next test starts from it).
    void resetProcesses(FinetunePanel& panel);
    QString screenshotDir();

    QTemporaryDir m_dir;
    finetune_test::FinetuneFixture m_fixture;
};

void TestFinetuneProcesses::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    const QString worker = ui_test::useBuiltWorker();
    QVERIFY(QFileInfo(worker).isExecutable());
    // The demo model and the demo sets (imported by the demo fine-tune).
    QVERIFY(finetune_test::makeFinetuneFixture(m_dir.path(), worker, &m_fixture));
}

void TestFinetuneProcesses::openProject(FinetunePanel& panel)
{
    QSignalSpy loaded(&panel, &FinetunePanel::catalogLoaded);
    panel.setProjectDir(m_fixture.projectDir);
    QVERIFY(loaded.wait(30000));
}

void TestFinetuneProcesses::resetProcesses(FinetunePanel& panel)
{
    panel.form()->processesSection()->setSettings({});
    // The writes run on the pool: once it is idle the file holds the last change.
    QVERIFY(QThreadPool::globalInstance()->waitForDone(10000));
    QVERIFY(QFileInfo::exists(savedFinetuneSetupPath(m_fixture.projectDir)));
    QVERIFY(loadSavedFinetuneSetup(m_fixture.projectDir).processes == DistributedSettings{});
}

QString TestFinetuneProcesses::screenshotDir()
{
    return screenshots::outputDir(m_dir);
}

void TestFinetuneProcesses::processesReachTheWorker()
{
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    openProject(panel);
    ProcessesSection* section = panel.form()->processesSection();
    QCOMPARE(section->processesSpin()->value(), 1);
    QVERIFY(!finetuneArguments(panel.currentRequest(), false).contains(QStringLiteral("--nproc-per-node")));

    section->processesSpin()->setValue(2);
    const QStringList args = finetuneArguments(panel.currentRequest(), false);
    QCOMPARE(finetuneFlagValue(args, QStringLiteral("--nproc-per-node")), QStringLiteral("2"));
    QCOMPARE(args.last(), QStringLiteral("--events"));
    QCOMPARE(finetuneFlagValue(finetuneArguments(panel.currentRequest(true), false),
                               QStringLiteral("--nproc-per-node")),
             QStringLiteral("2"));
    // The check looks at the data and settings in one process.
    QVERIFY(!finetuneArguments(panel.currentRequest(), true).contains(QStringLiteral("--nproc-per-node")));

    // The Nodes part gives the rendezvous flags, as in the Train panel.
    section->nodesToggle()->click();
    section->findChild<QSpinBox*>(QStringLiteral("nodes"))->setValue(2);
    section->findChild<QSpinBox*>(QStringLiteral("nodeRank"))->setValue(1);
    section->findChild<QLineEdit*>(QStringLiteral("masterAddress"))->setText(QStringLiteral("10.7.8.9"));
    const QStringList nodes = finetuneArguments(panel.currentRequest(), false);
    QCOMPARE(finetuneFlagValue(nodes, QStringLiteral("--nnodes")), QStringLiteral("2"));
    QCOMPARE(finetuneFlagValue(nodes, QStringLiteral("--node-rank")), QStringLiteral("1"));
    QCOMPARE(finetuneFlagValue(nodes, QStringLiteral("--master-addr")), QStringLiteral("10.7.8.9"));
    resetProcesses(panel);
}

void TestFinetuneProcesses::unevenBatchBlocksStart()
{
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openProject(panel);
    auto* batch = qobject_cast<QSpinBox*>(panel.form()->editor(QStringLiteral("batch_size")));
    QVERIFY(batch);
    batch->setValue(9);
    QVERIFY(panel.startButton()->isEnabled());
    // 9 rows on 2 processes: 9 = 4 x 2 + 1, no equal shares.
    panel.form()->processesSection()->processesSpin()->setValue(2);
    QVERIFY(!panel.startButton()->isEnabled());
    QVERIFY(panel.blockedLabel()->isVisible());
    QVERIFY2(panel.blockedLabel()->text().contains(QStringLiteral("batch size (9)")) &&
                 panel.blockedLabel()->text().contains(QStringLiteral("multiple of the number of processes (2)")),
             qPrintable(panel.blockedLabel()->text()));
    batch->setValue(8);
    QVERIFY(panel.startButton()->isEnabled());
    QVERIFY(!panel.blockedLabel()->isVisible());
    resetProcesses(panel);
}

void TestFinetuneProcesses::processesComeBackOnTheNextStart()
{
    DistributedSettings left;
    {
        JobSupervisor supervisor;
        FinetunePanel panel(&supervisor);
        openProject(panel);
        ProcessesSection* section = panel.form()->processesSection();
        QCOMPARE(section->processesSpin()->value(), 1);
        QSignalSpy saved(&panel, &FinetunePanel::setupSaved);
        section->processesSpin()->setValue(2);
        section->findChild<QSpinBox*>(QStringLiteral("masterPort"))->setValue(29888);
        QVERIFY(saved.wait(5000));
        left = section->settings();
        QCOMPARE(left.processes, 2);
        // Saved on each change, in the background: the file ends with the last one.
        QVERIFY(QThreadPool::globalInstance()->waitForDone(10000));
        QVERIFY(loadSavedFinetuneSetup(m_fixture.projectDir).processes == left);
    }
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    openProject(panel);
    ProcessesSection* section = panel.form()->processesSection();
    QCOMPARE(section->processesSpin()->value(), 2);
    QCOMPARE(section->findChild<QSpinBox*>(QStringLiteral("masterPort"))->value(), 29888);
    QVERIFY(section->settings() == left);
    // A later read of the catalog (after a run) keeps what the user set since.
    section->processesSpin()->setValue(3);
    QSignalSpy loaded(&panel, &FinetunePanel::catalogLoaded);
    panel.refresh();
    QVERIFY(loaded.wait(30000));
    QCOMPARE(section->processesSpin()->value(), 3);
    resetProcesses(panel);
}

void TestFinetuneProcesses::twoProcessFinetuneFromThePanelResumesOnOne()
{
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openProject(panel);
    panel.form()->processesSection()->processesSpin()->setValue(2);
    qobject_cast<QSpinBox*>(panel.form()->editor(QStringLiteral("max_steps")))->setValue(10);
    qobject_cast<QSpinBox*>(panel.form()->editor(QStringLiteral("batch_size")))->setValue(4);
    qobject_cast<QSpinBox*>(panel.form()->editor(QStringLiteral("eval_every")))->setValue(0);
    QVERIFY(panel.startButton()->isEnabled());

    StepEvent lastStep;
    QList<RunStartedEvent> started;
    connect(&supervisor, &JobSupervisor::stepReported, this, [&](int, const StepEvent& e) { lastStep = e; });
    connect(&supervisor, &JobSupervisor::runStarted, this, [&](int, const RunStartedEvent& e) { started << e; });
    QStringList detailsSeen;
    bool pictured = false;
    connect(&supervisor, &JobSupervisor::stepReported, this, [&](int, const StepEvent&) {
        QTimer::singleShot(0, this, [&] {
            const QString details = panel.progressView()->detailsLabel()->text();
            // The first line with the throughput per process, for a person to look at.
            if (details.contains(QStringLiteral("tokens/s each")) && !pictured)
                pictured = panel.progressView()->grab().save(
                    QDir(screenshotDir()).filePath(QStringLiteral("finetune-processes-running-en.png")));
            detailsSeen << details;
        });
    });
    QSignalSpy ended(&panel, &FinetunePanel::runEnded);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    // Cancelled after its third step: the run is left with a checkpoint to resume from.
    QTRY_VERIFY_WITH_TIMEOUT(lastStep.step >= 3, 240000);
    QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
    QVERIFY(ended.wait(120000));
    QCOMPARE(ended.first().first().toString(), QStringLiteral("cancelled"));
    QCOMPARE(lastStep.worldSize, 2);
    QVERIFY(lastStep.tokensPerSecond > 0);
    QTRY_VERIFY_WITH_TIMEOUT(!detailsSeen.isEmpty(), 5000);
    const QString perProcess = QStringLiteral("2 processes, ");
    bool shown = false;
    for (const QString& details : detailsSeen)
        shown = shown || (details.contains(perProcess) && details.contains(QStringLiteral("tokens/s each")));
    QVERIFY2(shown, qPrintable(detailsSeen.join(QLatin1Char('\n'))));
    QVERIFY(pictured);
    QCOMPARE(started.size(), 1);
    const qint64 runId = started.first().runId;
    const QString runDir = started.first().runDir;

    // The stopped run is Resume's target: the box shows the processes it trained on,
    // with no note while the count is that one.
    ProcessesSection* section = panel.form()->processesSection();
    // Set to one process: a note says the resume takes this count, the tooltip why
    // dropout runs are then not bit-exact.
    ui_test::checkResumeNoteOnAnotherCount(section, runId);
    if (QTest::currentTestFailed())
        return;
    panel.findChild<QScrollArea*>()->ensureWidgetVisible(section);
    QVERIFY(section->grab().save(QDir(screenshotDir()).filePath(QStringLiteral("finetune-resume-note-en.png"))));

    // Resumed from the panel on that one process: the worker is told so explicitly (else
    // it would go on with the two recorded in the run).
    QStringList workerCommandLine;
    connect(&supervisor, &JobSupervisor::stepReported, this, [&](int jobId, const StepEvent&) {
        if (workerCommandLine.isEmpty())
            workerCommandLine = ui_test::processCommandLine(supervisor.info(jobId).pid);
    });
    ended.clear();
    panel.resumeRun(runId);
    QVERIFY(ended.wait(300000));
    QCOMPARE(ended.first().first().toString(), QStringLiteral("completed"));
    QCOMPARE(finetuneFlagValue(workerCommandLine, QStringLiteral("--resume")), QString::number(runId));
    QCOMPARE(finetuneFlagValue(workerCommandLine, QStringLiteral("--nproc-per-node")), QStringLiteral("1"));
    QCOMPARE(lastStep.step, qint64(10));
    QCOMPARE(lastStep.worldSize, 1);
    const QJsonArray sessions = worldSessionsOf(runDir);
    QCOMPARE(sessions.size(), 2);
    QCOMPARE(sessions.at(0).toObject().value(QLatin1String("world_size")).toInt(), 2);
    QCOMPARE(sessions.at(1).toObject().value(QLatin1String("world_size")).toInt(), 1);
    resetProcesses(panel);
}

void TestFinetuneProcesses::boxFitsInBothLanguages()
{
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    panel.resize(1280, 800);
    panel.show();
    openProject(panel);
    ProcessesSection* section = panel.form()->processesSection();
    section->processesSpin()->setValue(2);
    section->nodesToggle()->click();
    LanguageSwitcher language;
    for (const QString& code : {QStringLiteral("en"), QStringLiteral("vi")}) {
        QVERIFY(language.apply(code));
        QTest::qWait(300); // language changes arrive as posted events, layouts follow
        if (code == QLatin1String("vi"))
            QVERIFY2(section->title() != QLatin1String("Processes"), qPrintable(section->title()));
        panel.findChild<QScrollArea*>()->ensureWidgetVisible(section);
        QTest::qWait(100);
        const QString clipped = ui_test::clippedLabelIn(section);
        QVERIFY2(clipped.isEmpty(), qPrintable(code + QStringLiteral(": ") + clipped));
        QVERIFY(panel.grab().save(QDir(screenshotDir()).filePath(QStringLiteral("finetune-processes-%1.png").arg(code))));
        QVERIFY(section->grab().save(
            QDir(screenshotDir()).filePath(QStringLiteral("finetune-processes-box-%1.png").arg(code))));
    }
    QVERIFY(language.apply(QStringLiteral("en")));
    resetProcesses(panel);
}

LW_TEST_MAIN(TestFinetuneProcesses)
#include "test_finetune_processes.moc"

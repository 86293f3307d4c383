// The Train panel's "Processes" setting: one process passes no flag, more pass
// --nproc-per-node (and the nodes' flags when the Nodes part is used) to the worker and
// to the copied command line; a batch the processes cannot share evenly, or a node rank
// past the nodes, stops the start with a message; a real two-process run on the demo
// data started from the panel completes with world size 2 in the run folder and shows
// the throughput per process; a two-process run cancelled from the panel leaves the box
// on its two processes (Resume's default), and with the box set to one a note says so
// and Resume gives the worker --nproc-per-node 1; with LW_SCREENSHOT_DIR set, the
// setting and the note are pictured in English and Vietnamese (and must fit in both).
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/panels/train/processes_section.h"
#include "ui/panels/train/run_feed.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/saved_train_setup.h"
#include "ui/panels/train/train_command_line.h"
#include "ui/panels/train/train_jobs.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/worker_events.h"
#include "ui/widgets/number_text.h"
#include "train_panel_fixture.h"
#include "test_registry.h"
#include "ui/shell/screenshot_saver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QtTest>

using namespace lw::ui;
using train_test::PanelFixture;

namespace {

// The arguments of the job the panel would start now (its config file removed again).
QStringList processesJobArguments(const TrainPanel& panel, const QString& projectDir)
{
    NewRunOptions options;
    options.projectDir = projectDir;
    options.dataset = QStringLiteral("stories");
    options.config = panel.setupView()->trainConfig();
    options.distributed = panel.setupView()->distributedSettings();
    QString error;
    const JobSpec job = newRunJob(options, &error);
    for (const QString& file : job.filesToRemoveAtEnd)
        QFile::remove(file);
    return job.arguments;
}

// The value that follows `flag` in `args`, or "" without it.
QString processesValueAfter(const QStringList& args, const QString& flag)
{
    const int at = args.indexOf(flag);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : QString();
}

} // namespace

class TestTrainProcesses : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void processesReachTheWorker();
    void unevenBatchIsRefused();
    void processesComeBackOnTheNextStart();
    void twoProcessRunFromThePanel();
    void stoppedRunResumesOnTheBoxsCount();
    void settingFitsInBothLanguages();

private:
    QTemporaryDir m_dir;
    DemoProjectInfo m_demo;
};

void TestTrainProcesses::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    QVERIFY(QFileInfo(ui_test::useBuiltWorker()).isExecutable());
    m_demo = ui_test::makeDemoProject(m_dir.filePath(QStringLiteral("demo")));
}

void TestTrainProcesses::processesReachTheWorker()
{
    PanelFixture f(m_demo, 4, 2);
    TrainPanel& panel = f.panel;
    ProcessesSection* section = panel.setupView()->processesSection();
    // One process by default: no multi-process flag anywhere, and the nodes folded away.
    QCOMPARE(section->processesSpin()->value(), 1);
    QVERIFY(!section->nodesPart()->isVisibleTo(section));
    QVERIFY(!processesJobArguments(panel, m_dir.path()).contains(QStringLiteral("--nproc-per-node")));
    QVERIFY(!splitShellCommandLine(panel.commandLine()).contains(QStringLiteral("--nproc-per-node")));
    QVERIFY(!section->processesSpin()->toolTip().isEmpty());

    section->processesSpin()->setValue(2);
    QStringList args = processesJobArguments(panel, m_dir.path());
    QCOMPARE(processesValueAfter(args, QStringLiteral("--nproc-per-node")), QStringLiteral("2"));
    QVERIFY(!args.contains(QStringLiteral("--nnodes")));
    QCOMPARE(args.last(), QStringLiteral("--events"));
    QStringList line = splitShellCommandLine(panel.commandLine());
    QCOMPARE(processesValueAfter(line, QStringLiteral("--nproc-per-node")), QStringLiteral("2"));

    // The Nodes part opens on its button; its four fields become the rendezvous flags.
    section->nodesToggle()->click();
    QVERIFY(section->nodesPart()->isVisibleTo(section));
    auto* nodes = section->findChild<QSpinBox*>(QStringLiteral("nodes"));
    auto* rank = section->findChild<QSpinBox*>(QStringLiteral("nodeRank"));
    auto* address = section->findChild<QLineEdit*>(QStringLiteral("masterAddress"));
    auto* port = section->findChild<QSpinBox*>(QStringLiteral("masterPort"));
    QVERIFY(nodes && rank && address && port);
    for (QWidget* field : std::initializer_list<QWidget*>{nodes, rank, address, port})
        QVERIFY2(!field->toolTip().isEmpty(), qPrintable(field->objectName()));
    nodes->setValue(2);
    rank->setValue(1);
    address->setText(QStringLiteral("10.1.2.3"));
    port->setValue(29611);
    args = processesJobArguments(panel, m_dir.path());
    const QStringList expected{"--nproc-per-node", "2",        "--nnodes",      "2",     "--node-rank",
                               "1",                "--master-addr", "10.1.2.3", "--master-port", "29611"};
    const int at = args.indexOf(QStringLiteral("--nproc-per-node"));
    QCOMPARE(args.mid(at, expected.size()), expected);
    line = splitShellCommandLine(panel.commandLine());
    QCOMPARE(line.mid(line.indexOf(QStringLiteral("--nproc-per-node")), expected.size()), expected);
    // The batch of 8 is shared by 2 x 2 = 4 processes: nothing to refuse.
    QVERIFY2(panel.setupView()->problem().isEmpty(), qPrintable(panel.setupView()->problem()));
}

void TestTrainProcesses::unevenBatchIsRefused()
{
    PanelFixture f(m_demo, 4, 2);
    TrainSetupView* setup = f.panel.setupView();
    ProcessesSection* section = setup->processesSection();
    setup->hyperparameters()->setValues({{"batch_size", 8}});
    // 8 rows on 3 processes: 8 = 2 x 3 + 2, no equal shares.
    section->processesSpin()->setValue(3);
    QVERIFY2(setup->problem().contains(QStringLiteral("batch size (8)")) &&
                 setup->problem().contains(QStringLiteral("multiple of the number of processes (3)")),
             qPrintable(setup->problem()));
    // The panel says why beside a disabled start button, and a click starts nothing.
    QTRY_COMPARE(f.panel.hintLabel()->text(), setup->problem());
    QVERIFY(!f.panel.startButton()->isEnabled());
    QTest::mouseClick(f.panel.startButton(), Qt::LeftButton);
    QVERIFY(!f.panel.isBusy());
    // 9 = 3 x 3 is shared evenly.
    setup->hyperparameters()->setValues({{"batch_size", 9}});
    QVERIFY2(setup->problem().isEmpty(), qPrintable(setup->problem()));

    // A node rank must be below the node count (ranks count from 0).
    section->processesSpin()->setValue(1);
    section->nodesToggle()->click();
    section->findChild<QSpinBox*>(QStringLiteral("nodes"))->setValue(2);
    section->findChild<QSpinBox*>(QStringLiteral("nodeRank"))->setValue(2);
    QVERIFY2(setup->problem().contains(QStringLiteral("rank (2) must be below the number of nodes (2)")),
             qPrintable(setup->problem()));
    section->findChild<QSpinBox*>(QStringLiteral("nodeRank"))->setValue(1);
    section->findChild<QLineEdit*>(QStringLiteral("masterAddress"))->clear();
    QVERIFY2(setup->problem().contains(QStringLiteral("master address")), qPrintable(setup->problem()));
}

void TestTrainProcesses::processesComeBackOnTheNextStart()
{
    DistributedSettings left;
    {
        PanelFixture f(m_demo, 4, 2);
        ProcessesSection* section = f.panel.setupView()->processesSection();
        QSignalSpy saved(&f.panel, &TrainPanel::setupSaved);
        section->processesSpin()->setValue(2);
        section->nodesToggle()->click();
        section->findChild<QLineEdit*>(QStringLiteral("masterAddress"))->setText(QStringLiteral("10.4.5.6"));
        section->findChild<QSpinBox*>(QStringLiteral("masterPort"))->setValue(29777);
        QVERIFY(saved.wait(5000));
        left = section->settings();
        QCOMPARE(left.processes, 2);
    }
    // The next start opens the project: the box is as it was left.
    JobSupervisor supervisor;
    TrainPanel panel(&supervisor, nullptr);
    QSignalSpy refreshed(&panel, &TrainPanel::catalogRefreshed);
    panel.setProjectDir(m_demo.projectDir);
    QVERIFY(refreshed.wait(20000));
    ProcessesSection* section = panel.setupView()->processesSection();
    QCOMPARE(section->processesSpin()->value(), 2);
    QVERIFY(section->settings() == left);
    QCOMPARE(section->findChild<QLineEdit*>(QStringLiteral("masterAddress"))->text(), QStringLiteral("10.4.5.6"));
    // Back to one process for the tests after this one.
    section->setSettings({});
    QFile::remove(savedTrainSetupPath(m_demo.projectDir));
}

void TestTrainProcesses::twoProcessRunFromThePanel()
{
    PanelFixture f(m_demo, 6, 3);
    TrainPanel& panel = f.panel;
    panel.setupView()->processesSection()->processesSpin()->setValue(2);
    QVERIFY2(panel.setupView()->problem().isEmpty(), qPrintable(panel.setupView()->problem()));
    StepEvent lastStep;
    QString runDir;
    connect(&f.supervisor, &JobSupervisor::stepReported, this, [&](int, const StepEvent& e) { lastStep = e; });
    connect(&f.supervisor, &JobSupervisor::runStarted, this,
            [&](int, const RunStartedEvent& e) { runDir = e.runDir; });
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QVERIFY(panel.currentFeed());
    // The progress line while the run trains (once it has ended it shows no throughput);
    // connected after the panel's own connection, so the view is up to date.
    QStringList detailsSeen;
    const QString outDir = screenshots::outputDir(m_dir);
    QVERIFY(!outDir.isEmpty());
    connect(panel.currentFeed(), &RunFeed::progressChanged, this, [&] {
        detailsSeen << panel.progressView()->detailsLabel()->text();
        if (detailsSeen.size() == 1) // the throughput per process, for a person to look at
            panel.progressView()->grab().save(QDir(outDir).filePath(QStringLiteral("train-processes-running-en.png")));
    });
    QVERIFY(ended.wait(180000));
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("completed"));
    QCOMPARE(lastStep.step, qint64(6));

    // The run folder records who trained it: one session of two ranks on this host.
    QFile world(runDir + QStringLiteral("/world.json"));
    QVERIFY2(world.open(QIODevice::ReadOnly), qPrintable(world.fileName()));
    const QJsonArray sessions = QJsonDocument::fromJson(world.readAll()).array();
    QCOMPARE(sessions.size(), 1);
    const int worldSize = sessions.first().toObject().value("world_size").toInt();
    QCOMPARE(worldSize, 2);
    QCOMPARE(sessions.first().toObject().value("hosts").toArray().size(), 2);
    // The step events say so too, and the progress shows each process's share of the
    // throughput: the run's tokens/s over the two.
    QCOMPARE(lastStep.worldSize, 2);
    QVERIFY(lastStep.tokensPerSecond > 0);
    QVERIFY(!detailsSeen.isEmpty());
    const QString details = detailsSeen.last();
    const QString perProcess = formatCount(lastStep.tokensPerSecond / worldSize);
    QVERIFY2(details.contains(QStringLiteral("%1 tokens/s").arg(formatCount(lastStep.tokensPerSecond))) &&
                 details.contains(QStringLiteral("2 processes, %1 tokens/s each").arg(perProcess)),
             qPrintable(details));
}

void TestTrainProcesses::stoppedRunResumesOnTheBoxsCount()
{
    PanelFixture f(m_demo, 8, 2);
    TrainPanel& panel = f.panel;
    ProcessesSection* section = panel.setupView()->processesSection();
    section->processesSpin()->setValue(2);
    StepEvent lastStep;
    QStringList workerCommandLine;
    QString runDir;
    connect(&f.supervisor, &JobSupervisor::stepReported, this, [&](int jobId, const StepEvent& e) {
        lastStep = e;
        if (workerCommandLine.isEmpty())
            workerCommandLine = ui_test::processCommandLine(f.supervisor.info(jobId).pid);
    });
    connect(&f.supervisor, &JobSupervisor::runStarted, this,
            [&](int, const RunStartedEvent& e) { runDir = e.runDir; });
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(lastStep.step >= 3, 120000);
    QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
    QVERIFY(ended.wait(60000));
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("cancelled"));
    const qint64 runId = ended.first().at(0).toLongLong();

    // Resume's default is the count the run trained on; another one is noted.
    ui_test::checkResumeNoteOnAnotherCount(section, runId);
    if (QTest::currentTestFailed())
        return;
    const QString outDir = qEnvironmentVariable("LW_SCREENSHOT_DIR", m_dir.filePath(QStringLiteral("shots")));
    QVERIFY(QDir().mkpath(outDir));
    LanguageSwitcher language;
    for (const QString& code : {QStringLiteral("en"), QStringLiteral("vi")}) {
        QVERIFY(language.apply(code));
        QTest::qWait(300); // language changes arrive as posted events, layouts follow
        if (code == QLatin1String("vi"))
            QVERIFY2(!section->resumeNote()->text().startsWith(QLatin1String("Resume")),
                     qPrintable(section->resumeNote()->text()));
        panel.setupView()->ensureWidgetVisible(section);
        QTest::qWait(100);
        const QString clipped = ui_test::clippedLabelIn(section);
        QVERIFY2(clipped.isEmpty(), qPrintable(code + QStringLiteral(": ") + clipped));
        QVERIFY(section->grab().save(QDir(outDir).filePath(QStringLiteral("train-resume-note-%1.png").arg(code))));
    }
    QVERIFY(language.apply(QStringLiteral("en")));

    // Resume runs on the box's one process: the worker is told so (without the flag it
    // would go on with the two recorded in the run).
    workerCommandLine.clear();
    ended.clear();
    QTest::mouseClick(panel.resumeButton(), Qt::LeftButton);
    QVERIFY(ended.wait(120000));
    QCOMPARE(ended.first().at(1).toString(), QStringLiteral("completed"));
    QCOMPARE(processesValueAfter(workerCommandLine, QStringLiteral("--resume")), QString::number(runId));
    QCOMPARE(processesValueAfter(workerCommandLine, QStringLiteral("--nproc-per-node")), QStringLiteral("1"));
    QCOMPARE(lastStep.step, qint64(8));
    QCOMPARE(lastStep.worldSize, 1);
    QFile world(runDir + QStringLiteral("/world.json"));
    QVERIFY2(world.open(QIODevice::ReadOnly), qPrintable(world.fileName()));
    const QJsonArray sessions = QJsonDocument::fromJson(world.readAll()).array();
    QCOMPARE(sessions.size(), 2);
    QCOMPARE(sessions.at(0).toObject().value("world_size").toInt(), 2);
    QCOMPARE(sessions.at(1).toObject().value("world_size").toInt(), 1);
    section->setSettings({});
    QFile::remove(savedTrainSetupPath(m_demo.projectDir));
}

void TestTrainProcesses::settingFitsInBothLanguages()
{
    const QString outDir = screenshots::outputDir(m_dir);
    QVERIFY(!outDir.isEmpty());
    PanelFixture f(m_demo, 4, 2);
    TrainSetupView* setup = f.panel.setupView();
    ProcessesSection* section = setup->processesSection();
    section->processesSpin()->setValue(2);
    section->nodesToggle()->click();
    LanguageSwitcher language;
    for (const QString& code : {QStringLiteral("en"), QStringLiteral("vi")}) {
        QVERIFY(language.apply(code));
        QTest::qWait(300); // language changes arrive as posted events, layouts follow
        if (code == QLatin1String("vi"))
            QVERIFY2(section->title() != QLatin1String("Processes"), qPrintable(section->title()));
        setup->ensureWidgetVisible(section);
        QTest::qWait(100);
        const QString clipped = ui_test::clippedLabelIn(section);
        QVERIFY2(clipped.isEmpty(), qPrintable(code + QStringLiteral(": ") + clipped));
        QVERIFY2(section->nodesToggle()->width() >= section->nodesToggle()->sizeHint().width(), qPrintable(code));
        QVERIFY(f.panel.grab().save(QDir(outDir).filePath(QStringLiteral("train-processes-%1.png").arg(code))));
        QVERIFY(section->grab().save(QDir(outDir).filePath(QStringLiteral("train-processes-box-%1.png").arg(code))));
    }
    QVERIFY(language.apply(QStringLiteral("en")));
}

LW_TEST_MAIN(TestTrainProcesses)
#include "test_train_processes.moc"

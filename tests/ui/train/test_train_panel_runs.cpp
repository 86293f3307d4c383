// The Train panel following runs of the real worker: validation loss and learning rate
// drawn as measured (only the per-step loss is smoothed), samples shown after their
// prompt, a resumed run drawn from its first step, no time left shown once a run has
// ended and a summary of it, and a run reattached through the store listed as a job
// that the status bar can cancel and whose samples keep their prompt.
#include "core/store/project.h"
#include "core/store/store.h"
#include "ui/panels/train/run_feed.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/store_run_feed.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/train/train_setup_view.h"
#include "ui/panels/train/hyperparameter_form.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/number_text.h"
#include "ui/widgets/qcustomplot_include.h"
#include "train_panel_fixture.h"
#include "test_registry.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QTextBlock>
#include <QtTest>

#include <map>

using namespace lw::ui;
using train_test::PanelFixture;
using ui_test::storedMetric;

namespace {

// Each sample as shown: what follows its "Step N" line (the prompt, then the text).
QStringList sampleBodies(const QPlainTextEdit* view)
{
    QStringList bodies;
    for (QTextBlock block = view->document()->begin(); block.isValid(); block = block.next()) {
        const QStringList lines = block.text().split(QChar(QChar::LineSeparator));
        if (lines.size() >= 2 && lines.first().startsWith("Step "))
            bodies << lines.mid(1).join('\n');
    }
    return bodies;
}

lw::store::RunRecord storedRun(const QString& projectDir, qint64 runId)
{
    auto project = lw::store::Project::open(projectDir.toStdString());
    return project.openStore().run(runId);
}

} // namespace

class TestTrainPanelRuns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sparseCurvesAreDrawnAsMeasured();
    void samplesShowTheirPrompt();
    void resumedRunKeepsItsHistory();
    void reattachedRunIsAJob();

private:
    QTemporaryDir m_dir;
    DemoProjectInfo m_demo;
};

void TestTrainPanelRuns::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    QVERIFY(QFileInfo(ui_test::useBuiltWorker()).isExecutable());
    m_demo = ui_test::makeDemoProject(m_dir.filePath(QStringLiteral("demo")));
}

void TestTrainPanelRuns::sparseCurvesAreDrawnAsMeasured()
{
    PanelFixture f(m_demo, 60, 20);
    TrainPanel& panel = f.panel;
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    QSignalSpy summary(&panel, &TrainPanel::summaryShown);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QVERIFY(ended.wait(120000));
    QCOMPARE(ended.first().at(1).toString(), QString("completed"));
    const qint64 runId = ended.first().at(0).toLongLong();

    LossChart* chart = panel.charts()->lossChart();
    QVERIFY(chart->smoothing() > 0);
    // What the store measured is what is drawn: no moving average over evaluations
    // every 20 steps, nor over the schedule.
    for (const char* metric : {"val_loss", "lr"}) {
        const auto stored = storedMetric(m_demo.projectDir, runId, metric);
        QCOMPARE(chart->pointCount(metric), int(stored.size()));
        QVERIFY(chart->smoothedGraph(metric)->data()->isEmpty());
        QVERIFY(chart->rawGraph(metric)->visible());
        QCOMPARE(chart->rawGraph(metric)->pen().color().alpha(), 255); // not the faint backdrop
        for (const QCPGraphData& point : *chart->rawGraph(metric)->data())
            QCOMPARE(point.value, stored.at(qint64(point.key)));
    }
    // The per-step loss is smoothed as asked.
    QCOMPARE(chart->smoothedGraph("loss")->dataCount(), chart->pointCount("loss"));

    // The run is over: no time left on screen, and a summary with the store's numbers.
    QVERIFY(!panel.progressView()->detailsLabel()->text().contains("ETA"));
    QVERIFY(summary.count() > 0 || summary.wait(10000));
    const lw::store::RunRecord run = storedRun(m_demo.projectDir, runId);
    const QString text = panel.progressView()->summaryLabel()->text();
    QVERIFY2(text.contains(QLocale().toString(*run.bestValLoss, 'f', 4)), qPrintable(text));
    QVERIFY2(text.contains(QString("at step %1").arg(*run.bestStep)), qPrintable(text));
    // Tokens seen: steps x sequences per step x tokens per sequence (0: the model's context).
    const QJsonObject config = f.panel.setupView()->trainConfig();
    const qint64 context = config.value("context").toInteger() > 0
        ? config.value("context").toInteger()
        : config.value("model").toObject().value("context_length").toInteger();
    const qint64 tokens = 60 * config.value("batch_size").toInteger() * config.value("grad_accum_steps").toInteger() * context;
    QVERIFY2(text.contains(formatCount(double(tokens)) + " tokens seen"), qPrintable(text));
    QVERIFY2(text.contains(QDir::toNativeSeparators(QDir(QString::fromStdString(run.runDir)).dirName())), qPrintable(text));
    QVERIFY(panel.progressView()->openFolderButton()->isEnabled());
}

void TestTrainPanelRuns::samplesShowTheirPrompt()
{
    PanelFixture f(m_demo, 20, 10);
    TrainPanel& panel = f.panel;
    panel.setupView()->hyperparameters()->setValues({{"sample_prompt", QString()}});
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QVERIFY(ended.wait(120000));
    QStringList bodies = sampleBodies(panel.progressView()->samplesView());
    QVERIFY(panel.progressView()->sampleCount() >= 2);
    QCOMPARE(bodies.size(), panel.progressView()->sampleCount());
    for (const QString& body : bodies)
        QVERIFY2(body.startsWith("(empty prompt: starts a new document)\n"), qPrintable(body));

    panel.setupView()->hyperparameters()->setValues({{"sample_prompt", QStringLiteral("The little dragon")}});
    ended.clear();
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QVERIFY(ended.wait(120000));
    bodies = sampleBodies(panel.progressView()->samplesView());
    QCOMPARE(bodies.size(), panel.progressView()->sampleCount());
    for (const QString& body : bodies)
        QVERIFY2(body.startsWith("The little dragon"), qPrintable(body));
}

void TestTrainPanelRuns::resumedRunKeepsItsHistory()
{
    PanelFixture f(m_demo, 3000, 25);
    TrainPanel& panel = f.panel;
    LossChart* chart = panel.charts()->lossChart();
    QSignalSpy ended(&panel, &TrainPanel::runEnded);
    QTest::mouseClick(panel.startButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount("loss") >= 40, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(panel.progressView()->detailsLabel()->text().contains("ETA"), 10000);
    panel.cancelTraining();
    QVERIFY(ended.wait(60000));
    QCOMPARE(ended.first().at(1).toString(), QString("cancelled"));
    const qint64 runId = ended.first().at(0).toLongLong();
    // Cancelled: the time left goes with the run.
    QVERIFY2(!panel.progressView()->detailsLabel()->text().contains("ETA"),
             qPrintable(panel.progressView()->detailsLabel()->text()));
    const int before = chart->pointCount("loss");
    const int samplesBefore = panel.progressView()->sampleCount();
    QVERIFY(samplesBefore >= 1);

    ended.clear();
    QVERIFY(panel.resumeButton()->isEnabled());
    QTest::mouseClick(panel.resumeButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(chart->pointCount("loss") >= before + 10, 60000);
    // From the first step on: the points before the resume are still there, and the
    // stored ones are the values drawn.
    const auto& data = *chart->rawGraph("loss")->data();
    QCOMPARE(data.constBegin()->key, 1.0);
    const auto stored = storedMetric(m_demo.projectDir, runId, "loss");
    for (auto it = data.constBegin(); it != data.constEnd() && it->key <= before; ++it)
        QCOMPARE(it->value, stored.at(qint64(it->key)));
    QVERIFY(panel.progressView()->sampleCount() >= samplesBefore);
    panel.cancelTraining();
    QVERIFY(ended.wait(60000));
}

void TestTrainPanelRuns::reattachedRunIsAJob()
{
    // A run started from the command line, as an earlier session's worker would be.
    QProcess worker;
    worker.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    worker.start(qEnvironmentVariable("LLMWB_WORKER"),
                 {"train", "--project", m_demo.projectDir, "--dataset", m_demo.datasetName, "--preset", "demo",
                  "--max-steps", "4000", "--sample-every", "5", "--sample-tokens", "4", "--eval-every", "50",
                  "--eval-batches", "1", "--sample-prompt", "Once upon a time", "--threads", "1", "--name",
                  "from-the-terminal"});
    QVERIFY(worker.waitForStarted());
    // It is training once its first samples are in the store.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            auto project = lw::store::Project::open(m_demo.projectDir.toStdString());
            lw::store::RunQuery query;
            query.limit = 1;
            const auto runs = project.openStoreForListing().listRuns(query);
            return !runs.empty() && runs.front().name == "from-the-terminal" &&
                   !project.openStore().samples(runs.front().id).empty();
        }(),
        60000);

    JobSupervisor supervisor;
    TrainPanel panel(&supervisor, nullptr);
    panel.resize(1280, 800);
    panel.show();
    QSignalSpy progress(&supervisor, &JobSupervisor::jobProgress);
    panel.setProjectDir(m_demo.projectDir);
    QTRY_VERIFY_WITH_TIMEOUT(qobject_cast<StoreRunFeed*>(panel.currentFeed()), 20000);
    auto* feed = qobject_cast<StoreRunFeed*>(panel.currentFeed());
    QTRY_VERIFY_WITH_TIMEOUT(feed->jobId() != 0, 10000);
    // Listed with the jobs, with its run and its progress.
    QCOMPARE(supervisor.activeJobs(), QList<int>{feed->jobId()});
    QCOMPARE(supervisor.info(feed->jobId()).runId, feed->runId());
    QCOMPARE(supervisor.info(feed->jobId()).kind, JobKind::Train);
    // Its progress follows the stored steps (0 until the first metrics are flushed).
    const auto lastFraction = [&] { return progress.isEmpty() ? -1.0 : progress.last().at(1).toDouble(); };
    QTRY_VERIFY2_WITH_TIMEOUT(lastFraction() > 0 && lastFraction() < 1, qPrintable(QString::number(lastFraction())),
                              20000);
    // Pausing is not offered, and the panel says why.
    QVERIFY(!panel.pauseButton()->isEnabled());
    QVERIFY(panel.pauseButton()->toolTip().contains("standard input"));
    QVERIFY(panel.hintLabel()->text().contains("not paused"));
    // Stored samples keep the run's prompt.
    QTRY_VERIFY_WITH_TIMEOUT(panel.progressView()->sampleCount() > 0, 10000);
    for (const QString& body : sampleBodies(panel.progressView()->samplesView()))
        QVERIFY2(body.startsWith("Once upon a time"), qPrintable(body));

    // The status bar's cancel button: JobSupervisor::cancel, as for the app's own jobs.
    QSignalSpy jobEnded(&supervisor, &JobSupervisor::jobEnded);
    QSignalSpy runEnded(&panel, &TrainPanel::runEnded);
    QVERIFY(supervisor.cancel(feed->jobId()));
    QVERIFY(worker.waitForFinished(60000));
    QCOMPARE(worker.exitCode(), 3); // cancelled
    QVERIFY(runEnded.count() > 0 || runEnded.wait(10000));
    QCOMPARE(runEnded.first().at(1).toString(), QString("cancelled"));
    QVERIFY(jobEnded.count() > 0 || jobEnded.wait(5000));
    QVERIFY(supervisor.activeJobs().isEmpty());
    QVERIFY(!panel.progressView()->detailsLabel()->text().contains("ETA"));
}

LW_TEST_MAIN(TestTrainPanelRuns)
#include "test_train_panel_runs.moc"

// The Train panel after a restart: a new panel on a project shows its last run from the
// store (curves with the points the worker reported in its event lines, read here, its
// state and summary), and a run whose worker was killed comes back interrupted, with
// Resume offered.
#include "../shell/screenshot_saver.h"
#include "../shell/text_fit_check.h"
#include "test_registry.h"
#include "train_panel_fixture.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/run_status_text.h"
#include "ui/panels/train/train_charts.h"
#include "ui/shell/language_switcher.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QJsonDocument>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QtTest>

#include <map>

using namespace lw::ui;

class TestTrainRestart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void newPanelShowsTheLastRun();
    void killedRunComesBackResumable();

private:
    // A new panel on the project (as after a restart), once it shows the last run.
    void openFresh(TrainPanel& panel, qint64 expectedRunId);

    QTemporaryDir m_dir;
    QString m_worker;
    QString m_projectDir;
    qint64 m_runId = 0;
    std::map<qint64, double> m_loss, m_valLoss; // from the worker's events
};

void TestTrainRestart::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_worker = ui_test::useBuiltWorker();
    QVERIFY(QFileInfo(m_worker).isExecutable());
    m_projectDir = m_dir.filePath(QStringLiteral("project"));
    QProcess worker;
    worker.start(m_worker, {"train", "--demo", "--project", m_projectDir, "--max-steps", "12", "--eval-every", "4",
                            "--threads", "1", "--events"});
    QVERIFY(worker.waitForFinished(300000));
    QCOMPARE(worker.exitCode(), 0);
    for (const QByteArray& line : worker.readAllStandardOutput().split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        const QString type = e.value(QLatin1String("event")).toString();
        const qint64 step = qint64(e.value(QLatin1String("step")).toDouble());
        if (type == QLatin1String("run_started"))
            m_runId = qint64(e.value(QLatin1String("run_id")).toDouble());
        else if (type == QLatin1String("step"))
            m_loss[step] = e.value(QLatin1String("loss")).toDouble();
        else if (type == QLatin1String("eval"))
            m_valLoss[step] = e.value(QLatin1String("val_loss")).toDouble();
    }
    QVERIFY(m_runId > 0);
    QCOMPARE(int(m_loss.size()), 12);
    QCOMPARE(int(m_valLoss.size()), 3);
}

void TestTrainRestart::openFresh(TrainPanel& panel, qint64 expectedRunId)
{
    panel.resize(1280, 800);
    panel.show();
    QSignalSpy shown(&panel, &TrainPanel::lastRunShown);
    panel.setProjectDir(m_projectDir);
    QVERIFY(shown.wait(30000));
    QCOMPARE(shown.first().first().toLongLong(), expectedRunId);
}

void TestTrainRestart::newPanelShowsTheLastRun()
{
    JobSupervisor supervisor;
    Preferences preferences;
    TrainPanel panel(&supervisor, &preferences);
    QSignalSpy summary(&panel, &TrainPanel::summaryShown);
    openFresh(panel, m_runId);
    if (QTest::currentTestFailed())
        return;
    LossChart* chart = panel.charts()->lossChart();
    for (const auto& [key, expected] : {std::pair{"loss", &m_loss}, std::pair{"val_loss", &m_valLoss}}) {
        std::map<qint64, double> drawn;
        for (const QCPGraphData& point : *chart->rawGraph(QLatin1String(key))->data())
            drawn[qint64(point.key)] = point.value;
        QCOMPARE(drawn, *expected);
    }
    QCOMPARE(panel.progressView()->statusLabel()->text(), runStatusSentence(QStringLiteral("completed")));
    QVERIFY(summary.count() > 0 || summary.wait(10000));
    QVERIFY(!panel.resumeButton()->isEnabled());

    // The run area as it opens after a restart, in both languages.
    const QString shots = screenshots::outputDir(m_dir);
    QVERIFY(!shots.isEmpty());
    LanguageSwitcher language;
    for (const QString& code : {QStringLiteral("en"), QStringLiteral("vi")}) {
        QVERIFY(language.apply(code));
        QTest::qWait(300); // language changes arrive as posted events, layouts follow
        QCOMPARE(panel.progressView()->statusLabel()->text(), runStatusSentence(QStringLiteral("completed")));
        QVERIFY(screenshots::saveDrawn(&panel, shots, QStringLiteral("train-restart-%1").arg(code)));
        const QStringList cut = text_fit::clippedTexts(panel.progressView());
        QVERIFY2(cut.isEmpty(), qPrintable(code + QStringLiteral(": ") + cut.join(QLatin1Char('\n'))));
    }
    QVERIFY(language.apply(QStringLiteral("en")));
}

void TestTrainRestart::killedRunComesBackResumable()
{
    // A run whose worker dies mid-way (as when the computer goes down): its store row
    // still says running until a listing finds its lock free.
    QProcess worker;
    worker.start(m_worker, {"train", "--demo", "--project", m_projectDir, "--max-steps", "5000", "--threads", "1",
                            "--events"});
    QVERIFY(worker.waitForStarted());
    const qint64 pid = worker.processId();
    qint64 runId = 0;
    int steps = 0;
    QVERIFY(QTest::qWaitFor([&] {
        while (worker.canReadLine()) {
            const QJsonObject e = QJsonDocument::fromJson(worker.readLine()).object();
            if (e.value(QLatin1String("event")).toString() == QLatin1String("run_started"))
                runId = qint64(e.value(QLatin1String("run_id")).toDouble());
            steps += e.value(QLatin1String("event")).toString() == QLatin1String("step") ? 1 : 0;
        }
        return steps >= 1 && runId > 0;
    }, 120000));
    // Killed right after its first step (well inside its first second on a fast machine):
    // the recorder commits the first step's metrics before passing the event on, so the
    // store already shows where the run began.
    worker.kill();
    QVERIFY(worker.waitForFinished(30000));
    QVERIFY(runId > m_runId);

    JobSupervisor supervisor;
    Preferences preferences;
    TrainPanel panel(&supervisor, &preferences);
    openFresh(panel, runId);
    if (QTest::currentTestFailed())
        return;
    // Interrupted, with the store's account of why.
    const QString status = panel.progressView()->statusLabel()->text();
    QVERIFY2(status.startsWith(runStatusSentence(QStringLiteral("interrupted")) + QStringLiteral(": ")) &&
                 status.contains(QStringLiteral("pid %1").arg(pid)),
             qPrintable(status));
    QCOMPARE(panel.charts()->lossChart()->pointCount(QStringLiteral("loss")),
             int(ui_test::storedMetric(m_projectDir, runId, "loss").size()));
    QVERIFY(panel.charts()->lossChart()->pointCount(QStringLiteral("loss")) > 0);
    QVERIFY(panel.resumeButton()->isEnabled());
}

LW_TEST_MAIN(TestTrainRestart)
#include "test_train_restart.moc"

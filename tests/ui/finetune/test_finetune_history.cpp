// The Fine-tune panel after a restart, on a project where llmwb made a short DPO demo
// fine-tune (`llmwb finetune --demo --objective dpo`): a fresh panel lists it and draws
// its loss and reward curves with the points the worker reported (its event lines, read
// here), its answers side by side (comparison.json) and its settings. A DPO fine-tune
// cancelled in one panel and resumed from a fresh one keeps its rewards from before the
// resume (the store's points) and goes on with the live ones.
#include "../shell/screenshot_saver.h"
#include "../shell/text_fit_check.h"
#include "finetune_fixture.h"
#include "test_registry.h"
#include "ui/panels/finetune/comparison_table.h"
#include "ui/panels/finetune/finetune_charts.h"
#include "ui/panels/finetune/finetune_form.h"
#include "ui/panels/finetune/finetune_panel.h"
#include "ui/panels/finetune/past_finetunes_box.h"
#include "ui/panels/train/run_status_text.h"
#include "ui/panels/train/train_charts.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/worker_events.h"
#include "ui/widgets/loss_chart.h"
#include "ui/widgets/qcustomplot_include.h"

#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

#include <map>

using namespace lw::ui;
using namespace lw::ui::finetune;

// Named, not anonymous: the folder's test sources are compiled together.
namespace finetune_history_test {

const char* const kRewardMetrics[] = {"rewards_chosen", "rewards_rejected", "reward_margin", "preference_accuracy"};

// The chart's points of one series, by step.
std::map<qint64, double> drawnPoints(LossChart* chart, const QString& key)
{
    std::map<qint64, double> points;
    if (chart->hasSeries(key))
        for (const QCPGraphData& point : *chart->rawGraph(key)->data())
            points[qint64(point.key)] = point.value;
    return points;
}

} // namespace finetune_history_test

using finetune_history_test::drawnPoints;
using finetune_history_test::kRewardMetrics;

class TestFinetuneHistory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void storedDpoFinetuneIsListedAndDrawn();
    void restartedPanelFitsInBothLanguages();
    void resumedDpoFinetuneKeepsItsEarlierRewards();

private:
    // A fresh panel on the project, as after a restart, once it shows the newest fine-tune.
    void openFresh(FinetunePanel& panel, qint64 expectedRunId);

    QTemporaryDir m_dir;
    QString m_worker;
    QString m_projectDir;
    qint64 m_dpoRunId = 0;
    QString m_dpoRunDir;
    QList<QJsonObject> m_dpoSteps; // the DPO fine-tune's step events
};

void TestFinetuneHistory::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_worker = ui_test::useBuiltWorker();
    QVERIFY(QFileInfo(m_worker).isExecutable());
    m_projectDir = m_dir.filePath(QStringLiteral("project"));
    // A demo model with a checkpoint, then a short DPO fine-tune of it, on one thread each.
    QVERIFY(finetune_test::runWorker(m_worker,
                                     {"train", "--demo", "--project", m_projectDir, "--max-steps", "10",
                                      "--eval-every", "5", "--threads", "1"},
                                     nullptr, 300000));
    QByteArray out;
    QVERIFY(finetune_test::runWorker(m_worker,
                                     {"finetune", "--demo", "--objective", "dpo", "--project", m_projectDir,
                                      "--max-steps", "4", "--eval-every", "2", "--batch-size", "4", "--threads",
                                      "1", "--events"},
                                     &out, 300000));
    for (const QByteArray& line : out.split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        const QString type = e.value(QLatin1String("event")).toString();
        if (type == QLatin1String("run_started")) {
            m_dpoRunId = qint64(e.value(QLatin1String("run_id")).toDouble());
            m_dpoRunDir = e.value(QLatin1String("run_dir")).toString();
        } else if (type == QLatin1String("step")) {
            m_dpoSteps.append(e);
        }
    }
    QVERIFY(m_dpoRunId > 0);
    QCOMPARE(m_dpoSteps.size(), 4);
}

void TestFinetuneHistory::openFresh(FinetunePanel& panel, qint64 expectedRunId)
{
    panel.resize(1280, 800);
    panel.show();
    QSignalSpy shown(&panel, &FinetunePanel::pastRunShown);
    panel.setProjectDir(m_projectDir);
    QVERIFY(shown.wait(30000));
    QCOMPARE(shown.first().first().toLongLong(), expectedRunId);
    QCOMPARE(panel.runId(), expectedRunId);
}

void TestFinetuneHistory::storedDpoFinetuneIsListedAndDrawn()
{
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    openFresh(panel, m_dpoRunId);
    if (QTest::currentTestFailed())
        return;

    // Listed, newest first, with its name, method, objective and state.
    PastFinetunesBox* past = panel.pastFinetunes();
    QCOMPARE(past->runCount(), 1);
    QCOMPARE(past->runIdAt(0), m_dpoRunId);
    const QString entry = past->combo()->currentText();
    QVERIFY2(entry.startsWith(QStringLiteral("#%1 ").arg(m_dpoRunId)), qPrintable(entry));
    QVERIFY2(entry.contains(QStringLiteral("LoRA")) && entry.contains(QStringLiteral("DPO")) &&
                 entry.contains(runStatusSentence(QStringLiteral("completed"))),
             qPrintable(entry));
    // Its settings: the data it learnt from, its learning rate and steps as stored.
    const QString settings = past->settingsLabel()->text();
    QVERIFY2(settings.contains(QStringLiteral("demo-preferences")) &&
                 settings.contains(QStringLiteral("Steps: 4")) && settings.contains(QStringLiteral("Learning rate: ")),
             qPrintable(settings));
    QVERIFY(!past->resumeButton()->isEnabled()); // completed: nothing to resume

    // Each step event's loss and rewards, at its step, are the points drawn.
    std::map<qint64, double> loss;
    std::map<QString, std::map<qint64, double>> rewards;
    for (const QJsonObject& e : m_dpoSteps) {
        const qint64 step = qint64(e.value(QLatin1String("step")).toDouble());
        loss[step] = e.value(QLatin1String("loss")).toDouble();
        const QJsonObject metrics = e.value(QLatin1String("metrics")).toObject();
        for (const char* name : kRewardMetrics) {
            QVERIFY2(metrics.contains(QLatin1String(name)), name);
            rewards[QLatin1String(name)][step] = metrics.value(QLatin1String(name)).toDouble();
        }
    }
    QVERIFY(panel.charts()->preferenceChart()->isVisibleTo(&panel));
    QCOMPARE(drawnPoints(panel.charts()->trainCharts()->lossChart(), QStringLiteral("loss")), loss);
    for (const char* name : kRewardMetrics)
        QCOMPARE(drawnPoints(panel.charts()->preferenceChart(), QLatin1String(name)), rewards[QLatin1String(name)]);
    // Validated at steps 2 and 4: the margin and accuracy measured then, as stored.
    for (const char* name : {"val_reward_margin", "val_preference_accuracy"}) {
        const auto stored = ui_test::storedMetric(m_projectDir, m_dpoRunId, name);
        QCOMPARE(int(stored.size()), 2);
        QCOMPARE(drawnPoints(panel.charts()->preferenceChart(), QLatin1String(name)), stored);
    }

    // The answers side by side, as comparison.json has them.
    QFile file(m_dpoRunDir + QStringLiteral("/comparison.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll());
    const QJsonArray items =
        document.isArray() ? document.array() : document.object().value(QLatin1String("items")).toArray();
    QVERIFY(!items.isEmpty());
    QCOMPARE(panel.comparisonTable()->rowCount(), int(items.size()));
    QCOMPARE(panel.comparisonTable()->item(0, ComparisonTable::Finetuned)->text(),
             ComparisonTable::readableText(items.first().toObject().value(QLatin1String("finetuned")).toString()));
    // Its adapter can be chatted with and merged, as right after the run.
    QCOMPARE(panel.adapterDir(), m_dpoRunDir + QStringLiteral("/adapter"));
    QVERIFY(panel.chatButton()->isEnabled());
    QVERIFY(panel.mergeButton()->isEnabled());
}

void TestFinetuneHistory::restartedPanelFitsInBothLanguages()
{
    const QString shots = screenshots::outputDir(m_dir);
    QVERIFY(!shots.isEmpty());
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    openFresh(panel, m_dpoRunId);
    if (QTest::currentTestFailed())
        return;
    LanguageSwitcher language;
    for (const QString& code : {QStringLiteral("en"), QStringLiteral("vi")}) {
        QVERIFY(language.apply(code));
        QTest::qWait(300); // language changes arrive as posted events, layouts follow
        if (code == QLatin1String("vi"))
            QVERIFY2(!panel.pastFinetunes()->resumeButton()->text().startsWith(QStringLiteral("Resume")),
                     qPrintable(panel.pastFinetunes()->resumeButton()->text()));
        QVERIFY(screenshots::saveDrawn(&panel, shots, QStringLiteral("finetune-restart-%1").arg(code)));
        const QStringList cut = text_fit::clippedTexts(panel.pastFinetunes());
        QVERIFY2(cut.isEmpty(), qPrintable(code + QStringLiteral(": ") + cut.join(QLatin1Char('\n'))));
    }
    QVERIFY(language.apply(QStringLiteral("en")));
}

void TestFinetuneHistory::resumedDpoFinetuneKeepsItsEarlierRewards()
{
    // A DPO fine-tune of 6 steps, cancelled after its second.
    qint64 runId = 0;
    {
        JobSupervisor supervisor;
        FinetunePanel panel(&supervisor);
        openFresh(panel, m_dpoRunId);
        if (QTest::currentTestFailed())
            return;
        panel.form()->setObjective(QStringLiteral("dpo"));
        qobject_cast<QSpinBox*>(panel.form()->editor(QStringLiteral("max_steps")))->setValue(6);
        qobject_cast<QSpinBox*>(panel.form()->editor(QStringLiteral("batch_size")))->setValue(4);
        qobject_cast<QSpinBox*>(panel.form()->editor(QStringLiteral("eval_every")))->setValue(0);
        QVERIFY(panel.startButton()->isEnabled());
        qint64 lastStep = 0;
        connect(&supervisor, &JobSupervisor::stepReported, this, [&](int, const StepEvent& e) { lastStep = e.step; });
        QSignalSpy ended(&panel, &FinetunePanel::runEnded);
        panel.start();
        QTRY_VERIFY_WITH_TIMEOUT(lastStep >= 2, 240000);
        panel.cancelButton()->click();
        QVERIFY(ended.wait(120000));
        QCOMPARE(ended.first().first().toString(), QStringLiteral("cancelled"));
        runId = panel.runId();
    }
    QVERIFY(runId > m_dpoRunId);
    const auto before = ui_test::storedMetric(m_projectDir, runId, "rewards_chosen");
    QVERIFY(before.size() >= 2 && before.size() < 6);

    // After a restart the cancelled run is shown, its rewards drawn, Resume offered.
    JobSupervisor supervisor;
    FinetunePanel panel(&supervisor);
    openFresh(panel, runId);
    if (QTest::currentTestFailed())
        return;
    LossChart* preference = panel.charts()->preferenceChart();
    QCOMPARE(drawnPoints(preference, QStringLiteral("rewards_chosen")), before);
    QVERIFY(panel.pastFinetunes()->resumeButton()->isEnabled());
    QSignalSpy ended(&panel, &FinetunePanel::runEnded);
    panel.pastFinetunes()->resumeButton()->click();
    QVERIFY(ended.wait(300000));
    QCOMPARE(ended.first().first().toString(), QStringLiteral("completed"));

    // Every step's rewards: those before the resume as the store had them, the live ones
    // after, and the whole series as the store has it now.
    for (const char* name : kRewardMetrics) {
        const std::map<qint64, double> drawn = drawnPoints(preference, QLatin1String(name));
        QCOMPARE(int(drawn.size()), 6);
        QCOMPARE(drawn.begin()->first, qint64(1));
        QCOMPARE(drawn, ui_test::storedMetric(m_projectDir, runId, name));
    }
    const std::map<qint64, double> drawn = drawnPoints(preference, QStringLiteral("rewards_chosen"));
    for (const auto& [step, value] : before)
        QCOMPARE(drawn.at(step), value);
}

LW_TEST_MAIN(TestFinetuneHistory)
#include "test_finetune_history.moc"

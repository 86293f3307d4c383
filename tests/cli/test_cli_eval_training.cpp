// Evaluations of a run's checkpoints through the real binary: `llmwb train --eval-task`
// scores each checkpoint as it is written, `llmwb eval scrub` scores the ones a run left
// (skipping what is done), and `llmwb eval list|show|delete` read and remove them. The
// figure at a checkpoint must equal what `llmwb eval perplexity|mc` give for that
// checkpoint file with the same settings.
#include "cli_runner.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using lw::test::runCli;

class TestCliEvalTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void checkpointsAreEvaluatedWhileTraining();
    void scrubEvaluatesOnlyWhatIsMissing();
    void listShowAndDelete();
    void badTasksAreRefusedBeforeTraining();

private:
    QStringList projectArgs(QStringList args) const { return args << "--project" << m_project; }
    std::vector<lw::store::EvaluationRecord> evaluationsOfRun() const
    {
        lw::store::Store store = lw::store::Project::open(m_project.toStdString()).openStore();
        lw::store::EvaluationQuery query;
        query.runId = m_runId;
        return store.listEvaluations(query);
    }

    QTemporaryDir m_dir;
    QString m_project, m_text, m_perplexitySpec, m_mcSpec;
    int64_t m_runId = 0;
};

void TestCliEvalTraining::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_project = m_dir.filePath("project");
    m_text = m_dir.filePath("held_out.txt");
    QFile f(m_text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("Once upon a time a small fox found a red ball in the garden and played with it all day.\n"
            "In the evening the fox was tired, so it went home and slept next to its mother.\n");
    f.close();
    m_perplexitySpec = "perplexity:text-file=" + m_text + ",context=32,stride=16";
    m_mcSpec = "mc:data=" + lw::test::sharedData("mmlu-redux/mmlu_abstract_algebra.csv") + ",limit=4";
}

void TestCliEvalTraining::checkpointsAreEvaluatedWhileTraining()
{
    const auto r = runCli(projectArgs({"train", "--demo", "--max-steps", "20", "--checkpoint-every", "10",
                                       "--eval-task", m_perplexitySpec, "--eval-task", m_mcSpec, "--events"}),
                          600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QList<QJsonObject> results;
    for (const auto& line : r.out.split('\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        if (e["event"].toString() == "run_started")
            m_runId = e["run_id"].toInteger();
        if (e["event"].toString() == "eval_result")
            results.append(e);
    }
    QVERIFY(m_runId > 0);
    // Two checkpoints (steps 10 and 20), two tasks each, each step once.
    QCOMPARE(results.size(), 4);
    QCOMPARE(results[0]["step"].toInt(), 10);
    QCOMPARE(results[0]["task"].toString(), QString("perplexity"));
    QCOMPARE(results[1]["task"].toString(), QString("mc"));
    QCOMPARE(results[3]["step"].toInt(), 20);
    QCOMPARE(results[1]["summary"].toObject()["n"].toInt(), 4);
    // Training lowers the held-out perplexity of the demo model between the checkpoints.
    const double early = results[0]["summary"].toObject()["perplexity"].toDouble();
    const double late = results[2]["summary"].toObject()["perplexity"].toDouble();
    QVERIFY2(late < early, qPrintable(QString("%1 -> %2").arg(early).arg(late)));

    const auto stored = evaluationsOfRun();
    QCOMPARE(stored.size(), size_t(4)); // before the standalone commands below
    for (const auto& e : stored)
        QVERIFY(e.step == int64_t(10) || e.step == int64_t(20));

    // The same figures through the standalone commands on the step-20 checkpoint file.
    const std::string checkpoint = stored.back().modelInfo["path"].get<std::string>();
    const auto ppl = runCli(projectArgs({"eval", "perplexity", "--model", QString::fromStdString(checkpoint),
                                         "--text-file", m_text, "--context", "32", "--stride", "16", "--json"}));
    QVERIFY2(ppl.exitCode == 0, qPrintable(ppl.all()));
    QCOMPARE(lw::test::lastJsonObject(ppl)["perplexity"].toDouble(), late);
    {
        // Named by its path, the checkpoint is still known as the run's, at its step.
        lw::store::Store store = lw::store::Project::open(m_project.toStdString()).openStore();
        const auto standalone = store.evaluation(lw::test::lastJsonObject(ppl)["evaluation_id"].toInteger());
        QVERIFY(standalone);
        QCOMPARE(standalone->runId, std::optional<int64_t>(m_runId));
        QCOMPARE(standalone->step, std::optional<int64_t>(20));
    }
    const auto mc = runCli(projectArgs({"eval", "mc", "--model", QString::fromStdString(checkpoint), "--data",
                                        lw::test::sharedData("mmlu-redux/mmlu_abstract_algebra.csv"), "--limit", "4",
                                        "--json"}));
    QVERIFY2(mc.exitCode == 0, qPrintable(mc.all()));
    QCOMPARE(lw::test::lastJsonObject(mc)["acc"].toDouble(), results[3]["summary"].toObject()["acc"].toDouble());
}

void TestCliEvalTraining::scrubEvaluatesOnlyWhatIsMissing()
{
    QVERIFY(m_runId > 0);
    // The run's own tasks are done at every checkpoint: nothing to do.
    const auto again = runCli(projectArgs({"eval", "scrub", "--run", QString::number(m_runId), "--json"}), 600000);
    QVERIFY2(again.exitCode == 0, qPrintable(again.all()));
    QCOMPARE(lw::test::lastJsonObject(again)["evaluated"].toInt(), 0);
    QCOMPARE(lw::test::lastJsonObject(again)["skipped"].toInt(), 4);

    // A new task runs on both checkpoints, by step.
    const QString wider = "perplexity:text-file=" + m_text + ",context=32,stride=32";
    const auto r = runCli(projectArgs({"eval", "scrub", "--run", QString::number(m_runId), "--task", wider, "--json"}),
                          600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = lw::test::lastJsonObject(r);
    QCOMPARE(out["evaluated"].toInt(), 2);
    const QJsonArray results = out["results"].toArray();
    QCOMPARE(results[0].toObject()["step"].toInt(), 10);
    QCOMPARE(results[1].toObject()["step"].toInt(), 20);
    QCOMPARE(evaluationsOfRun().size(), size_t(8)); // with the two standalone ones on the step-20 file
}

void TestCliEvalTraining::listShowAndDelete()
{
    QVERIFY(m_runId > 0);
    const auto list = runCli(projectArgs({"eval", "list", "--run", QString::number(m_runId), "--json"}));
    QVERIFY2(list.exitCode == 0, qPrintable(list.all()));
    const QJsonArray all = QJsonDocument::fromJson(list.out.toUtf8()).array();
    QCOMPARE(all.size(), 8);
    const auto perplexities = runCli(projectArgs({"eval", "list", "--task", "perplexity", "--json"}));
    QCOMPARE(QJsonDocument::fromJson(perplexities.out.toUtf8()).array().size(), 5); // 4 on the run, 1 standalone

    const qint64 id = all[0].toObject()["id"].toInteger();
    const QString examples = m_dir.filePath("examples.jsonl");
    const auto show = runCli(projectArgs({"eval", "show", QString::number(id), "--json", "--examples", examples}));
    QVERIFY2(show.exitCode == 0, qPrintable(show.all()));
    const QJsonObject shown = lw::test::lastJsonObject(show);
    QCOMPARE(shown["run_id"].toInteger(), m_runId);
    QCOMPARE(shown["step"].toInt(), all[0].toObject()["step"].toInt());
    QFile f(examples);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll().count('\n'), shown["examples"].toInt());

    QCOMPARE(runCli(projectArgs({"eval", "delete", QString::number(id)})).exitCode, 0);
    QCOMPARE(evaluationsOfRun().size(), size_t(7));
    const auto missing = runCli(projectArgs({"eval", "delete", QString::number(id)}));
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("no evaluation"), qPrintable(missing.err));
}

void TestCliEvalTraining::badTasksAreRefusedBeforeTraining()
{
    const QString project = m_dir.filePath("other");
    const auto r = runCli({"train", "--demo", "--max-steps", "5", "--eval-task", "mc:shots=2", "--project", project});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("give exactly one of data"), qPrintable(r.err));
    lw::store::Store store = lw::store::Project::open(project.toStdString()).openStore();
    QVERIFY(store.listRuns().empty()); // refused before a run was created
}

LW_TEST_GUILESS_MAIN(TestCliEvalTraining)
#include "test_cli_eval_training.moc"

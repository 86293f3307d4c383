// Evaluations of a fine-tune's checkpoints through the real binary: `llmwb finetune
// --eval-task` scores each checkpoint of a LoRA fine-tune of the demo model as it is
// written (the base with that checkpoint's adapter applied), stored with the run and
// step; the figure at the last step equals `llmwb eval perplexity` of the model `adapter
// merge` makes from the run's adapter. A resumed fine-tune keeps its tasks, `llmwb eval
// scrub` re-scores the adapter checkpoints to the same figures, and the other methods
// (QLoRA, DoRA, full weights) are evaluated at their checkpoints too. An evaluation that
// fails (its data file is not there) is a warning naming the checkpoint, the task and
// the error, and the fine-tune goes on to complete.
#include "cli_runner.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>
#include <map>

using lw::test::CliResult;
using lw::test::eventsNamed;
using lw::test::runCli;

namespace {

bool close(double a, double b)
{
    return std::abs(a - b) <= 1e-4 * std::abs(b);
}

} // namespace

class TestCliEvalFinetune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void adapterCheckpointsAreEvaluatedWhileFineTuning();
    void resumedFineTuneKeepsItsTasks();
    void scrubScoresAdapterCheckpointsAlike();
    void otherMethodsAreEvaluatedToo_data();
    void otherMethodsAreEvaluatedToo();
    void aFailingEvaluationWarnsAndTrainingGoesOn();

private:
    QStringList projectArgs(QStringList args) const { return args << "--project" << m_project; }
    double perplexityOf(const CliResult& r) const { return lw::test::lastJsonObject(r)["perplexity"].toDouble(); }
    // step -> perplexity of the run's stored evaluations with `spec`
    std::map<int64_t, double> storedPerplexities(const QString& spec) const
    {
        lw::store::Store store = lw::store::Project::open(m_project.toStdString()).openStore();
        lw::store::EvaluationQuery query;
        query.runId = m_runId;
        std::map<int64_t, double> out;
        for (const auto& e : store.listEvaluations(query))
            if (e.step && e.settings.value("spec", "") == spec.toStdString())
                out[*e.step] = e.summary["perplexity"].get<double>();
        return out;
    }

    QTemporaryDir m_dir;
    QString m_project, m_text, m_spec, m_base;
    int64_t m_runId = 0;
};

void TestCliEvalFinetune::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_project = m_dir.filePath("project");
    m_text = m_dir.filePath("held_out.txt");
    QFile f(m_text);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("Where did Ivy live? Ivy lived in a small house by the river.\n"
            "Where did Max live? Max lived by the sea with his dog.\n");
    f.close();
    m_spec = "perplexity:text-file=" + m_text + ",context=32,stride=16";
    const CliResult r = runCli(projectArgs({"train", "--demo", "--max-steps", "20", "--events"}), 600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    m_base = QString::number(eventsNamed(r, "run_started").front()["run_id"].toInteger());
}

void TestCliEvalFinetune::adapterCheckpointsAreEvaluatedWhileFineTuning()
{
    const CliResult r = runCli(projectArgs({"finetune", "--demo", "--max-steps", "4", "--checkpoint-every", "2",
                                            "--batch-size", "4", "--learning-rate", "0.01", "--compare", "0",
                                            "--eval-task", m_spec, "--events"}),
                               600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject started = eventsNamed(r, "run_started").front();
    m_runId = started["run_id"].toInteger();
    const QList<QJsonObject> results = eventsNamed(r, "eval_result");
    QCOMPARE(results.size(), 2); // steps 2 and 4, each once
    QCOMPARE(results[0]["step"].toInt(), 2);
    QCOMPARE(results[1]["step"].toInt(), 4);
    QCOMPARE(results[0]["run_id"].toInteger(), m_runId);
    const double at2 = results[0]["summary"].toObject()["perplexity"].toDouble();
    const double at4 = results[1]["summary"].toObject()["perplexity"].toDouble();

    const std::map<int64_t, double> stored = storedPerplexities(m_spec);
    QCOMPARE(stored.size(), size_t(2));
    QCOMPARE(stored.at(2), at2);
    QCOMPARE(stored.at(4), at4);

    const QStringList textArgs{"--text-file", m_text, "--context", "32", "--stride", "16", "--json"};
    // The adapter at step 4 is the run's adapter: merged into a model of its own, the
    // same perplexity (to float rounding: merging adds B A to W before multiplying).
    const CliResult merged =
        runCli(projectArgs({"adapter", "merge", "--model", m_base, "--adapter", QString::number(m_runId), "--name",
                            "tuned"}));
    QVERIFY2(merged.exitCode == 0, qPrintable(merged.all()));
    const CliResult tuned = runCli(projectArgs(QStringList{"eval", "perplexity", "--model", "tuned"} + textArgs));
    QVERIFY2(tuned.exitCode == 0, qPrintable(tuned.all()));
    QVERIFY2(close(at4, perplexityOf(tuned)), qPrintable(QString("%1 vs %2").arg(at4).arg(perplexityOf(tuned))));
    // The checkpoints are not the base: their adapters change the figure, step by step.
    const CliResult base = runCli(projectArgs(QStringList{"eval", "perplexity", "--model", m_base} + textArgs));
    QVERIFY2(base.exitCode == 0, qPrintable(base.all()));
    QVERIFY2(!close(at2, perplexityOf(base)) && !close(at2, at4),
             qPrintable(QString("base %1, step 2 %2, step 4 %3").arg(perplexityOf(base)).arg(at2).arg(at4)));
}

void TestCliEvalFinetune::resumedFineTuneKeepsItsTasks()
{
    QVERIFY(m_runId > 0);
    const CliResult r =
        runCli(projectArgs({"finetune", "--resume", QString::number(m_runId), "--max-steps", "6", "--events"}),
               600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QList<QJsonObject> results = eventsNamed(r, "eval_result");
    QCOMPARE(results.size(), 1);
    QCOMPARE(results[0]["step"].toInt(), 6);
    QCOMPARE(results[0]["spec"].toString(), m_spec);
    QCOMPARE(storedPerplexities(m_spec).size(), size_t(3));
}

void TestCliEvalFinetune::scrubScoresAdapterCheckpointsAlike()
{
    QVERIFY(m_runId > 0);
    const std::map<int64_t, double> before = storedPerplexities(m_spec);
    const CliResult r = runCli(
        projectArgs({"eval", "scrub", "--run", QString::number(m_runId), "--task", m_spec, "--again", "--json"}),
        600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonArray results = lw::test::lastJsonObject(r)["results"].toArray();
    QVERIFY(!results.isEmpty());
    for (const auto& value : results) {
        const QJsonObject result = value.toObject();
        const int64_t step = result["step"].toInteger();
        QVERIFY2(before.count(step), qPrintable(QString::number(step)));
        QCOMPARE(result["summary"].toObject()["perplexity"].toDouble(), before.at(step));
    }
}

void TestCliEvalFinetune::otherMethodsAreEvaluatedToo_data()
{
    QTest::addColumn<QString>("method");
    QTest::newRow("qlora") << "qlora";
    QTest::newRow("dora") << "dora";
    QTest::newRow("full") << "full";
}

void TestCliEvalFinetune::otherMethodsAreEvaluatedToo()
{
    QFETCH(QString, method);
    const CliResult r = runCli(projectArgs({"finetune", "--demo", "--method", method, "--max-steps", "2",
                                            "--batch-size", "4", "--compare", "0", "--eval-task", m_spec,
                                            "--events"}),
                               600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QList<QJsonObject> results = eventsNamed(r, "eval_result");
    QCOMPARE(results.size(), 1); // the final checkpoint
    QCOMPARE(results[0]["step"].toInt(), 2);
    const double perplexity = results[0]["summary"].toObject()["perplexity"].toDouble();
    // The model the checkpoint stands for, made another way: the full fine-tune's
    // checkpoint file itself; an adapter merged into its base (float, QLoRA's too).
    QString reference;
    if (method == "full") {
        for (const QJsonObject& e : eventsNamed(r, "checkpoint"))
            if (e["step"].toInt() == 2 && e["kind"].toString() != "best")
                reference = e["path"].toString();
    } else {
        reference = "merged-" + method;
        const QString run = QString::number(eventsNamed(r, "run_started").front()["run_id"].toInteger());
        const CliResult merged =
            runCli(projectArgs({"adapter", "merge", "--model", m_base, "--adapter", run, "--name", reference}));
        QVERIFY2(merged.exitCode == 0, qPrintable(merged.all()));
    }
    const CliResult separately = runCli(projectArgs(
        {"eval", "perplexity", "--model", reference, "--text-file", m_text, "--context", "32", "--stride", "16",
         "--json"}));
    QVERIFY2(separately.exitCode == 0, qPrintable(separately.all()));
    QVERIFY2(close(perplexity, perplexityOf(separately)),
             qPrintable(QString("%1 vs %2").arg(perplexity).arg(perplexityOf(separately))));
}

void TestCliEvalFinetune::aFailingEvaluationWarnsAndTrainingGoesOn()
{
    const QString missing = m_dir.filePath("deleted.txt"); // as if removed after the start
    const QString spec = "perplexity:text-file=" + missing + ",context=32";
    const CliResult r = runCli(projectArgs({"finetune", "--demo", "--max-steps", "4", "--checkpoint-every", "2",
                                            "--batch-size", "4", "--compare", "0", "--eval-task", spec, "--events"}),
                               600000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QCOMPARE(eventsNamed(r, "finished").front()["status"].toString(), QString("completed"));
    const int64_t run = eventsNamed(r, "run_started").front()["run_id"].toInteger();
    const auto status = lw::store::Project::open(m_project.toStdString()).openStore().run(run).status;
    QCOMPARE(std::string(lw::store::runStatusToString(status)), std::string("completed"));
    QVERIFY(eventsNamed(r, "eval_result").isEmpty());
    QMap<int, QString> checkpoints; // step -> path, periodic and final
    for (const QJsonObject& e : eventsNamed(r, "checkpoint"))
        if (e["kind"].toString() != "best")
            checkpoints[e["step"].toInt()] = e["path"].toString();
    QCOMPARE(checkpoints.keys(), QList<int>({2, 4}));
    QList<int> warned;
    for (const QJsonObject& e : eventsNamed(r, "log")) {
        if (e["level"].toString() != "warning")
            continue;
        const int step = e["step"].toInt();
        warned.append(step);
        QCOMPARE(e["checkpoint"].toString(), checkpoints.value(step));
        QCOMPARE(e["spec"].toString(), spec);
        const QString message = e["message"].toString();
        for (const QString& part : {checkpoints.value(step), spec, QString("deleted.txt")})
            QVERIFY2(message.contains(part), qPrintable(message + " lacks " + part));
    }
    QCOMPARE(warned, QList<int>({2, 4}));
}

LW_TEST_GUILESS_MAIN(TestCliEvalFinetune)
#include "test_cli_eval_finetune.moc"

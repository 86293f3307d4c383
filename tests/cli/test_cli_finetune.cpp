// Fine-tuning through the real llmwb, as a user does it on the demo project: the demo
// model is pretrained, then
//   - `finetune --check` reports the trainable parameters (counted here by hand from
//     the shape), the estimates, and no problem; a preference set whose answers are the
//     same is refused with that reason, a wild learning rate is warned about;
//   - `finetune --demo --method full` raises exact match on held-out questions from the
//     base model's 0;
//   - `finetune --demo` (LoRA) writes a PEFT adapter; `generate --adapter` and the model
//     `adapter merge` writes give the same greedy tokens; the run resumes and extends;
//   - `finetune --demo --objective dpo` starts at ln 2 and ends preferring the chosen
//     answers on the validation pairs;
//   - a damaged adapter is refused with the file named.
#include "cli_runner.h"
#include "cli_worker.h"
#include "test_registry.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>
#include <csignal>

using namespace lw::test;

class TestCliFinetune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void checkCountsTheAdaptersAndFindsNoProblem();
    void checkRefusesIdenticalPairsAndWarnsOfTheLearningRate();
    void fullFineTuneRaisesExactMatch();
    void adapterAppliedEqualsAdapterMerged();
    void dpoLearnsThePreference();
    void damagedAdapterIsRefusedByName();
    void killedEpochRunResumesToItsEpochSteps();

private:
    QString project() const { return m_dir.filePath("project"); }
    CliResult cli(QStringList args, int timeoutMs = 600000)
    {
        args << "--project" << project();
        return runCli(args, timeoutMs);
    }
    QTemporaryDir m_dir;
    QString m_loraRun;
};

void TestCliFinetune::killedEpochRunResumesToItsEpochSteps()
{
    // An epoch-based fine-tune counts its steps when it starts; killed before its end,
    // it must resume to that count, not to the --max-steps default it was stored with.
    int64_t epochSteps = 0;
    QString runId;
    {
        CliWorker w({"finetune", "--project", project(), "--demo", "--method", "full", "--epochs", "2",
                     "--checkpoint-every", "2", "--log-every", "1", "--compare", "0", "--events"});
        QVERIFY(w.waitForStep(3)); // past the checkpoint at step 2
        runId = QString::number(w.last("run_started")["run_id"].toInteger());
        epochSteps = w.last("step")["max_steps"].toInteger();
        QVERIFY2(epochSteps > 3, qPrintable(QString::number(epochSteps)));
        ::kill(pid_t(w.pid()), SIGKILL);
        QCOMPARE(w.finish(), -1);
    }
    // What the store holds for the killed run is the configured count, not the epochs'.
    const CliResult shown = cli({"runs", "show", runId, "--json"});
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.all()));
    QVERIFY(QJsonDocument::fromJson(shown.out.toUtf8()).object()["max_steps"].toInteger() != epochSteps);
    const CliResult resumed = cli({"finetune", "--resume", runId, "--events"});
    QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.all()));
    const auto steps = eventsNamed(resumed, "step");
    QVERIFY(!steps.empty());
    QCOMPARE(steps.back()["step"].toInteger(), epochSteps);
    QCOMPARE(steps.back()["max_steps"].toInteger(), epochSteps);
}

void TestCliFinetune::initTestCase()
{
    const CliResult r = cli({"train", "--demo"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
}

void TestCliFinetune::checkCountsTheAdaptersAndFindsNoProblem()
{
    const CliResult r = cli({"finetune", "--demo", "--check", "--events"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const auto checks = eventsNamed(r, "check");
    QCOMPARE(checks.size(), size_t(1));
    const QJsonObject c = checks.front();
    // The demo model (GPT-2 shape: d_model 128, 4 layers, vocabulary 789) with rank-32
    // adapters on c_attn (128 -> 384), attn.c_proj (128 -> 128), mlp.c_fc (128 -> 512),
    // mlp.c_proj (512 -> 128) and lm_head (128 -> 789): r (in + out) each.
    const int64_t r32 = 32;
    const int64_t perLayer = r32 * (128 + 384) + r32 * (128 + 128) + r32 * (128 + 512) + r32 * (512 + 128);
    QCOMPARE(c["trainable_parameters"].toInteger(), 4 * perLayer + r32 * (128 + 789));
    QCOMPARE(c["total_parameters"].toInteger(), int64_t(910720));
    QVERIFY(!c["blocking"].toBool());
    QVERIFY2(c["findings"].toArray().isEmpty(), qPrintable(QJsonDocument(c["findings"].toArray()).toJson()));
    QVERIFY(c["train_rows"].toInteger() > 400);
    QVERIFY(c["val_rows"].toInteger() > 30);
    QVERIFY(c["seconds_per_step"].toDouble() > 0);
    const QJsonObject memory = c["memory"].toObject();
    QCOMPARE(memory["weights"].toInteger(), int64_t(910720) * 4);
    QCOMPARE(memory["optimizer"].toInteger(), c["trainable_parameters"].toInteger() * 8);
}

void TestCliFinetune::checkRefusesIdenticalPairsAndWarnsOfTheLearningRate()
{
    const QString rows = m_dir.filePath("same.jsonl");
    {
        QFile f(rows);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 30; ++i)
            f.write(QString("{\"prompt\": \"Where did Max live?\", \"chosen\": \"Max lived by the sea %1.\", "
                            "\"rejected\": \"Max lived by the sea %1.\"}\n")
                        .arg(i)
                        .toUtf8());
    }
    QVERIFY(cli({"data", "import", "--input", rows, "--name", "same-pairs"}).exitCode == 0);
    const CliResult r = cli({"finetune", "--demo", "--check", "--objective", "dpo", "--dataset", "same-pairs",
                             "--learning-rate", "5", "--events"});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject c = eventsNamed(r, "check").front();
    QVERIFY(c["blocking"].toBool());
    QStringList codes;
    for (const auto& f : c["findings"].toArray())
        codes << f.toObject()["severity"].toString() + ":" + f.toObject()["code"].toString();
    QVERIFY2(codes.contains("error:identical_pairs"), qPrintable(codes.join(' ')));
    QVERIFY2(codes.contains("warning:learning_rate"), qPrintable(codes.join(' ')));
    QCOMPARE(c["identical_pairs"].toInteger(), int64_t(30));
}

void TestCliFinetune::fullFineTuneRaisesExactMatch()
{
    const CliResult r = cli({"finetune", "--demo", "--method", "full", "--compare", "24", "--events"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto comparison = eventsNamed(r, "comparison");
    QCOMPARE(comparison.size(), size_t(1));
    int base = 0, tuned = 0, items = 0;
    for (const auto& item : comparison.front()["items"].toArray()) {
        ++items;
        base += item.toObject()["base_exact"].toBool();
        tuned += item.toObject()["finetuned_exact"].toBool();
    }
    QCOMPARE(items, 24);
    QVERIFY2(tuned >= base + 3, qPrintable(QString("exact match: base %1, fine-tuned %2 of 24").arg(base).arg(tuned)));
    // The run is a fine-tune of the store, and its checkpoint is a model `generate` takes.
    const int64_t runId = eventsNamed(r, "run_started").front()["run_id"].toInteger();
    const CliResult g = cli({"generate", "--model", QString::number(runId), "--prompt", "Where did Max live?",
                             "--max-tokens", "4", "--json"});
    QVERIFY2(g.exitCode == 0, qPrintable(g.all()));
}

void TestCliFinetune::adapterAppliedEqualsAdapterMerged()
{
    const CliResult r = cli({"finetune", "--demo", "--max-steps", "40", "--compare", "0", "--events"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QJsonObject started = eventsNamed(r, "run_started").front();
    m_loraRun = QString::number(started["run_id"].toInteger());
    const QString adapter = started["run_dir"].toString() + "/adapter";
    QVERIFY(QFile::exists(adapter + "/adapter_config.json"));
    QVERIFY(QFile::exists(adapter + "/adapter_model.safetensors"));
    const QString base = started["config"].toObject()["finetune"].toObject()["base"].toString();

    const QStringList prompt{"--prompt", "Where did Ivy live?\n", "--temperature", "0", "--max-tokens", "8", "--json"};
    const CliResult applied = cli(QStringList{"generate", "--model", base, "--adapter", m_loraRun} + prompt);
    QVERIFY2(applied.exitCode == 0, qPrintable(applied.all()));
    const CliResult plain = cli(QStringList{"generate", "--model", base} + prompt);
    QVERIFY(generatedIds(applied) != generatedIds(plain)); // the adapter changes the answer
    const CliResult merged = cli({"adapter", "merge", "--model", base, "--adapter", m_loraRun, "--name", "demo-qa"});
    QVERIFY2(merged.exitCode == 0, qPrintable(merged.all()));
    const CliResult fromMerged = cli(QStringList{"generate", "--model", "demo-qa"} + prompt);
    QVERIFY2(fromMerged.exitCode == 0, qPrintable(fromMerged.all()));
    QCOMPARE(generatedIds(fromMerged), generatedIds(applied));

    // The run resumes from its checkpoint and extends to 50 steps.
    const CliResult more = cli({"finetune", "--resume", m_loraRun, "--max-steps", "50", "--events"});
    QVERIFY2(more.exitCode == 0, qPrintable(more.err));
    const auto steps = eventsNamed(more, "step");
    QVERIFY(!steps.empty());
    QCOMPARE(steps.front()["step"].toInteger(), int64_t(41));
    QCOMPARE(steps.back()["step"].toInteger(), int64_t(50));
}

void TestCliFinetune::dpoLearnsThePreference()
{
    const CliResult r = cli({"finetune", "--demo", "--objective", "dpo", "--max-steps", "40", "--eval-every", "20",
                             "--compare", "0", "--events"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const auto steps = eventsNamed(r, "step");
    QVERIFY(!steps.empty());
    // At the first step the policy is the reference (the adapters start at zero).
    QVERIFY2(std::abs(steps.front()["loss"].toDouble() - std::log(2.0)) < 1e-4,
             qPrintable(QString::number(steps.front()["loss"].toDouble(), 'g', 10)));
    const auto evals = eventsNamed(r, "eval");
    QVERIFY(!evals.empty());
    const QJsonObject m = evals.back()["metrics"].toObject();
    QVERIFY2(m["val_preference_accuracy"].toDouble() > 0.6, qPrintable(QJsonDocument(m).toJson()));
    QVERIFY(m["val_reward_margin"].toDouble() > 0);
}

void TestCliFinetune::damagedAdapterIsRefusedByName()
{
    QVERIFY(!m_loraRun.isEmpty());
    const QString run = project() + "/runs";
    QString adapterDir;
    for (const auto& entry : QDir(run).entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (entry.startsWith(m_loraRun + "-"))
            adapterDir = run + "/" + entry + "/adapter";
    const QString copy = m_dir.filePath("damaged");
    QDir().mkpath(copy);
    QVERIFY(QFile::copy(adapterDir + "/adapter_config.json", copy + "/adapter_config.json"));
    QFile source(adapterDir + "/adapter_model.safetensors");
    QVERIFY(source.open(QIODevice::ReadOnly));
    QFile cut(copy + "/adapter_model.safetensors");
    QVERIFY(cut.open(QIODevice::WriteOnly));
    cut.write(source.read(source.size() / 2)); // a download that stopped half-way
    cut.close();
    const CliResult r = cli({"generate", "--model", "1", "--adapter", copy, "--prompt", "x", "--max-tokens", "2"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("adapter_model.safetensors"), qPrintable(r.err));
}

LW_TEST_GUILESS_MAIN(TestCliFinetune)
#include "test_cli_finetune.moc"

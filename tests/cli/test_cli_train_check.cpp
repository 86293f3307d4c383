// `llmwb train --check`: the report of a new run's settings, as JSON (--json) and as
// text, that never creates a run; exit 1 on an error. (The Train panel's test reads it
// as a `check` event.)
#include "cli_runner.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace lw::test;

class TestCliTrainCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reportOfTheDemoRunCreatesNoRun();
    void vocabularyTooSmallExitsOneWithoutARun();

private:
    int runCount()
    {
        const CliResult listed = runCli({"runs", "list", "--json", "--project", m_dir.path()});
        if (listed.exitCode != 0)
            return -1;
        return int(QJsonDocument::fromJson(listed.out.toUtf8()).array().size());
    }
    QJsonObject findingWithCode(const QJsonObject& report, const QString& code)
    {
        for (const QJsonValue& f : report["findings"].toArray())
            if (f.toObject()["code"].toString() == code)
                return f.toObject();
        return {};
    }

    QTemporaryDir m_dir;
};

void TestCliTrainCheck::reportOfTheDemoRunCreatesNoRun()
{
    const CliResult r = runCli({"train", "--demo", "--check", "--json", "--max-steps", "30", "--project", m_dir.path()},
                               300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QVERIFY2(!report.isEmpty(), qPrintable(r.out));
    // The demo model, GPT-2 shape: vocabulary 789, context 128, 4 layers of width 128.
    // wte 789*128 + wpe 128*128; per layer 2 norms (2*256), c_attn 128*384+384, attn
    // c_proj 128*128+128, c_fc 128*512+512, mlp c_proj 512*128+128; final norm 256.
    const qint64 perLayer = 512 + (128 * 384 + 384) + (128 * 128 + 128) + (128 * 512 + 512) + (512 * 128 + 128);
    const qint64 parameters = 789 * 128 + 128 * 128 + 4 * perLayer + 256;
    QCOMPARE(report["parameters"].toInteger(), parameters);
    QCOMPARE(report["memory"].toObject()["weights"].toInteger(), parameters * 4);
    QCOMPARE(report["memory"].toObject()["optimizer"].toInteger(), parameters * 8);
    QCOMPARE(report["max_steps"].toInteger(), qint64(30));
    const double epochs = 30.0 * report["tokens_per_step"].toDouble() / report["train_tokens"].toDouble();
    QVERIFY(qAbs(report["epochs"].toDouble() - epochs) < 1e-9 * epochs);
    QVERIFY(report["seconds_per_step"].toDouble() > 0);
    QVERIFY(!report["blocking"].toBool());
    QVERIFY2(findingWithCode(report, "less_than_one_epoch").value("severity") == "warning",
             qPrintable(QJsonDocument(report["findings"].toArray()).toJson()));
    QCOMPARE(runCount(), 0);
}

void TestCliTrainCheck::vocabularyTooSmallExitsOneWithoutARun()
{
    // As text this time: the error stops the check before any step is timed.
    const CliResult r =
        runCli({"train", "--demo", "--check", "--vocab-size", "100", "--project", m_dir.path()}, 300000);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.out.contains("error: the dataset's tokenizer has 789 tokens but the model's vocab_size is 100"),
             qPrintable(r.all()));
    QVERIFY2(r.out.contains("time: not measured") && r.out.contains("disk for checkpoints"), qPrintable(r.out));
    QCOMPARE(runCount(), 0);
}

LW_TEST_GUILESS_MAIN(TestCliTrainCheck)
#include "test_cli_train_check.moc"

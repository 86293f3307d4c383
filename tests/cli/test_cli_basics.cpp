// The command-line tool as a user drives it: tokenizers, datasets, training, runs,
// generation, and clear errors with a non-zero exit for bad input.
#include "cli_runner.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <csignal>

using lw::test::runCli;
using lw::test::sharedData;

class TestCliBasics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void helpExplainsEveryFlagWithItsDefault();
    void everyCommandStopsOnSigterm();
    void encodesAndDecodesWithGpt2Files_data();
    void encodesAndDecodesWithGpt2Files();
    void trainsTokenizerPreparesDataTrainsAndReports();
    void badInputGivesOneClearLineAndNonZeroExit_data();
    void badInputGivesOneClearLineAndNonZeroExit();

private:
    QTemporaryDir m_dir;
    QString m_project;
};

void TestCliBasics::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_project = m_dir.filePath("project");
}

void TestCliBasics::helpExplainsEveryFlagWithItsDefault()
{
    auto r = runCli({"train", "--help"});
    QCOMPARE(r.exitCode, 0);
    for (const char* flag : {"--learning-rate", "--warmup-steps", "--grad-clip", "--early-stopping-patience",
                             "--n-layer", "--d-model", "--resume", "--events", "--project", "--checkpoint-every"})
        QVERIFY2(r.out.contains(flag), flag);
    QVERIFY(r.out.contains("(default: 0.0006)"));
    // Numeric settings read as numbers, not TEXT.
    QVERIFY2(QRegularExpression("--n-layer INT ").match(r.out).hasMatch(), qPrintable(r.out));
    QVERIFY(QRegularExpression("--learning-rate FLOAT ").match(r.out).hasMatch());
    QVERIFY(QRegularExpression("--shuffle BOOL ").match(r.out).hasMatch());
    QCOMPARE(runCli({"--version"}).exitCode, 0);
}

void TestCliBasics::everyCommandStopsOnSigterm()
{
    // A benchmark has no graceful stop: SIGTERM ends it at once (status 128 + 15), as it
    // would end any program, instead of being ignored until the benchmark is over.
    QProcess bench;
    bench.start(lw::test::llmwbPath(), {"bench", "train", "--n-layer", "4", "--d-model", "256", "--n-head", "4",
                                         "--context", "256", "--vocab", "4096", "--batch", "8", "--steps", "1000",
                                         "--threads", "1"});
    QVERIFY(bench.waitForStarted(10000));
    // Past start-up (which may re-execute the program once) once SIGTERM is blocked in its
    // threads and taken by its watcher: /proc tells.
    const QString status = QStringLiteral("/proc/%1/status").arg(bench.processId());
    auto watching = [&] {
        QFile file(status);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        for (const QByteArray& line : file.readAll().split('\n'))
            if (line.startsWith("SigBlk:"))
                return (line.mid(7).trimmed().toULongLong(nullptr, 16) & (1ull << (SIGTERM - 1))) != 0;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(watching(), 30000);
    QTest::qWait(300);
    QCOMPARE(bench.state(), QProcess::Running);
    QElapsedTimer sinceSignal;
    sinceSignal.start();
    bench.terminate();
    QVERIFY(bench.waitForFinished(10000));
    QVERIFY2(sinceSignal.elapsed() < 5000, qPrintable(QString::number(sinceSignal.elapsed())));
    QCOMPARE(bench.exitStatus(), QProcess::NormalExit);
    QCOMPARE(bench.exitCode(), 128 + 15);
}

void TestCliBasics::encodesAndDecodesWithGpt2Files_data()
{
    // Published GPT-2 token ids (see shared/data/SOURCES.md).
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("ids");
    QTest::newRow("sentence") << "Hello, world. Is this-- a test?" << "15496 11 995 13 1148 428 438 257 1332 30";
    QTest::newRow("word pieces") << "Implementations" << "3546 26908 602";
    QTest::newRow("special") << "<|endoftext|>" << "50256";
}

void TestCliBasics::encodesAndDecodesWithGpt2Files()
{
    QFETCH(QString, text);
    QFETCH(QString, ids);
    const QString tok = sharedData("llms-from-scratch/gpt2-bpe");
    auto enc = runCli({"tokenizer", "encode", "--tokenizer", tok, "--text", text});
    QCOMPARE(enc.exitCode, 0);
    QCOMPARE(enc.out.trimmed(), ids);
    auto dec = runCli({"tokenizer", "decode", "--tokenizer", tok, "--text", ids});
    QCOMPARE(dec.exitCode, 0);
    QCOMPARE(dec.out.chopped(1), text);
}

void TestCliBasics::trainsTokenizerPreparesDataTrainsAndReports()
{
    const QString corpus = sharedData("llms-from-scratch/the-verdict.txt");
    auto tok = runCli({"tokenizer", "train", "--project", m_project, "--input", corpus, "--vocab-size", "400",
                       "--name", "verdict-bpe"});
    QVERIFY2(tok.exitCode == 0, qPrintable(tok.all()));
    auto data = runCli({"data", "prepare", "--project", m_project, "--input", corpus, "--tokenizer", "verdict-bpe",
                        "--name", "verdict", "--events"});
    QVERIFY2(data.exitCode == 0, qPrintable(data.all()));
    QJsonObject result;
    for (const auto& line : data.out.split('\n', Qt::SkipEmptyParts)) {
        auto o = QJsonDocument::fromJson(line.toUtf8()).object();
        QVERIFY2(!o.isEmpty(), qPrintable("not a JSON line: " + line));
        if (o["event"] == "result")
            result = o;
    }
    QVERIFY(result["total_tokens"].toInt() > 3000);
    QCOMPARE(result["vocab_size"].toInt(), 400);

    auto train = runCli({"train", "--project", m_project, "--dataset", "verdict", "--preset", "tiny", "--max-steps",
                         "30", "--eval-every", "10", "--learning-rate", "0.003", "--warmup-steps", "5", "--name",
                         "cli-run", "--tag", "smoke", "--batch-size", "4"});
    QVERIFY2(train.exitCode == 0, qPrintable(train.all()));
    QVERIFY(train.out.contains("completed"));

    auto list = runCli({"runs", "list", "--project", m_project, "--json"});
    QCOMPARE(list.exitCode, 0);
    auto runs = QJsonDocument::fromJson(list.out.toUtf8()).array();
    QCOMPARE(runs.size(), 1);
    auto run = runs[0].toObject();
    QCOMPARE(run["status"].toString(), QString("completed"));
    QCOMPARE(run["step"].toInt(), 30);
    QCOMPARE(run["tags"].toArray().first().toString(), QString("smoke"));
    QVERIFY(run["best_val_loss"].toDouble() < std::log(400.0));

    auto csv = runCli({"runs", "export", QString::number(run["id"].toInt()), "--project", m_project});
    QCOMPARE(csv.exitCode, 0);
    const auto lines = csv.out.split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.first(), QString("run_id,run_name,step,name,value,time"));
    // Every step logs loss, lr, grad_norm and tokens/s; 3 validations: 30 * 4 + 3 rows.
    QCOMPARE(lines.size() - 1, 30 * 4 + 3);

    auto gen = runCli({"generate", "--project", m_project, "--run", QString::number(run["id"].toInt()), "--prompt",
                       "I had always", "--max-tokens", "12", "--temperature", "0"});
    QVERIFY2(gen.exitCode == 0, qPrintable(gen.all()));
    QVERIFY(gen.out.startsWith("I had always"));
    QVERIFY(gen.out.trimmed().size() > QString("I had always").size());
    // Greedy decoding is deterministic.
    auto again = runCli({"generate", "--project", m_project, "--run", QString::number(run["id"].toInt()), "--prompt",
                         "I had always", "--max-tokens", "12", "--temperature", "0"});
    QCOMPARE(again.out, gen.out);
}

void TestCliBasics::badInputGivesOneClearLineAndNonZeroExit_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    const QString p = QDir::tempPath() + "/llmwb-cli-test-project";
    QTest::newRow("missing input") << QStringList{"tokenizer", "train", "--project", p, "--input", "/nonexistent/x.txt"}
                                   << "/nonexistent/x.txt";
    QTest::newRow("unknown preset") << QStringList{"train", "--project", p, "--preset", "gpt9", "--dataset", "/tmp"}
                                    << "unknown preset 'gpt9'";
    QTest::newRow("bad number") << QStringList{"train", "--project", p, "--demo", "--learning-rate", "fast"}
                                << "--learning-rate: expected a number";
    QTest::newRow("invalid value") << QStringList{"train", "--project", p, "--demo", "--batch-size", "0"}
                                   << "batch_size: must be positive";
    QTest::newRow("missing checkpoint") << QStringList{"generate", "--checkpoint", "/nonexistent.ckpt"}
                                        << "/nonexistent.ckpt";
    QTest::newRow("unknown run") << QStringList{"runs", "show", "999", "--project", p} << "999";
    QTest::newRow("not token ids") << QStringList{"tokenizer", "decode", "--tokenizer",
                                                  sharedData("llms-from-scratch/gpt2-bpe"), "--text", "12 x3"}
                                   << "token 2 ('x3')";
}

void TestCliBasics::badInputGivesOneClearLineAndNonZeroExit()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    auto r = runCli(args);
    QVERIFY2(r.exitCode != 0, qPrintable(r.all()));
    QVERIFY2(r.err.contains("llmwb: error: "), qPrintable(r.err));
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    QCOMPARE(r.err.count("llmwb: error: "), 1);
}

LW_TEST_GUILESS_MAIN(TestCliBasics)
#include "test_cli_basics.moc"

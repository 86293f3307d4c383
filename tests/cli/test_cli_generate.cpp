// `llmwb generate`, `llmwb chat` and `llmwb bench generate` as a user runs them, on
// checkpoints written here: a scripted model whose greedy answer is known text (GPT-2's
// tokenizer), and a random model slow enough to interrupt mid-answer.
#include "cli_runner.h"
#include "core/generate/known_models.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/checkpoint.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <csignal>

using lw::test::runCli;

namespace {

const char* kScript = " the cat sat on the mat.\n\nUser: and then?";

QJsonObject lastJsonLine(const QString& out)
{
    const auto lines = out.split('\n', Qt::SkipEmptyParts);
    return lines.isEmpty() ? QJsonObject() : QJsonDocument::fromJson(lines.last().toUtf8()).object();
}

} // namespace

class TestCliGenerate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void greedyAnswerIsTheScriptWithEveryRunner_data();
    void greedyAnswerIsTheScriptWithEveryRunner();
    void stopSequenceEndsTheAnswer();
    void jsonCarriesTokensProbabilitiesAndStats();
    void eventsStreamOneLinePerToken();
    void variantsRunSideBySide();
    void chatAnswersResetsAndExits();
    void ctrlCStopsTheAnswerNotTheChat();
    void badSettingsNameTheField_data();
    void badSettingsNameTheField();
    void benchGeneratePrintsTheJsonLineLast_data();
    void benchGeneratePrintsTheJsonLineLast();

private:
    QStringList scripted(QStringList args) const { return QStringList{"generate", "--checkpoint", m_scripted} + args; }
    QTemporaryDir m_dir;
    QString m_scripted, m_slow, m_bareTemplate;
};

void TestCliGenerate::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    const std::string tokenizerDir = lw::test::gpt2TokenizerDir();
    auto tokenizer = lw::tokenizer::loadTokenizer(tokenizerDir);
    // One prompt token ("Hello") sits at position 0; position p predicts script[p].
    auto script = tokenizer->encode(kScript, false);
    auto scripted = lw::test::scriptedModel(script, tokenizer->vocabSize());
    m_scripted = m_dir.filePath("scripted/checkpoints/step-1.ckpt");
    QDir().mkpath(m_dir.filePath("scripted/checkpoints"));
    lw::train::saveCheckpoint(m_scripted.toStdString(), scripted, nullptr, nlohmann::json::object(), {}, tokenizerDir);

    auto config = lw::model::presetConfig("tiny");
    config.vocab_size = tokenizer->vocabSize();
    config.d_model = 256;
    config.context_length = 1024;
    lw::model::Transformer slow(config);
    slow->initializeWeights(1);
    m_slow = m_dir.filePath("slow/checkpoints/step-1.ckpt");
    QDir().mkpath(m_dir.filePath("slow/checkpoints"));
    lw::train::saveCheckpoint(m_slow.toStdString(), slow, nullptr, nlohmann::json::object(), {}, tokenizerDir);

    m_bareTemplate = m_dir.filePath("bare.json");
    QFile file(m_bareTemplate);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "bare", "system": "{content}", "user": "{content}", "assistant": "{content}"})");
}

void TestCliGenerate::greedyAnswerIsTheScriptWithEveryRunner_data()
{
    QTest::addColumn<QStringList>("runner");
    QTest::newRow("fused fp32") << QStringList{};
    QTest::newRow("fused bf16") << QStringList{"--dtype", "bf16"};
    QTest::newRow("model forward") << QStringList{"--model-forward"};
    QTest::newRow("no kv cache") << QStringList{"--no-kv-cache"};
}

void TestCliGenerate::greedyAnswerIsTheScriptWithEveryRunner()
{
    QFETCH(QStringList, runner);
    auto r = runCli(scripted(QStringList{"--prompt", "Hello", "--temperature", "0", "--max-tokens", "7", "--stats"} +
                             runner));
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QCOMPARE(r.out, QString("Hello the cat sat on the mat.\n"));
    QVERIFY2(r.err.contains("7 tokens (max_tokens), first after"), qPrintable(r.err));
}

void TestCliGenerate::stopSequenceEndsTheAnswer()
{
    auto r = runCli(scripted({"--prompt", "Hello", "--temperature", "0", "--stop", "\n\nUser:"}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QCOMPARE(r.out, QString("Hello the cat sat on the mat.\n"));
}

void TestCliGenerate::jsonCarriesTokensProbabilitiesAndStats()
{
    auto r = runCli(scripted({"--prompt", "Hello", "--temperature", "0", "--max-tokens", "4", "--top-alternatives",
                              "3", "--json"}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject o = lastJsonLine(r.out);
    QCOMPARE(o["text"].toString(), QString(" the cat sat on"));
    QCOMPARE(o["stop_reason"].toString(), QString("max_tokens"));
    const QJsonArray tokens = o["tokens"].toArray();
    QCOMPARE(tokens.size(), 4);
    QCOMPARE(tokens[1].toObject()["text"].toString(), QString(" cat"));
    // Logit 12 against 50256 zeros: e^12 / (e^12 + 50256) = 0.764.
    QVERIFY(std::abs(tokens[1].toObject()["probability"].toDouble() - 0.764) < 0.01);
    QCOMPARE(tokens[1].toObject()["alternatives"].toArray().size(), 3);
    QCOMPARE(o["stats"].toObject()["generated_tokens"].toInt(), 4);
    QVERIFY(o["stats"].toObject()["time_to_first_token_ms"].toDouble() > 0);
    QVERIFY(o["runner"].toString().contains("fused CPU"));
}

void TestCliGenerate::eventsStreamOneLinePerToken()
{
    auto r = runCli(scripted({"--prompt", "Hello", "--temperature", "0", "--max-tokens", "5", "--events"}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QString text;
    int tokens = 0;
    QJsonObject done;
    for (const auto& line : r.out.split('\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        QVERIFY2(!e.isEmpty(), qPrintable("not a JSON line: " + line));
        if (e["event"] == "token") {
            ++tokens;
            text += e["text"].toString();
            QVERIFY(e["token"].toObject().contains("probability"));
        } else if (e["event"] == "done") {
            done = e;
        }
    }
    QCOMPARE(tokens, 5);
    QCOMPARE(text, QString(" the cat sat on the"));
    QCOMPARE(done["text"].toString(), text);
    QCOMPARE(done["stats"].toObject()["generated_tokens"].toInt(), 5);
}

void TestCliGenerate::variantsRunSideBySide()
{
    const QString path = m_dir.filePath("variants.json");
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"([{"temperature": 0}, {"temperature": 0, "max_tokens": 2}, {"temperature": 0.7, "seed": 3}])");
    file.close();
    auto r = runCli(scripted({"--prompt", "Hello", "--max-tokens", "6", "--variants", path, "--json"}));
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonArray results = lastJsonLine(r.out)["results"].toArray();
    QCOMPARE(results.size(), 3);
    QCOMPARE(results[0].toObject()["text"].toString(), QString(" the cat sat on the mat"));
    QCOMPARE(results[1].toObject()["text"].toString(), QString(" the cat"));
    QCOMPARE(results[2].toObject()["settings"].toObject()["seed"].toInt(), 3);
}

void TestCliGenerate::chatAnswersResetsAndExits()
{
    auto r = runCli({"chat", "--checkpoint", m_scripted, "--template", m_bareTemplate, "--temperature", "0",
                     "--max-tokens", "4"},
                    120000, "Hello\n/reset\nHello\n/exit\nnever read\n");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QCOMPARE(r.out, QString(" the cat sat on\n(conversation cleared)\n the cat sat on\n"));
    QVERIFY(r.err.contains("/reset"));
}

void TestCliGenerate::ctrlCStopsTheAnswerNotTheChat()
{
    QProcess p;
    p.start(lw::test::llmwbPath(), {"chat", "--checkpoint", m_slow, "--temperature", "1", "--max-tokens", "1000",
                                    "--stop-at-eos", "false", "--template", m_bareTemplate});
    QVERIFY(p.waitForStarted(10000));
    p.write("Hello\n");
    // Wait for the answer to start streaming, then interrupt it.
    QByteArray out;
    while (out.isEmpty() && p.waitForReadyRead(60000))
        out += p.readAllStandardOutput();
    QVERIFY(!out.isEmpty());
    ::kill(pid_t(p.processId()), SIGINT);
    p.write("/exit\n");
    p.closeWriteChannel();
    QVERIFY(p.waitForFinished(60000));
    out += p.readAllStandardOutput();
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY2(out.contains(" [stopped]\n"), out.right(200).constData());
}

void TestCliGenerate::badSettingsNameTheField_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("top-p") << QStringList{"--top-p", "1.5"} << "sampler.top_p: must be in (0, 1]";
    QTest::newRow("not a number") << QStringList{"--min-p", "lots"} << "--min-p: expected a number";
    QTest::newRow("template") << QStringList{"--template", "vicuna"} << "built in: chatml, llama3, alpaca";
    QTest::newRow("system without template") << QStringList{"--system", "x"} << "--system needs --template";
}

void TestCliGenerate::badSettingsNameTheField()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    auto r = runCli(scripted(QStringList{"--prompt", "Hello"} + args));
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
    QCOMPARE(r.err.count('\n'), 1);
}

void TestCliGenerate::benchGeneratePrintsTheJsonLineLast_data()
{
    QTest::addColumn<QString>("dtype");
    QTest::newRow("fp32") << "fp32";
    QTest::newRow("bf16") << "bf16";
}

void TestCliGenerate::benchGeneratePrintsTheJsonLineLast()
{
    QFETCH(QString, dtype);
    auto r = runCli({"bench", "generate", "--n-layer", "2", "--d-model", "64", "--n-head", "4", "--context", "128",
                     "--vocab", "512", "--prompt-tokens", "8", "--new-tokens", "16", "--runs", "1", "--threads", "2",
                     "--dtype", dtype, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject o = lastJsonLine(r.out);
    for (const char* key : {"prefill_tokens_per_s", "decode_ms_per_token", "decode_tokens_per_s",
                            "memory_read_bytes_per_s", "bandwidth_fraction"})
        QVERIFY2(o[key].toDouble() > 0, key);
    QCOMPARE(o["dtype"].toString(), dtype);
    QVERIFY(std::abs(o["decode_tokens_per_s"].toDouble() * o["decode_ms_per_token"].toDouble() - 1000.0) < 1e-6);
}

LW_TEST_GUILESS_MAIN(TestCliGenerate)
#include "test_cli_generate.moc"

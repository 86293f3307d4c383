// `llmwb eval generate` on a scripted model (its greedy answers are known text): every
// stored answer is what `llmwb generate` answers to the same prompt, and the exact match
// is recomputed here from the stored answers and references with a second, QString-based
// SQuAD normalisation.
#include "eval_cli_support.h"
#include "test_registry.h"

#include <QRegularExpression>
#include <QTemporaryDir>

using lw::test::runCli;

namespace {

const char* kEvalSentence = " the cat sat on the mat.\n\n";

// SQuAD's normalize_answer again: lower, drop ASCII punctuation, articles to spaces,
// whitespace collapsed.
QString squadNormalisedForTest(QString s, bool all)
{
    if (!all)
        return s;
    s = s.toLower();
    static const QString punctuation = QStringLiteral("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");
    QString kept;
    for (QChar c : s)
        if (!punctuation.contains(c))
            kept += c;
    kept.replace(QRegularExpression("\\b(a|an|the)\\b", QRegularExpression::UseUnicodePropertiesOption), " ");
    return kept.simplified();
}

int64_t evaluationIdOf(const lw::test::CliResult& r)
{
    return lw::test::lastJsonObject(r)["evaluation_id"].toInteger();
}

} // namespace

class TestCliEvalGenerate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exactMatchIsRecomputedFromTheStoredRows_data();
    void exactMatchIsRecomputedFromTheStoredRows();
    void answersAreWhatGeneratePrints();
    void corpusMetricsEqualTheStandaloneCommands();
    void csvRowsAndLimit();
    void eventsEndWithTheResult();
    void rowsWithoutReferenceNameTheLine();

private:
    QStringList evalArgs(const QString& data) const
    {
        return {"eval", "generate", "--project", m_project, "--model", m_checkpoint, "--data", data,
                "--template", m_template, "--max-new-tokens", "4"};
    }
    QTemporaryDir m_dir;
    QString m_project, m_checkpoint, m_template, m_data;
};

void TestCliEvalGenerate::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_project = m_dir.filePath("project");
    m_checkpoint = lw::test::writeScriptedEvalCheckpoint(m_dir.filePath("scripted"), kEvalSentence, 1);
    m_template = lw::test::writeBareEvalTemplate(m_dir.path());
    // With the bare template an n-token prompt is answered from script token n-1: "Hello"
    // (1 token) -> " the cat sat on", "Hello there" (2) -> " cat sat on the". Under SQuAD's
    // normalisation rows 0, 1 and 3 match; without it only row 3.
    m_data = lw::test::writeEvalJsonl(
        m_dir.filePath("data.jsonl"),
        {QJsonObject{{"instruction", "Hello"}, {"output", "The cat sat on."}},
         QJsonObject{{"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "Hello there"}},
                                             QJsonObject{{"role", "assistant"}, {"content", "A cat sat on the"}}}}},
         QJsonObject{{"question", "Hello there friend"}, {"answer", "the dog"}},
         QJsonObject{{"prompt", "Hello"}, {"response", " the cat sat on"}}});
}

void TestCliEvalGenerate::exactMatchIsRecomputedFromTheStoredRows_data()
{
    QTest::addColumn<bool>("squad");
    QTest::addColumn<int>("expectedMatches"); // worked out in initTestCase's comment
    QTest::newRow("squad normalisation") << true << 3;
    QTest::newRow("verbatim") << false << 1;
}

void TestCliEvalGenerate::exactMatchIsRecomputedFromTheStoredRows()
{
    QFETCH(bool, squad);
    QFETCH(int, expectedMatches);
    QStringList args = evalArgs(m_data) << "--json";
    if (squad)
        args << "--ignore-case" << "--ignore-punctuation" << "--ignore-articles" << "--ignore-whitespace";
    const auto r = runCli(args);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = lw::test::lastJsonObject(r);
    const auto stored = lw::test::storedEvaluation(m_project, evaluationIdOf(r));
    QCOMPARE(stored.task, QString("generate"));
    QCOMPARE(stored.examples.size(), 4);
    QCOMPARE(stored.settings["normalisation"].toObject()["ignore_articles"].toBool(), squad);
    int matches = 0;
    for (int i = 0; i < stored.examples.size(); ++i) {
        const QJsonObject e = stored.examples[i];
        QCOMPARE(e["index"].toInt(), i);
        QVERIFY(!e["prompt"].toString().isEmpty());
        const bool match = squadNormalisedForTest(e["answer"].toString(), squad) ==
                           squadNormalisedForTest(e["reference"].toString(), squad);
        QCOMPARE(e["exact_match"].toInt(), match ? 1 : 0);
        matches += match ? 1 : 0;
    }
    QCOMPARE(matches, expectedMatches);
    QCOMPARE(out["n"].toInt(), 4);
    QCOMPARE(out["exact_match"].toDouble(), matches / 4.0);
    QCOMPARE(stored.summary["exact_match"].toDouble(), matches / 4.0);
    QCOMPARE(stored.examples[2]["reference"].toString(), QString("the dog"));
}

void TestCliEvalGenerate::answersAreWhatGeneratePrints()
{
    const auto r = runCli(evalArgs(m_data) << "--json");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const auto stored = lw::test::storedEvaluation(m_project, evaluationIdOf(r));
    QCOMPARE(stored.examples.size(), 4);
    for (const QJsonObject& e : stored.examples) {
        const auto g = runCli({"generate", "--checkpoint", m_checkpoint, "--template", m_template, "--prompt",
                               e["prompt"].toString(), "--temperature", "0", "--max-tokens", "4", "--json"});
        QVERIFY2(g.exitCode == 0, qPrintable(g.all()));
        QCOMPARE(e["answer"].toString(), lw::test::lastJsonObject(g)["text"].toString());
    }
    QCOMPARE(stored.examples[0]["answer"].toString(), QString(" the cat sat on"));
}

void TestCliEvalGenerate::corpusMetricsEqualTheStandaloneCommands()
{
    const auto r = runCli(evalArgs(m_data) << "--json");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject out = lw::test::lastJsonObject(r);
    const auto stored = lw::test::storedEvaluation(m_project, evaluationIdOf(r));
    // ROUGE-L by hand (rouge-score's tokens: lowercase alphanumeric words): row 0 " the cat
    // sat on" against "The cat sat on." and row 3 against itself are equal (F1 1); row 1
    // "cat sat on the" against "a cat sat on the": LCS 4, P 4/4, R 4/5, F1 8/9.
    QCOMPARE(stored.examples[0]["rougeL"].toDouble(), 1.0);
    QVERIFY(std::abs(stored.examples[1]["rougeL"].toDouble() - 8.0 / 9.0) < 1e-12);
    QCOMPARE(stored.examples[3]["rougeL"].toDouble(), 1.0);
    // The summary's corpus figures are those `llmwb eval bleu|chrf|rouge` give for the
    // same answers and references (checked there against sacreBLEU's and rouge-score's
    // published figures).
    QString hyp, ref;
    for (const QJsonObject& e : stored.examples) {
        hyp += e["answer"].toString().replace('\n', ' ') + '\n';
        ref += e["reference"].toString().replace('\n', ' ') + '\n';
    }
    const QString hypFile = m_dir.filePath("answers.txt"), refFile = m_dir.filePath("references.txt");
    for (const auto& [path, text] : {std::pair{hypFile, hyp}, std::pair{refFile, ref}}) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
    }
    auto metric = [&](const char* name) {
        const auto m = runCli({"eval", name, "--hyp", hypFile, "--ref", refFile, "--json"});
        return m.exitCode == 0 ? lw::test::lastJsonObject(m) : QJsonObject{};
    };
    const QJsonObject bleu = metric("bleu"), chrf = metric("chrf"), rouge = metric("rouge");
    QVERIFY(!bleu.isEmpty() && !chrf.isEmpty() && !rouge.isEmpty());
    QCOMPARE(out["bleu"].toDouble(), bleu["score"].toDouble());
    QCOMPARE(out["bleu_signature"].toString(), bleu["signature"].toString());
    QCOMPARE(out["chrf"].toDouble(), chrf["score"].toDouble());
    for (const char* key : {"rouge1", "rouge2", "rougeL", "rougeLsum"})
        QCOMPARE(out[key].toDouble(), rouge[key].toDouble());
    QCOMPARE(stored.summary["bleu"].toDouble(), out["bleu"].toDouble());
    QVERIFY(out["rouge1"].toDouble() > 0.5); // three of four answers hold their reference's words
}

void TestCliEvalGenerate::csvRowsAndLimit()
{
    const QString csv = m_dir.filePath("data.csv");
    QFile f(csv);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("question,answer\nHello,the cat sat on\nHello there,nothing\nHi,more\n");
    f.close();
    const auto r = runCli(evalArgs(csv) << "--limit" << "2" << "--ignore-whitespace" << "--json");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const auto stored = lw::test::storedEvaluation(m_project, evaluationIdOf(r));
    QCOMPARE(stored.examples.size(), 2);
    QCOMPARE(lw::test::lastJsonObject(r)["n"].toInt(), 2);
    // " the cat sat on" with its leading space collapsed is "the cat sat on"; row 2 differs.
    QCOMPARE(stored.examples[0]["exact_match"].toInt(), 1);
    QCOMPARE(stored.examples[1]["exact_match"].toInt(), 0);
    QCOMPARE(lw::test::lastJsonObject(r)["exact_match"].toDouble(), 0.5);
}

void TestCliEvalGenerate::eventsEndWithTheResult()
{
    const auto r = runCli(evalArgs(m_data) << "--events");
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject last = lw::test::lastJsonObject(r);
    QCOMPARE(last["event"].toString(), QString("result"));
    QVERIFY(last["evaluation_id"].toInteger() > 0);
    QCOMPARE(last["n"].toInt(), 4);
    int progress = 0;
    for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        if (e["event"] == "progress" && e["stage"] == "eval")
            ++progress;
    }
    QCOMPARE(progress, 4); // one per answer
}

void TestCliEvalGenerate::rowsWithoutReferenceNameTheLine()
{
    const QString bad = lw::test::writeEvalJsonl(
        m_dir.filePath("bad.jsonl"),
        {QJsonObject{{"instruction", "Hello"}, {"output", "x"}}, QJsonObject{{"text", "just text"}}});
    const auto r = runCli(evalArgs(bad));
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("bad.jsonl") && r.err.contains("2") && r.err.contains("no prompt and reference"),
             qPrintable(r.all()));
}

LW_TEST_GUILESS_MAIN(TestCliEvalGenerate)
#include "test_cli_eval_generate.moc"

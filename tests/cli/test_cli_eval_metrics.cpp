// `llmwb eval bleu|chrf|rouge` through the real binary: line-aligned files in, the
// figures the library computes (checked against sacreBLEU's and rouge-score's published
// vectors in tests/core/eval) out as JSON, and bad files refused with exit status 2.
#include "cli_runner.h"
#include "test_registry.h"

#include <QProcess>
#include <QTemporaryDir>

#include <cmath>

using namespace lw::test;

namespace {

QString writeMetricFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (f.open(QIODevice::WriteOnly))
        f.write(bytes);
    return path;
}

} // namespace

class TestCliEvalMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bleuMatchesSacreBleuReadmeExample();
    void chrfAndChrfPlusPlus();
    void rougeF1AndStemming();
    void rougeLsumFromJsonLinesSegments();
    void jsonLinesSegmentThatIsNotAStringNamesLine();
    void mismatchedLineCountsNameBothFiles();
    void invalidUtf8NamesFileAndLine();

private:
    QTemporaryDir m_dir;
};

void TestCliEvalMetrics::bleuMatchesSacreBleuReadmeExample()
{
    // sacreBLEU's README example (two references); its test suite gives 48.530827.
    const QString hyp = writeMetricFile(m_dir, "hyp.txt",
                                        "The dog bit the man.\nIt wasn't surprising.\nThe man had just bitten him.\n");
    const QString ref1 = writeMetricFile(m_dir, "ref1.txt",
                                         "The dog bit the man.\nIt was not unexpected.\nThe man bit him first.\n");
    const QString ref2 = writeMetricFile(m_dir, "ref2.txt",
                                         "The dog had bit the man.\r\nNo one was surprised.\r\nThe man had bitten the dog.");
    const auto r = runCli({"eval", "bleu", "--hyp", hyp, "--ref", ref1, "--ref", ref2, "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = lastJsonObject(r);
    QVERIFY2(std::abs(o["score"].toDouble() - 48.530827) < 1e-6, qPrintable(r.all()));
    QCOMPARE(o["signature"].toString(), QString("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"));
    QCOMPARE(o["n"].toInt(), 3);
    QCOMPARE(o["precisions"].toArray().size(), 4);
    QVERIFY(o.contains("bp") && o.contains("ratio") && o.contains("hyp_len") && o.contains("ref_len"));
    // Tokenization off gives the suite's other figure, 49.1919566.
    const auto none = runCli({"eval", "bleu", "--hyp", hyp, "--ref", ref1, "--ref", ref2, "--tokenize", "none", "--json"});
    QVERIFY(std::abs(lastJsonObject(none)["score"].toDouble() - 49.1919566) < 1e-6);
    // The human line is sacreBLEU's text format.
    const auto human = runCli({"eval", "bleu", "--hyp", hyp, "--ref", ref1, "--ref", ref2});
    QVERIFY2(human.out.startsWith("BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0 = 48.53 "),
             qPrintable(human.all()));
    // Floor smoothing shows in the signature.
    const auto floor = runCli({"eval", "bleu", "--hyp", hyp, "--ref", ref1, "--smooth", "floor", "--json"});
    QVERIFY(lastJsonObject(floor)["signature"].toString().contains("smooth:floor[0.10]"));
}

void TestCliEvalMetrics::chrfAndChrfPlusPlus()
{
    // "aa" vs "ab" with beta 3: 25 (sacreBLEU's test_chrf.py, default averaging).
    const QString hyp = writeMetricFile(m_dir, "chrf_hyp.txt", "aa\n");
    const QString ref = writeMetricFile(m_dir, "chrf_ref.txt", "ab\n");
    const auto r = runCli({"eval", "chrf", "--hyp", hyp, "--ref", ref, "--beta", "3", "--json"});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(std::abs(lastJsonObject(r)["score"].toDouble() - 25.0) < 1e-9, qPrintable(r.all()));
    QCOMPARE(lastJsonObject(r)["n"].toInt(), 1);
    // chrF++ over "a b c" / "a b d" with characters off: words 2/3, bigrams 1/2 -> 7/12.
    const QString hyp2 = writeMetricFile(m_dir, "chrf_hyp2.txt", "a b c\n");
    const QString ref2 = writeMetricFile(m_dir, "chrf_ref2.txt", "a b d\n");
    const auto plus = runCli({"eval", "chrf", "--hyp", hyp2, "--ref", ref2, "--char-order", "0", "--word-order", "2", "--json"});
    QCOMPARE(plus.exitCode, 0);
    const QJsonObject o = lastJsonObject(plus);
    QVERIFY(std::abs(o["score"].toDouble() - 700.0 / 12) < 1e-9);
    QCOMPARE(o["signature"].toString(), QString("nrefs:1|case:mixed|eff:yes|nc:0|nw:2|space:no|version:2.6.0"));
}

void TestCliEvalMetrics::rougeF1AndStemming()
{
    // Segment 1: "testing" against "testing one two": rouge1 F 1/2, rougeL F 1/2, no bigram.
    // Segment 2: "cat runs" against "cats running": nothing matches unless stemmed.
    const QString hyp = writeMetricFile(m_dir, "rouge_hyp.txt", "testing\ncat runs\n");
    const QString ref = writeMetricFile(m_dir, "rouge_ref.txt", "testing one two\ncats running\n");
    const auto plain = runCli({"eval", "rouge", "--hyp", hyp, "--ref", ref, "--json"});
    QCOMPARE(plain.exitCode, 0);
    QJsonObject o = lastJsonObject(plain);
    QCOMPARE(o["n"].toInt(), 2);
    QVERIFY2(std::abs(o["rouge1"].toDouble() - 0.25) < 1e-9, qPrintable(plain.all()));
    QVERIFY(std::abs(o["rouge2"].toDouble()) < 1e-9);
    QVERIFY(std::abs(o["rougeL"].toDouble() - 0.25) < 1e-9);
    QVERIFY(std::abs(o["rougeLsum"].toDouble() - 0.25) < 1e-9);
    const auto stemmed = runCli({"eval", "rouge", "--hyp", hyp, "--ref", ref, "--stem", "--json"});
    o = lastJsonObject(stemmed);
    // Stemmed, segment 2 is exact: rouge1 (1/2 + 1) / 2, rouge2 (0 + 1) / 2.
    QVERIFY(std::abs(o["rouge1"].toDouble() - 0.75) < 1e-9);
    QVERIFY(std::abs(o["rouge2"].toDouble() - 0.5) < 1e-9);
}

void TestCliEvalMetrics::rougeLsumFromJsonLinesSegments()
{
    // By hand: reference "the cat sat\nthe dog ran", hypothesis the same two sentences
    // swapped. As one sequence the LCS is 3 of 6 tokens (rougeL 0.5); sentence by sentence
    // each reference sentence's union LCS covers all three of its tokens (rougeLsum 1).
    const QString hyp = writeMetricFile(m_dir, "lsum_hyp.jsonl", "\"the dog ran\\nthe cat sat\"\n");
    const QString ref = writeMetricFile(m_dir, "lsum_ref.jsonl", "\"the cat sat\\nthe dog ran\"\n");
    const auto byHand = runCli({"eval", "rouge", "--hyp", hyp, "--ref", ref, "--json"});
    QVERIFY2(byHand.exitCode == 0, qPrintable(byHand.all()));
    QVERIFY2(std::abs(lastJsonObject(byHand)["rougeL"].toDouble() - 0.5) < 1e-9, qPrintable(byHand.all()));
    QVERIFY2(std::abs(lastJsonObject(byHand)["rougeLsum"].toDouble() - 1.0) < 1e-9, qPrintable(byHand.all()));

    // Several segments with repeated tokens (the per-token counts cap the hits), an empty
    // sentence and punctuation, against rouge_lsum_reference.py.
    const QString hyps = writeMetricFile(
        m_dir, "lsum_hyps.jsonl",
        "\"The police arrested the man.\\nThe man had stolen a car.\\nPolice said the car was red.\"\n"
        "\"a b c a\\n\\nb a c\"\n"
        "\"One sentence only, no break at all\"\n");
    const QString refs = writeMetricFile(
        m_dir, "lsum_refs.jsonl",
        "\"A man stole a red car.\\nPolice arrested the man on Monday.\"\n"
        "\"a a b\\nc b a\\nb b\"\n"
        "\"One sentence\\nonly, with a break\"\n");
    const auto r = runCli({"eval", "rouge", "--hyp", hyps, "--ref", refs, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QProcess python;
    python.start("/usr/bin/python3",
                 {QString::fromUtf8(sourceDir()) + "/tests/cli/rouge_lsum_reference.py", hyps, refs});
    QVERIFY(python.waitForFinished(30000));
    QCOMPARE(python.exitCode(), 0);
    const QJsonObject want = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    const QJsonObject got = lastJsonObject(r);
    QCOMPARE(got["n"].toInt(), 3);
    for (const char* key : {"rougeL", "rougeLsum"})
        QVERIFY2(std::abs(got[key].toDouble() - want[key].toDouble()) < 1e-9,
                 qPrintable(QString("%1: %2 vs reference %3").arg(key).arg(got[key].toDouble()).arg(want[key].toDouble())));
    QVERIFY(std::abs(got["rougeL"].toDouble() - got["rougeLsum"].toDouble()) > 1e-3);
}

void TestCliEvalMetrics::jsonLinesSegmentThatIsNotAStringNamesLine()
{
    const QString hyp = writeMetricFile(m_dir, "bad_hyp.jsonl", "\"fine\"\n{\"text\": \"an object\"}\n");
    const QString ref = writeMetricFile(m_dir, "plain_ref.txt", "fine\nfine\n");
    const auto r = runCli({"eval", "rouge", "--hyp", hyp, "--ref", ref});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(hyp + ":2") && r.err.contains("not a JSON string"), qPrintable(r.all()));
}

void TestCliEvalMetrics::mismatchedLineCountsNameBothFiles()
{
    const QString hyp = writeMetricFile(m_dir, "three.txt", "a\nb\nc\n");
    const QString ref = writeMetricFile(m_dir, "two.txt", "a\nb\n");
    for (const char* metric : {"bleu", "chrf", "rouge"}) {
        const auto r = runCli({"eval", metric, "--hyp", hyp, "--ref", ref, "--json"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(hyp) && r.err.contains(ref), qPrintable(r.all()));
        QVERIFY2(r.err.contains("3 lines") && r.err.contains("has 2"), qPrintable(r.all()));
    }
}

void TestCliEvalMetrics::invalidUtf8NamesFileAndLine()
{
    const QString hyp = writeMetricFile(m_dir, "bad_hyp.txt", "fine\nbad \xC3\x28 byte\n");
    const QString ref = writeMetricFile(m_dir, "good_ref.txt", "fine\nfine\n");
    const auto r = runCli({"eval", "bleu", "--hyp", hyp, "--ref", ref});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(hyp) && r.err.contains(":2"), qPrintable(r.all()));
}

LW_TEST_GUILESS_MAIN(TestCliEvalMetrics)
#include "test_cli_eval_metrics.moc"

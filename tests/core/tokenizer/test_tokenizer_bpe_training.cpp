// Byte-level BPE training: the trained files have the size asked for, load back (here
// and in the independent GPT-2 reference) with identical ids, round-trip, compress,
// are reproducible byte for byte, and training reports progress and can be cancelled.
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tokenizer_test_support.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <map>
#include <random>

using lw::tokenizer::TrainTokenizerOptions;
using lw::tokenizer::TrainTokenizerProgress;
using Ids = std::vector<int32_t>;

class TestTokenizerBpeTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void trainsTheVocabularySizeAsked();
    void mergesMatchNaiveReference();
    void automaticSizeStopsAtPairsSeenOnce();
    void trainedFilesLoadBackWithIdenticalIds();
    void referenceEncoderAgreesOnTrainedFiles();
    void decodeRestoresText();
    void compressesText();
    void sameCorpusGivesIdenticalFiles();
    void reportsProgressInOrder();
    void cancelStopsTraining();
    void trains8192OnMegabytesInSeconds();

private:
    TrainTokenizerOptions options(const std::string& folder, int32_t vocabSize) const;
    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }

    QTemporaryDir m_dir;
    std::string m_corpusPath;
    std::string m_corpus;
    std::string m_verdict;
    std::vector<std::string> m_texts;
    std::unique_ptr<lw::tokenizer::Tokenizer> m_trained;
};

void TestTokenizerBpeTraining::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_verdict = lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt"));
    m_texts = {m_verdict, lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/small-text-sample.txt"))};
    auto entries = nlohmann::json::parse(
        lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/instruction-data.json")));
    for (const auto& e : entries)
        m_texts.push_back(e["instruction"].get<std::string>() + "\n" + e["input"].get<std::string>() + "\n" +
                          e["output"].get<std::string>());
    // Documents separated the usual way; the separator must not be learned as text.
    for (const auto& t : m_texts)
        m_corpus += t + "<|endoftext|>";
    m_corpusPath = path("corpus.txt");
    std::ofstream(m_corpusPath, std::ios::binary) << m_corpus;
    m_trained = lw::tokenizer::trainTokenizer(options(path("bpe2000"), 2000));
}

TrainTokenizerOptions TestTokenizerBpeTraining::options(const std::string& folder, int32_t vocabSize) const
{
    TrainTokenizerOptions o;
    o.kind = "bpe";
    o.vocabSize = vocabSize;
    o.inputFiles = {m_corpusPath};
    o.outputPath = folder;
    return o;
}

void TestTokenizerBpeTraining::trainsTheVocabularySizeAsked()
{
    QCOMPARE(m_trained->vocabSize(), 2000);
    QCOMPARE(m_trained->kind(), std::string("bpe"));
    QCOMPARE(m_trained->eosId(), std::optional<int32_t>(1999));
    QCOMPARE(m_trained->tokenBytes(1999), std::string("<|endoftext|>"));
    // GPT-2's layout: the vocabulary is a JSON object of 2000 dense ids, and merges.txt
    // starts with its version line and holds at least one merge per learned token.
    auto vocab = nlohmann::json::parse(lw::test::readWholeFile(path("bpe2000/vocab.json")));
    QCOMPARE(vocab.size(), size_t(2000));
    QCOMPARE(vocab["<|endoftext|>"].get<int>(), 1999);
    QCOMPARE(vocab["!"].get<int>(), 0);      // bytes numbered in GPT-2's order
    QCOMPARE(vocab["\xc4\xa0"].get<int>(), 220); // "Ġ", the space byte, as in GPT-2
    std::string merges = lw::test::readWholeFile(path("bpe2000/merges.txt"));
    QVERIFY(merges.rfind("#version: 0.2\n", 0) == 0);
    QVERIFY(merges.back() == '\n');
    QVERIFY(std::count(merges.begin(), merges.end(), '\n') >= 1 + 2000 - 257);
    // No token spells the separator's pieces across its boundary: it was never counted.
    QVERIFY(m_trained->encode("<|endoftext|>", false).size() > 1);
}

void TestTokenizerBpeTraining::mergesMatchNaiveReference()
{
    // bpe_train_reference.py recounts every pair from scratch before each merge; the
    // incremental trainer must pick exactly the same merges in the same order.
    std::string smallCorpus = path("small.txt");
    std::ofstream(smallCorpus, std::ios::binary)
        << m_verdict << "<|endoftext|>"
        << lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/small-text-sample.txt"));
    TrainTokenizerOptions o = options(path("bpe600"), 600);
    o.inputFiles = {smallCorpus};
    lw::tokenizer::trainTokenizer(o);
    QByteArray expected;
    QVERIFY(lw::test::runPython({QString::fromStdString(lw::test::referenceScript("bpe_train_reference.py")), "600",
                                 QString::fromStdString(smallCorpus)},
                                expected));
    QVERIFY(expected.count('\n') > 300);
    QCOMPARE(QByteArray::fromStdString(lw::test::readWholeFile(path("bpe600/merges.txt"))), expected);
}

void TestTokenizerBpeTraining::automaticSizeStopsAtPairsSeenOnce()
{
    // A corpus far too small for 8192 tokens: the automatic size takes what it supports
    // instead of failing, exactly where the reference stops.
    const std::string smallCorpus = path("tiny.txt");
    std::ofstream(smallCorpus, std::ios::binary)
        << lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/small-text-sample.txt"));
    TrainTokenizerOptions o = options(path("bpe-auto"), lw::tokenizer::kAutoVocabSize);
    o.inputFiles = {smallCorpus};
    auto tok = lw::tokenizer::trainTokenizer(o);
    QVERIFY(tok->vocabSize() > 257 && tok->vocabSize() < lw::tokenizer::kAutoVocabLimit);
    QCOMPARE(tok->eosId(), std::optional<int32_t>(tok->vocabSize() - 1));
    QByteArray expected;
    QVERIFY(lw::test::runPython({QString::fromStdString(lw::test::referenceScript("bpe_train_reference.py")), "auto",
                                 QString::fromStdString(smallCorpus)},
                                expected));
    QCOMPARE(QByteArray::fromStdString(lw::test::readWholeFile(path("bpe-auto/merges.txt"))), expected);

    // An explicit size the corpus cannot reach is still an error that says so.
    o = options(path("bpe-too-big"), 8192);
    o.inputFiles = {smallCorpus};
    QVERIFY_THROWS_EXCEPTION(lw::Error, lw::tokenizer::trainTokenizer(o));
}

void TestTokenizerBpeTraining::trainedFilesLoadBackWithIdenticalIds()
{
    auto loaded = lw::tokenizer::loadTokenizer(path("bpe2000"));
    QCOMPARE(loaded->vocabSize(), 2000);
    QCOMPARE(loaded->encode(m_corpus), m_trained->encode(m_corpus));
    for (int32_t id = 0; id < 2000; ++id)
        QCOMPARE(loaded->tokenBytes(id), m_trained->tokenBytes(id));
}

void TestTokenizerBpeTraining::referenceEncoderAgreesOnTrainedFiles()
{
    // The files work in a GPT-2 encoder that knows nothing of this code.
    std::vector<lw::test::ReferenceInput> inputs;
    for (size_t i = 0; i < m_texts.size(); i += 5)
        inputs.push_back({m_texts[i]});
    inputs.push_back({"Long words: " + std::string(300, 'a') + " " + std::string(100, '!') + " end<|endoftext|>x"});
    std::vector<Ids> expected;
    QVERIFY(lw::test::runReference("gpt2_reference.py",
                                   {QString::fromStdString(path("bpe2000/vocab.json")),
                                    QString::fromStdString(path("bpe2000/merges.txt"))},
                                   inputs, expected));
    for (size_t i = 0; i < inputs.size(); ++i) {
        Ids ours = m_trained->encode(inputs[i].text);
        int64_t at = lw::test::firstDifference(ours, expected[i]);
        if (at >= 0)
            QFAIL(qPrintable(QString("input %1: first difference at token %2").arg(i).arg(at)));
    }
}

void TestTokenizerBpeTraining::decodeRestoresText()
{
    QCOMPARE(m_trained->decode(m_trained->encode(m_corpus)), m_corpus);
    std::mt19937 rng(3);
    for (int round = 0; round < 200; ++round) {
        std::string bytes;
        for (int i = 0, n = static_cast<int>(rng() % 120); i < n; ++i)
            bytes.push_back(static_cast<char>(rng() & 0xFF));
        QCOMPARE(m_trained->decode(m_trained->encode(bytes)), bytes);
    }
}

void TestTokenizerBpeTraining::compressesText()
{
    size_t tokens = m_trained->encode(m_verdict).size();
    // Each learned token stands for several bytes; a 2000-token vocabulary trained on
    // this text gets well under a token per two bytes.
    QVERIFY2(tokens * 2 < m_verdict.size(), qPrintable(QString("%1 tokens for %2 bytes").arg(tokens).arg(m_verdict.size())));
    auto small = lw::tokenizer::trainTokenizer(options(path("bpe400"), 400));
    QVERIFY(small->encode(m_verdict).size() > tokens);
}

void TestTokenizerBpeTraining::sameCorpusGivesIdenticalFiles()
{
    lw::tokenizer::trainTokenizer(options(path("again"), 2000));
    for (const char* file : {"vocab.json", "merges.txt"}) {
        std::string first = lw::test::readWholeFile(path("bpe2000/") + file);
        QVERIFY(!first.empty());
        QCOMPARE(lw::test::readWholeFile(path("again/") + file), first);
    }
}

void TestTokenizerBpeTraining::reportsProgressInOrder()
{
    std::vector<TrainTokenizerProgress> seen;
    lw::tokenizer::trainTokenizer(options(path("progress"), 1000), [&](const TrainTokenizerProgress& p) {
        seen.push_back(p);
        return true;
    });
    QVERIFY(seen.size() > 10);
    for (size_t i = 1; i < seen.size(); ++i)
        QVERIFY2(seen[i].fraction >= seen[i - 1].fraction, qPrintable(QString("step %1").arg(i)));
    QCOMPARE(seen.front().stage, std::string("counting"));
    QVERIFY(std::any_of(seen.begin(), seen.end(), [](const auto& p) { return p.stage == "merging"; }));
    QCOMPARE(seen.back().fraction, 1.0);
}

void TestTokenizerBpeTraining::cancelStopsTraining()
{
    int calls = 0;
    try {
        lw::tokenizer::trainTokenizer(options(path("cancelled"), 1000), [&](const TrainTokenizerProgress& p) {
            ++calls;
            return p.stage != "merging"; // cancel as soon as merging starts
        });
        QFAIL("expected cancellation");
    } catch (const lw::Error& e) {
        QCOMPARE(QString(e.what()), QString("cancelled"));
    }
    QVERIFY(calls > 0);
    QVERIFY(!std::filesystem::exists(path("cancelled/vocab.json")));
    QVERIFY(!std::filesystem::exists(path("cancelled/merges.txt")));
}

void TestTokenizerBpeTraining::trains8192OnMegabytesInSeconds()
{
    // About 2 MB of varied text: the corpus, then English-like text from an order-3
    // character Markov chain fitted to it (seeded), which keeps inventing new words, so
    // that 8192 tokens are there to be learned.
    std::map<std::string, std::string> followers; // 3-byte context -> every byte that followed it
    for (size_t i = 3; i < m_corpus.size(); ++i)
        followers[m_corpus.substr(i - 3, 3)].push_back(m_corpus[i]);
    std::string big = m_corpus;
    std::mt19937 rng(2024);
    std::string context = m_corpus.substr(0, 3);
    while (big.size() < 2'000'000) {
        auto it = followers.find(context);
        if (it == followers.end())
            it = followers.begin();
        char next = it->second[rng() % it->second.size()];
        big.push_back(next);
        context = context.substr(1) + next;
    }
    std::string bigPath = path("big.txt");
    std::ofstream(bigPath, std::ios::binary) << big;
    TrainTokenizerOptions o = options(path("bpe8192"), 8192);
    o.inputFiles = {bigPath};
    QElapsedTimer timer;
    timer.start();
    auto tok = lw::tokenizer::trainTokenizer(o);
    qint64 ms = timer.elapsed();
    qInfo("trained 8192 tokens on %.1f MB in %lld ms", big.size() / 1e6, ms);
    QCOMPARE(tok->vocabSize(), 8192);
    QVERIFY2(ms < 20000, qPrintable(QString("took %1 ms").arg(ms)));
    QCOMPARE(tok->decode(tok->encode(big)), big);
}

LW_TEST_GUILESS_MAIN(TestTokenizerBpeTraining)
#include "test_tokenizer_bpe_training.moc"

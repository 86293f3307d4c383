// Token files, window sampling and batches: exact round trips, the published chapter-5
// split of "The Verdict", and a shuffle that is a seeded permutation.
#include "core/data/batch_loader.h"
#include "core/data/dataset.h"
#include "core/data/token_file.h"
#include "core/data/window_sampler.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "shared_data.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <set>

using namespace lw;

namespace {

} // namespace

class TestTokenData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokenFileRoundTrips_data();
    void tokenFileRoundTrips();
    void damagedTokenFilesAreRefused();
    void verdictSplitMatchesTheBook();
    void shuffleIsASeededPermutationPerEpoch();
    void loaderResumesAtTheSamePosition();
    void idsOutsideTheModelVocabularyAreReported();
};

void TestTokenData::tokenFileRoundTrips_data()
{
    QTest::addColumn<qint64>("vocab");
    QTest::newRow("uint16") << qint64(50257);
    QTest::newRow("uint32") << qint64(100000);
}

void TestTokenData::tokenFileRoundTrips()
{
    QFETCH(qint64, vocab);
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.bin").toStdString();
    std::vector<int32_t> ids;
    for (int i = 0; i < 100000; ++i)
        ids.push_back(int32_t((int64_t(i) * 7919) % vocab));
    data::TokenFileWriter writer(path, uint64_t(vocab));
    writer.append(ids.data(), 40000);
    writer.append(ids.data() + 40000, ids.size() - 40000);
    writer.commit();
    data::TokenFile file(path);
    QCOMPARE(file.count(), uint64_t(ids.size()));
    QCOMPARE(file.vocabSize(), uint64_t(vocab));
    QCOMPARE(file.bytesPerToken(), vocab <= 65536 ? 2u : 4u);
    std::vector<int64_t> back(ids.size());
    file.read(0, ids.size(), back.data(), vocab);
    for (size_t i = 0; i < ids.size(); ++i)
        QCOMPARE(back[i], int64_t(ids[i]));
    // Byte-exact: the same ids written again give the same file.
    const std::string again = dir.filePath("u.bin").toStdString();
    data::TokenFileWriter second(again, uint64_t(vocab));
    second.append(ids);
    second.commit();
    QCOMPARE(util::readFile(again), util::readFile(path));
}

void TestTokenData::damagedTokenFilesAreRefused()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.bin").toStdString();
    data::TokenFileWriter writer(path, 1000);
    writer.append(std::vector<int32_t>(500, 7));
    writer.commit();
    std::string bytes = util::readFile(path);
    util::writeFileAtomic(path, bytes.substr(0, bytes.size() - 3));
    try {
        data::TokenFile file(path);
        QFAIL("a truncated file was accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("truncated"), e.what());
    }
    util::writeFileAtomic(path, "plain text, not tokens");
    QVERIFY_THROWS_EXCEPTION(Error, data::TokenFile{path});
    QVERIFY_THROWS_EXCEPTION(Error, data::TokenFileWriter(path, 1000).append(std::vector<int32_t>{5, 1000}));
}

void TestTokenData::verdictSplitMatchesTheBook()
{
    // "LLMs from scratch", chapter 5: the story is 5145 GPT-2 tokens; with a 90/10 split,
    // context 256, stride 256 and batch 2 there are 9 training batches and 1 validation
    // batch (shared/data/SOURCES.md).
    QTemporaryDir dir;
    auto tok = tokenizer::loadTokenizer(lw::test::sharedDataPath("llms-from-scratch/gpt2-bpe"));
    data::PrepareOptions options;
    options.inputs = {lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt")};
    options.outputDir = dir.filePath("verdict").toStdString();
    options.valFraction = 0.1;
    auto info = data::prepareTextDataset(options, *tok);
    QCOMPARE(info.totalTokens, int64_t(5145));
    QCOMPARE(info.documents, int64_t(1));
    data::TokenFile file(info.tokensPath());
    data::BatchLoader train(file, 0, uint64_t(info.trainTokens), 256, 256, 2, 123, true, 50257);
    data::BatchLoader val(file, uint64_t(info.trainTokens), uint64_t(info.totalTokens), 256, 256, 2, 123, false, 50257);
    QCOMPARE(train.batchesPerEpoch(), int64_t(9));
    QCOMPARE(val.batchesPerEpoch(), int64_t(1));
    auto reloaded = data::loadDataset(info.dir, true);
    QCOMPARE(reloaded.trainTokens, info.trainTokens);
}

void TestTokenData::shuffleIsASeededPermutationPerEpoch()
{
    data::WindowSampler sampler(100000, 64, 50, 42, true);
    const int64_t n = sampler.windowCount();
    QCOMPARE(n, int64_t((100000 - 65) / 50 + 1));
    std::vector<uint64_t> epoch0, epoch1;
    std::set<uint64_t> seen;
    for (int64_t i = 0; i < n; ++i) {
        epoch0.push_back(sampler.windowStart(0, i));
        epoch1.push_back(sampler.windowStart(1, i));
        seen.insert(epoch0.back());
        QVERIFY(epoch0.back() % 50 == 0 && epoch0.back() + 65 <= 100000);
    }
    QCOMPARE(int64_t(seen.size()), n); // every window exactly once
    QVERIFY(epoch0 != epoch1);         // a new order each epoch
    data::WindowSampler same(100000, 64, 50, 42, true), other(100000, 64, 50, 43, true);
    int differing = 0;
    for (int64_t i = 0; i < n; ++i) {
        QCOMPARE(same.windowStart(0, i), epoch0[size_t(i)]);
        differing += other.windowStart(0, i) != epoch0[size_t(i)];
    }
    QVERIFY(differing > n / 2);
    data::WindowSampler ordered(100000, 64, 50, 42, false);
    QCOMPARE(ordered.windowStart(0, 7), uint64_t(350));
}

void TestTokenData::loaderResumesAtTheSamePosition()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.bin").toStdString();
    data::TokenFileWriter writer(path, 5000);
    std::vector<int32_t> ids;
    for (int i = 0; i < 20000; ++i)
        ids.push_back(i % 5000);
    writer.append(ids);
    writer.commit();
    data::TokenFile file(path);
    data::BatchLoader a(file, 0, 20000, 32, 32, 4, 9, true, 5000);
    for (int i = 0; i < 700; ++i) // several epochs (625 windows, 156 batches per epoch)
        a.next();
    auto position = a.position();
    QVERIFY(position.epoch >= 4);
    auto [xa, ya] = a.next();
    data::BatchLoader b(file, 0, 20000, 32, 32, 4, 9, true, 5000);
    b.seek(position);
    auto [xb, yb] = b.next();
    QVERIFY(torch::equal(xa, xb));
    QVERIFY(torch::equal(ya, yb));
    // Targets are the inputs shifted by one token.
    QVERIFY(torch::equal(xa.narrow(1, 1, 31), ya.narrow(1, 0, 31)));
}

void TestTokenData::idsOutsideTheModelVocabularyAreReported()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("t.bin").toStdString();
    data::TokenFileWriter writer(path, 1000);
    writer.append(std::vector<int32_t>(200, 999));
    writer.commit();
    data::TokenFile file(path);
    data::BatchLoader loader(file, 0, 200, 16, 16, 2, 1, false, 512); // a model with a smaller vocabulary
    try {
        loader.next();
        QFAIL("out-of-vocabulary ids were accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("outside the model's vocabulary of 512"), e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestTokenData)
#include "test_token_data.moc"

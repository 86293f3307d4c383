// Fine-tuning batches from a packed sequence file: inputs are each example's tokens but
// the last, targets the next tokens where they receive loss (-1 elsewhere); padded rows,
// packed rows (positions restart per example, rows never overflow the context) and
// preference pairs (chosen, rejected) hold exactly the file's examples; an epoch visits
// every example once in a seeded order; a seek reproduces the batches that followed.
#include "core/finetune/sequence_batches.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <random>
#include <set>

using namespace lw;
using finetune::BatchLayout;
using finetune::SequenceBatcher;

namespace {

struct Example {
    std::vector<int32_t> ids;
    std::vector<uint8_t> loss;
};

// Rows of random length (2..maxLength) with loss on a random suffix (the "answer").
std::vector<Example> randomExamples(size_t count, int maxLength, uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::vector<Example> out;
    for (size_t i = 0; i < count; ++i) {
        Example e;
        const int n = 2 + int(rng() % uint64_t(maxLength - 1));
        const int answerStart = 1 + int(rng() % uint64_t(n - 1));
        for (int t = 0; t < n; ++t) {
            e.ids.push_back(int32_t(1 + rng() % 90));
            e.loss.push_back(t >= answerStart ? 1 : 0);
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::string writeFile(const QTemporaryDir& dir, const std::vector<Example>& examples, shape::PackedKind kind)
{
    const std::string path = dir.filePath(kind == shape::PackedKind::Sft ? "sft.bin" : "preference.bin").toStdString();
    shape::PackedSequenceWriter writer(path, kind, 100, 0, 0);
    const size_t perRow = kind == shape::PackedKind::Sft ? 1 : 2;
    for (size_t r = 0; r * perRow < examples.size(); ++r) {
        std::vector<const std::vector<int32_t>*> ids;
        std::vector<const std::vector<uint8_t>*> loss;
        for (size_t s = 0; s < perRow; ++s) {
            ids.push_back(&examples[r * perRow + s].ids);
            loss.push_back(&examples[r * perRow + s].loss);
        }
        writer.addRow(r, ids, loss);
    }
    writer.commit();
    return path;
}

std::vector<uint64_t> allRows(uint64_t n)
{
    std::vector<uint64_t> rows(n);
    for (uint64_t i = 0; i < n; ++i)
        rows[i] = i;
    return rows;
}

// The (inputs, targets) an example must give, computed here from the definition.
std::pair<std::vector<int64_t>, std::vector<int64_t>> expectedOf(const Example& e)
{
    std::vector<int64_t> in, tg;
    for (size_t t = 0; t + 1 < e.ids.size(); ++t) {
        in.push_back(e.ids[t]);
        tg.push_back(e.loss[t + 1] ? e.ids[t + 1] : -1);
    }
    return {in, tg};
}

} // namespace

class TestSequenceBatches : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void paddedRowsHoldTheExamples()
    {
        QTemporaryDir dir;
        const auto examples = randomExamples(10, 12, 1);
        const std::string path = writeFile(dir, examples, shape::PackedKind::Sft);
        shape::PackedSequenceFile file(path);
        SequenceBatcher b(file, allRows(10), BatchLayout::Padding, 3, 16, 7, false);
        const auto batch = b.batchOf({0, 4, 9});
        QCOMPARE(batch.inputs.size(0), 3);
        int64_t width = 0;
        for (size_t m : {0, 4, 9})
            width = std::max<int64_t>(width, int64_t(examples[m].ids.size()) - 1);
        QCOMPARE(batch.inputs.size(1), width); // padded to the longest, not to the context
        int64_t loss = 0;
        size_t row = 0;
        for (size_t m : {0, 4, 9}) {
            const auto [in, tg] = expectedOf(examples[m]);
            for (int64_t t = 0; t < width; ++t) {
                const bool real = size_t(t) < in.size();
                QCOMPARE(batch.inputs[int64_t(row)][t].item<int64_t>(), real ? in[size_t(t)] : 0);
                QCOMPARE(batch.targets[int64_t(row)][t].item<int64_t>(), real ? tg[size_t(t)] : -1);
                loss += real && tg[size_t(t)] >= 0;
            }
            QCOMPARE(batch.sequences[row], uint64_t(m));
            ++row;
        }
        QCOMPARE(batch.lossTokens, loss);
        QVERIFY(!batch.positions.defined());
    }

    void packedRowsKeepExamplesApart()
    {
        QTemporaryDir dir;
        const auto examples = randomExamples(40, 12, 2);
        const std::string path = writeFile(dir, examples, shape::PackedKind::Sft);
        shape::PackedSequenceFile file(path);
        const int64_t context = 24;
        SequenceBatcher b(file, allRows(40), BatchLayout::Packing, 2, context, 3, true);
        // Over one epoch every example appears, whole, with positions 0..n-2 (the last
        // batch of an epoch may go on into the next one).
        std::multiset<std::vector<int64_t>> seen;
        int64_t examplesSeen = 0;
        while (examplesSeen < 40) {
            const auto batch = b.next();
            QVERIFY(batch.inputs.size(0) <= 2);
            QCOMPARE(batch.inputs.size(1), context);
            examplesSeen += batch.examples;
            for (int64_t r = 0; r < batch.inputs.size(0); ++r) {
                std::vector<int64_t> current;
                for (int64_t t = 0; t < context; ++t) {
                    const int64_t p = batch.positions[r][t].item<int64_t>();
                    if (p == 0 && !current.empty()) {
                        seen.insert(current);
                        current.clear();
                    }
                    QVERIFY(p == 0 || p == batch.positions[r][t - 1].item<int64_t>() + 1);
                    current.push_back(batch.inputs[r][t].item<int64_t>());
                }
                seen.insert(current);
            }
        }
        // Each example's inputs occur as one segment (a segment may be padding: zeros).
        for (const auto& e : examples) {
            const auto [in, tg] = expectedOf(e);
            QVERIFY2(seen.count(in) >= 1, "an example is missing or split across rows");
        }
    }

    void packedAndPaddedHoldTheSameTargets()
    {
        QTemporaryDir dir;
        const auto examples = randomExamples(12, 10, 3);
        const std::string path = writeFile(dir, examples, shape::PackedKind::Sft);
        shape::PackedSequenceFile file(path);
        SequenceBatcher b(file, allRows(12), BatchLayout::Packing, 4, 32, 3, false);
        std::vector<size_t> members{0, 1, 2, 3, 4, 5};
        const auto packed = b.packedBatchOf(members);
        const auto padded = b.batchOf(members);
        QCOMPARE(packed.lossTokens, padded.lossTokens);
        QCOMPARE(packed.tokens, padded.tokens);
        // The multiset of (input, target) pairs with loss is the same.
        auto pairsOf = [](const finetune::SequenceBatch& x) {
            std::multiset<std::pair<int64_t, int64_t>> s;
            auto in = x.inputs.flatten(), tg = x.targets.flatten();
            for (int64_t i = 0; i < in.numel(); ++i)
                if (tg[i].item<int64_t>() >= 0)
                    s.insert({in[i].item<int64_t>(), tg[i].item<int64_t>()});
            return s;
        };
        QVERIFY(pairsOf(packed) == pairsOf(padded));
    }

    void pairsComeChosenThenRejected()
    {
        QTemporaryDir dir;
        const auto examples = randomExamples(8, 9, 4); // 4 rows of (chosen, rejected)
        const std::string path = writeFile(dir, examples, shape::PackedKind::Preference);
        shape::PackedSequenceFile file(path);
        SequenceBatcher b(file, allRows(4), BatchLayout::Pairs, 2, 16, 5, false);
        const auto batch = b.batchOf({1, 3});
        QCOMPARE(batch.inputs.size(0), 4);
        QCOMPARE(batch.examples, int64_t(2));
        QCOMPARE(batch.sequences, (std::vector<uint64_t>{2, 3, 6, 7}));
        const auto [in, tg] = expectedOf(examples[3]);
        for (size_t t = 0; t < in.size(); ++t)
            QCOMPARE(batch.inputs[1][int64_t(t)].item<int64_t>(), in[t]);
        // A preference file refuses the SFT layouts, and an SFT file the pairs layout.
        QVERIFY_THROWS_EXCEPTION(Error, SequenceBatcher(file, allRows(4), BatchLayout::Padding, 2, 16, 5, false));
    }

    void epochsAreSeededPermutationsAndSeekResumes()
    {
        QTemporaryDir dir;
        const auto examples = randomExamples(9, 6, 5);
        const std::string path = writeFile(dir, examples, shape::PackedKind::Sft);
        shape::PackedSequenceFile file(path);
        SequenceBatcher a(file, allRows(9), BatchLayout::Padding, 2, 16, 11, true);
        std::vector<std::vector<uint64_t>> drawn;
        std::map<uint64_t, int> count;
        for (int i = 0; i < 9; ++i) { // two epochs of 9 examples in batches of 2
            auto batch = a.next();
            drawn.push_back(batch.sequences);
            for (auto s : batch.sequences)
                count[s] += 1;
        }
        for (uint64_t s = 0; s < 9; ++s)
            QCOMPARE(count[s], 2);
        // Resume from the position after the fourth batch: the same batches follow.
        SequenceBatcher b(file, allRows(9), BatchLayout::Padding, 2, 16, 11, true);
        for (int i = 0; i < 4; ++i)
            b.next();
        SequenceBatcher c(file, allRows(9), BatchLayout::Padding, 2, 16, 11, true);
        c.seek(b.position());
        for (int i = 4; i < 9; ++i)
            QCOMPARE(c.next().sequences, drawn[size_t(i)]);
        QVERIFY_THROWS_EXCEPTION(Error, c.seek({0, 10}));
    }

    void packingRefusesExamplesLongerThanTheContext()
    {
        QTemporaryDir dir;
        const auto examples = randomExamples(5, 30, 6);
        const std::string path = writeFile(dir, examples, shape::PackedKind::Sft);
        shape::PackedSequenceFile file(path);
        size_t longest = 0;
        for (const auto& e : examples)
            longest = std::max(longest, e.ids.size());
        QVERIFY_THROWS_EXCEPTION(Error, SequenceBatcher(file, allRows(5), BatchLayout::Packing, 2,
                                                        int64_t(longest) - 2, 1, false));
        SequenceBatcher ok(file, allRows(5), BatchLayout::Packing, 2, int64_t(longest) - 1, 1, false);
        QVERIFY(ok.next().examples >= 1);
    }
};

LW_TEST_GUILESS_MAIN(TestSequenceBatches)
#include "test_sequence_batches.moc"

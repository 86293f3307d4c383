// Splits are seeded, stable and keep groups together; statistics match hand counts.
#include "core/records/importer.h"
#include "core/records/record_file.h"
#include "core/records/splits.h"
#include "core/records/stats.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "shared_data.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <random>
#include <xxhash.h>

using namespace lw;
using namespace lw::records;
using lw::test::sharedDataPath;
using Json = nlohmann::json;

namespace {

DatasetVersion importInto(const QTemporaryDir& dir, const std::vector<std::string>& inputs)
{
    ImportOptions options;
    options.inputs = inputs;
    options.outputDir = dir.filePath("out").toStdString();
    return importDataset(options).version;
}

std::string writeJsonl(const QTemporaryDir& dir, const std::string& name, const std::vector<Json>& rows)
{
    std::string text;
    for (const auto& r : rows)
        text += r.dump() + "\n";
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    util::writeFileAtomic(path, text);
    return path;
}

} // namespace

class TestRecordsSplitsStats : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitFollowsTheSeededHashOfEachRow()
    {
        QTemporaryDir dir;
        auto v = importInto(dir, {sharedDataPath("llms-from-scratch/instruction-data.json")});
        SplitOptions o;
        o.train = 0.8;
        o.validation = 0.1;
        o.test = 0.1;
        o.seed = 7;
        assignSplits(v, o);
        const auto splits = loadSplits(v);
        QCOMPARE(int64_t(splits.size()), v.rows);
        // The rule written out again: the row number in decimal, XXH3-64 with the seed,
        // the top 53 bits as a fraction, cut at 0.8 and 0.9.
        int64_t counts[3] = {0, 0, 0};
        for (size_t row = 0; row < splits.size(); ++row) {
            const std::string key = std::to_string(row);
            const double u = double(XXH3_64bits_withSeed(key.data(), key.size(), 7) >> 11) / 9007199254740992.0;
            const Split want = u < 0.8 ? Split::Train : u < 0.9 ? Split::Validation : Split::Test;
            QCOMPARE(int(splits[row]), int(want));
            ++counts[int(want)];
        }
        QCOMPARE(v.splits["train"].get<int64_t>(), counts[0]);
        QCOMPARE(v.splits["validation"].get<int64_t>(), counts[1]);
        QCOMPARE(v.splits["test"].get<int64_t>(), counts[2]);
        // Binomial: 1100 rows at p = 0.1 give 110 +- 10 (one sigma); allow five.
        QVERIFY(std::abs(counts[1] - 110) < 50);
        QVERIFY(std::abs(counts[0] - 880) < 67);
        // Another seed gives another assignment; the same seed the same one.
        auto again = v;
        assignSplits(again, o);
        QCOMPARE(loadSplits(again), splits);
        o.seed = 8;
        assignSplits(again, o);
        QVERIFY(loadSplits(again) != splits);
    }

    void groupedRowsStayTogether()
    {
        QTemporaryDir dir;
        std::vector<Json> rows;
        for (int i = 0; i < 300; ++i) // 30 prompts, each asked ten times with different answers
            rows.push_back({{"instruction", "question " + std::to_string(i % 30)}, {"output", std::to_string(i)}});
        auto v = importInto(dir, {writeJsonl(dir, "g.jsonl", rows)});
        SplitOptions o;
        o.train = 0.5;
        o.validation = 0.25;
        o.test = 0.25;
        o.groupBy = "prompt";
        assignSplits(v, o);
        const auto splits = loadSplits(v);
        for (size_t i = 0; i < rows.size(); ++i)
            QCOMPARE(int(splits[i]), int(splits[i % 30]));
        QCOMPARE(v.splits["group_by"].get<std::string>(), std::string("prompt"));
    }

    void nearDuplicatesNeverStraddleTwoSplits()
    {
        QTemporaryDir dir;
        std::mt19937_64 rng(5);
        auto words = [&](int n) {
            std::string text;
            for (int i = 0; i < n; ++i)
                text += (i ? " " : "") + std::string("w") + std::to_string(rng() % 3000);
            return text;
        };
        // 60 originals of 80 words, each followed by two paraphrases that add one word
        // (5-word shingle Jaccard about 0.94: one near-duplicate cluster of three rows).
        std::vector<Json> rows;
        for (int i = 0; i < 60; ++i) {
            const std::string text = words(80);
            rows.push_back({{"text", text}});
            rows.push_back({{"text", text + " extra"}});
            rows.push_back({{"text", "start " + text}});
        }
        auto v = importInto(dir, {writeJsonl(dir, "n.jsonl", rows)});
        SplitOptions o;
        o.train = 0.5;
        o.validation = 0.25;
        o.test = 0.25;
        o.groupBy = "near_duplicates";
        assignSplits(v, o);
        const auto splits = loadSplits(v);
        int straddling = 0;
        for (size_t c = 0; c < 60; ++c)
            straddling += splits[3 * c] != splits[3 * c + 1] || splits[3 * c] != splits[3 * c + 2];
        QCOMPARE(straddling, 0);
        // By row, with the same seed, clusters do straddle: the grouping is what keeps them together.
        o.groupBy.clear();
        assignSplits(v, o);
        const auto byRow = loadSplits(v);
        straddling = 0;
        for (size_t c = 0; c < 60; ++c)
            straddling += byRow[3 * c] != byRow[3 * c + 1] || byRow[3 * c] != byRow[3 * c + 2];
        QVERIFY(straddling > 10);
    }

    void badSplitOptionsAreNamed()
    {
        QTemporaryDir dir;
        auto v = importInto(dir, {sharedDataPath("llms-from-scratch/instruction-data.json")});
        SplitOptions o;
        o.train = 0.9;
        o.validation = 0.2;
        try {
            assignSplits(v, o);
            QFAIL("fractions above 1 must be refused");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("--train") == 0, e.what());
        }
        o = SplitOptions{};
        o.groupBy = "colour";
        QVERIFY_THROWS_EXCEPTION(Error, assignSplits(v, o));
    }

    void statisticsMatchHandCounts()
    {
        QTemporaryDir dir;
        const std::vector<Json> rows{
            {{"text", "Hello"}},
            {{"text", "hello   WORLD"}},       // "hello world" after folding, 13 code points as written
            {{"text", "Hello World"}},         // a duplicate of the row above once folded
            {{"text", " "}},                   // empty after trimming
            {{"text", "Mô hình ngôn ngữ học từ dữ liệu văn bản lớn. Chúng tôi huấn luyện nó trên máy tính của mình mỗi ngày."}},
            {{"text", "The quick brown fox jumps over the lazy dog while the farmer watches from his porch every morning."}},
        };
        auto v = importInto(dir, {writeJsonl(dir, "s.jsonl", rows)});
        const auto s = computeStats(v, [](std::string_view t) {
            // A stand-in token count: words separated by single spaces.
            int64_t n = 0;
            bool in = false;
            for (char c : t) {
                if (c == ' ' || c == '\n')
                    in = false;
                else if (!in)
                    in = true, ++n;
            }
            return n;
        });
        QCOMPARE(s.rows, int64_t(6));
        QCOMPARE(s.kinds.at("text"), int64_t(6));
        // Code points by hand: 5, 13, 11, 1, 101 (the Vietnamese row, precomposed), 98.
        QCOMPARE(countCodePoints("Mô hình ngôn ngữ học từ dữ liệu văn bản lớn."), int64_t(44));
        QCOMPARE(s.chars.max, 101.0);
        QCOMPARE(s.chars.mean, (5 + 13 + 11 + 1 + 101 + 98) / 6.0);
        // Sorted: 1 5 11 13 98 101; nearest rank: p50 = 3rd = 11, p95 = 6th = 101.
        QCOMPARE(s.chars.p50, 11.0);
        QCOMPARE(s.chars.p95, 101.0);
        int64_t inBins = 0;
        for (auto c : s.chars.counts)
            inBins += c;
        QCOMPARE(inBins, int64_t(6));
        QVERIFY(s.tokens.has_value());
        QCOMPARE(s.tokens->max, 23.0); // the Vietnamese row has 23 words
        QCOMPARE(s.emptyFields.at("text"), int64_t(1));
        QCOMPARE(s.exactDuplicates, int64_t(1));
        QCOMPARE(s.languages.count("vi"), size_t(1));
        QCOMPARE(s.languages.count("en"), size_t(1));
        QCOMPARE(s.splits.at("all").rows, int64_t(6));
    }
};

LW_TEST_GUILESS_MAIN(TestRecordsSplitsStats)
#include "test_records_splits_stats.moc"

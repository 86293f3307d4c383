// Recipes over real dataset versions: each step's rows in and out equal what was planted,
// removed rows carry their reasons, a re-run gives the same bytes, and bad recipes are
// refused with the step and field named before any row is read.
#include "core/records/importer.h"
#include "core/records/recipe.h"
#include "core/records/record_file.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>
#include <random>

using namespace lw;
using namespace lw::records;
using Json = nlohmann::json;

namespace {

const std::vector<std::string> kWords = [] {
    std::vector<std::string> words;
    for (int i = 0; i < 5000; ++i)
        words.push_back("w" + std::to_string(i));
    return words;
}();

std::vector<std::string> randomWords(std::mt19937_64& rng, int n)
{
    std::vector<std::string> words;
    for (int i = 0; i < n; ++i)
        words.push_back(kWords[rng() % kWords.size()]);
    return words;
}

std::string join(const std::vector<std::string>& words)
{
    std::string text;
    for (const auto& w : words)
        text += (text.empty() ? "" : " ") + w;
    return text;
}

DatasetVersion importRows(const QTemporaryDir& dir, const std::vector<Json>& rows, const std::string& name = "base")
{
    std::string text;
    for (const auto& r : rows)
        text += r.dump() + "\n";
    const std::string path = dir.filePath(QString::fromStdString(name + ".jsonl")).toStdString();
    util::writeFileAtomic(path, text);
    ImportOptions options;
    options.inputs = {path};
    options.name = name;
    options.outputDir = dir.filePath(QString::fromStdString(name)).toStdString();
    return importDataset(options).version;
}

std::string errorOf(const Json& recipe)
{
    try {
        parseRecipe(recipe, {});
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

class TestRecordsRecipe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plantedRowsAreRemovedStepByStep()
    {
        QTemporaryDir dir;
        std::mt19937_64 rng(42);
        std::vector<Json> rows;
        // 200 distinct instruction rows with 120-word answers (random words: no natural duplicates).
        std::vector<std::string> answers;
        for (int i = 0; i < 200; ++i) {
            answers.push_back(join(randomWords(rng, 120)));
            rows.push_back({{"instruction", "Question " + std::to_string(i)}, {"output", answers.back()}});
        }
        // 10 exact copies (case and spacing changed), 15 near copies (2 of 120 words changed:
        // the 5-word shingles then overlap with Jaccard about (116-10)/(116+10) = 0.84 or more),
        // 5 rows with an empty answer, 4 whose answer repeats the prompt.
        for (int i = 0; i < 10; ++i) {
            std::string upper = answers[i];
            for (auto& c : upper)
                c = char(std::toupper(c));
            rows.push_back({{"instruction", "Question " + std::to_string(i)}, {"output", "  " + upper + "  "}});
        }
        for (int i = 20; i < 35; ++i) {
            std::string a = answers[i];
            a.replace(a.find(' ') + 1, 0, "inserted ");
            a += " appended";
            rows.push_back({{"instruction", "Question " + std::to_string(i)}, {"output", a}});
        }
        for (int i = 0; i < 5; ++i)
            rows.push_back({{"instruction", "Empty " + std::to_string(i)}, {"output", "   "}});
        for (int i = 0; i < 4; ++i)
            rows.push_back({{"instruction", "Say exactly this " + std::to_string(i)},
                            {"output", "say EXACTLY this " + std::to_string(i)}});
        auto base = importRows(dir, rows);
        QCOMPARE(base.rows, int64_t(234));

        const Json recipe = Json::parse(R"([
            {"step": "instruction_sanity"},
            {"step": "exact_dedup", "field": "answer"},
            {"step": "near_dedup", "field": "answer", "threshold": 0.7, "ngram": 5},
            {"step": "length", "unit": "words", "min": 1}
        ])");
        auto out = runRecipe(base, recipe, "clean", dir.filePath("clean").toStdString(), {});
        QCOMPARE(out.steps.size(), size_t(4));
        QCOMPARE(out.steps[0].rowsIn, int64_t(234));
        QCOMPARE(out.steps[0].rowsOut, int64_t(225)); // 5 empty + 4 echoes
        QCOMPARE(out.steps[1].rowsOut, int64_t(215)); // 10 exact copies
        QCOMPARE(out.steps[2].rowsOut, int64_t(200)); // 15 near copies
        QCOMPARE(out.steps[3].rowsOut, int64_t(200));
        QCOMPARE(out.rows, int64_t(200));
        QCOMPARE(out.parent, std::string("base"));
        QCOMPARE(out.recipe, recipe);
        // Removed samples name the row, its source line and the reason.
        const Json& sample = out.steps[1].removedSamples[0];
        QCOMPARE(sample["row"].get<int64_t>(), int64_t(200));
        QCOMPARE(sample["source"]["line"].get<int64_t>(), int64_t(201));
        QVERIFY(!sample["reason"].get<std::string>().empty());
        QVERIFY(out.steps[2].removedSamples[0]["reason"].get<std::string>().find("near duplicate") != std::string::npos);
        // The kept rows are the 200 originals, in order, each from its own line.
        std::vector<int64_t> lines;
        forEachRecord(out.recordsPath(), [&](Record& r, int64_t) {
            lines.push_back(r.source.line);
            return true;
        });
        for (int64_t i = 0; i < 200; ++i)
            QCOMPARE(lines[size_t(i)], i + 1);
        // The same recipe on the same input: the same bytes.
        auto again = runRecipe(base, recipe, "clean2", dir.filePath("clean2").toStdString(), {});
        QCOMPARE(again.recordsSha256, out.recordsSha256);
        QCOMPARE(util::readFile(again.recordsPath()), util::readFile(out.recordsPath()));
    }

    void piiIsScrubbedAndCounted()
    {
        QTemporaryDir dir;
        auto base = importRows(dir, {{{"text", "Write to jane.doe@example.com or call +44 20 7946 0958 today."}},
                                     {{"text", "Version 1.2.3 shipped in 2024 for $19.99."}}});
        auto out = runRecipe(base, Json::parse(R"([{"step": "pii"}])"), "scrubbed", dir.filePath("s").toStdString(), {});
        QCOMPARE(out.steps[0].changed, int64_t(1));
        std::vector<std::string> texts;
        forEachRecord(out.recordsPath(), [&](Record& r, int64_t) {
            texts.push_back(r.text);
            return true;
        });
        QCOMPARE(texts[0], std::string("Write to <EMAIL> or call <PHONE> today."));
        QCOMPARE(texts[1], std::string("Version 1.2.3 shipped in 2024 for $19.99."));
    }

    void languageAndRegexSteps()
    {
        QTemporaryDir dir;
        auto base = importRows(
            dir, {{{"text", "Hôm nay trời đẹp, chúng tôi đi dạo trong công viên và nói chuyện về mô hình ngôn ngữ."}},
                  {{"text", "Today the weather is lovely, and we walked in the park talking about language models."}},
                  {{"text", "As an AI language model I cannot walk in the park, but the weather sounds lovely."}}});
        auto vi = runRecipe(base, Json::parse(R"([{"step": "language", "keep": ["vi"]}])"), "vi",
                            dir.filePath("vi").toStdString(), {});
        QCOMPARE(vi.rows, int64_t(1));
        QVERIFY(vi.steps[0].removedSamples[0]["reason"].get<std::string>().find("en") != std::string::npos);
        auto noRefusals = runRecipe(base, Json::parse(R"([{"step": "regex", "exclude": "(?i)as an ai language model"}])"),
                                    "no-refusals", dir.filePath("r").toStdString(), {});
        QCOMPARE(noRefusals.rows, int64_t(2));
    }

    void pathologicalRegexRunsInLinearTime()
    {
        QTemporaryDir dir;
        // (a+)+$ against "aaaa...ab" takes a backtracking engine 2^n steps.
        std::vector<Json> rows;
        for (int i = 0; i < 20; ++i)
            rows.push_back({{"text", std::string(50000, 'a') + "b"}});
        auto base = importRows(dir, rows);
        QElapsedTimer timer;
        timer.start();
        auto out = runRecipe(base, Json::parse(R"([{"step": "regex", "exclude": "(a+)+$"}])"), "x",
                             dir.filePath("x").toStdString(), {});
        QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(out.rows, int64_t(20)); // no row ends in a run of a's
    }

    void badRecipesNameStepAndField()
    {
        QVERIFY(errorOf(Json::parse(R"([{"step": "exact_dedup"}, {"step": "regex", "exlude": "x"}])"))
                    .find("recipe step 2 (regex)") != std::string::npos);
        QVERIFY(errorOf(Json::parse(R"([{"step": "regex", "exlude": "x"}])")).find("exlude") != std::string::npos);
        QVERIFY(errorOf(Json::parse(R"([{"step": "dedupe"}])")).find("unknown step 'dedupe'") != std::string::npos);
        QVERIFY(errorOf(Json::parse(R"([{"step": "near_dedup", "threshold": 1.5}])")).find("threshold") !=
                std::string::npos);
        QVERIFY(errorOf(Json::parse(R"([{"step": "near_dedup", "colour": 1}])")).find("colour") != std::string::npos);
        QVERIFY(errorOf(Json::parse(R"([{"step": "regex", "field": "colour", "exclude": "x"}])")).find("colour") !=
                std::string::npos);
        QVERIFY(errorOf(Json::parse(R"([{"step": "length", "unit": "tokens", "min": 3}])")).find("tokenizer") !=
                std::string::npos);
        QVERIFY(errorOf(Json::parse(R"({"step": "pii"})")).find("array") != std::string::npos);
    }

    void cancelLeavesNothing()
    {
        QTemporaryDir dir;
        auto base = importRows(dir, {{{"text", "one"}}, {{"text", "two"}}});
        QVERIFY_THROWS_EXCEPTION(Error, runRecipe(base, Json::parse(R"([{"step": "exact_dedup"}])"), "c",
                                                  dir.filePath("c").toStdString(), {},
                                                  [](const RecipeProgress&) { return false; }));
        QVERIFY(!QFileInfo::exists(dir.filePath("c")));
    }
};

LW_TEST_GUILESS_MAIN(TestRecordsRecipe)
#include "test_records_recipe.moc"

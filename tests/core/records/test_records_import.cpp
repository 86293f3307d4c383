// Import: every layout becomes the right records with the file and line they came from,
// malformed rows are named (file, line, field) and, when asked, kept aside in a report;
// compressed files read like plain ones. Expected values come from fixtures/expected.json,
// written by fixtures/make_fixtures.py with Python's json, csv and ast modules.
#include "core/records/importer.h"
#include "core/records/record_file.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "shared_data.h"
#include "test_paths.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <zlib.h>
#include <zstd.h>

using namespace lw;
using namespace lw::records;
using lw::test::sharedDataPath;
using Json = nlohmann::json;

namespace {

std::string fixture(const std::string& name)
{
    return std::string(lw::test::sourceDir()) + "/tests/core/records/fixtures/" + name;
}

const Json& expected()
{
    static const Json json = Json::parse(util::readFile(fixture("expected.json")));
    return json;
}

struct Imported {
    DatasetVersion version;
    std::vector<Record> records;
    std::vector<Json> rejected;
};

Imported importFiles(const std::vector<std::string>& inputs, const QTemporaryDir& dir, bool skipBad = true,
                     std::optional<Layout> layout = {})
{
    ImportOptions options;
    options.inputs = inputs;
    options.skipBadRows = skipBad;
    options.layout = layout;
    options.name = "t";
    options.outputDir = dir.filePath("out").toStdString();
    Imported out;
    out.version = importDataset(options).version;
    forEachRecord(out.version.recordsPath(), [&](Record& r, int64_t) {
        out.records.push_back(r);
        return true;
    });
    std::ifstream rejected(out.version.rejectedPath());
    for (std::string line; std::getline(rejected, line);)
        out.rejected.push_back(Json::parse(line));
    return out;
}

void checkLinesAndRejections(const Imported& got, const Json& want)
{
    QCOMPARE(got.records.size(), want["good_lines"].size());
    for (size_t i = 0; i < got.records.size(); ++i)
        QCOMPARE(got.records[i].source.line, want["good_lines"][i].get<int64_t>());
    QCOMPARE(got.rejected.size(), want["rejected"].size());
    for (size_t i = 0; i < got.rejected.size(); ++i) {
        QCOMPARE(got.rejected[i]["line"].get<int64_t>(), want["rejected"][i]["line"].get<int64_t>());
        QCOMPARE(QString::fromStdString(got.rejected[i]["field"].get<std::string>()),
                 QString::fromStdString(want["rejected"][i]["field"].get<std::string>()));
        QVERIFY(!got.rejected[i]["reason"].get<std::string>().empty());
    }
    QCOMPARE(got.version.rows, int64_t(got.records.size()));
    QCOMPARE(got.version.rejected, int64_t(got.rejected.size()));
}

std::string compressZstd(const std::string& bytes)
{
    std::string out(ZSTD_compressBound(bytes.size()), '\0');
    const size_t n = ZSTD_compress(out.data(), out.size(), bytes.data(), bytes.size(), 3);
    out.resize(n);
    return out;
}

std::string compressGzip(const std::string& bytes)
{
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&z, bytes.size()) + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    z.avail_in = static_cast<uInt>(bytes.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

} // namespace

class TestRecordsImport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void alpacaInstructionSet()
    {
        QTemporaryDir dir;
        const std::string path = sharedDataPath("llms-from-scratch/instruction-data.json");
        const Json& want = expected()["instruction-data.json"];
        auto got = importFiles({path}, dir, false);
        QCOMPARE(got.version.layout, std::string("alpaca"));
        QCOMPARE(got.version.kind, std::string("chat"));
        QCOMPARE(int64_t(got.records.size()), want["rows"].get<int64_t>());
        // Every record starts where its object starts in the file.
        for (size_t i = 0; i < got.records.size(); ++i)
            QCOMPARE(got.records[i].source.line, want["element_lines"][i].get<int64_t>());
        // The whole file parsed at once (a second reading) gives the same prompts and answers.
        const Json whole = Json::parse(util::readFile(path));
        int withInput = 0;
        for (size_t i = 0; i < whole.size(); ++i) {
            const auto& r = got.records[i];
            QCOMPARE(r.messages.size(), size_t(2));
            std::string prompt = whole[i]["instruction"].get<std::string>();
            if (!whole[i]["input"].get<std::string>().empty()) {
                prompt += "\n\n" + whole[i]["input"].get<std::string>();
                ++withInput;
            }
            QCOMPARE(r.messages[0].content, prompt);
            QCOMPARE(r.messages[1].content, whole[i]["output"].get<std::string>());
        }
        QCOMPARE(withInput, want["with_input"].get<int>());
        QCOMPARE(got.version.sources.size(), size_t(1));
        QCOMPARE(got.version.sources[0].rows, want["rows"].get<int64_t>());
        QCOMPARE(got.version.sources[0].sha256.size(), size_t(64));
    }

    void preferenceSet()
    {
        QTemporaryDir dir;
        const std::string path = sharedDataPath("llms-from-scratch/instruction-data-with-preference.json");
        auto got = importFiles({path}, dir, false);
        QCOMPARE(got.version.layout, std::string("preference"));
        const Json whole = Json::parse(util::readFile(path));
        QCOMPARE(got.records.size(), whole.size());
        for (size_t i = 0; i < whole.size(); ++i) {
            const auto& r = got.records[i];
            QCOMPARE(r.kind, RecordKind::Preference);
            QCOMPARE(r.chosen.size(), size_t(1));
            QCOMPARE(r.chosen[0].content, whole[i]["chosen"].get<std::string>());
            QCOMPARE(r.rejected[0].content, whole[i]["rejected"].get<std::string>());
            QCOMPARE(r.source.line, expected()["instruction-data-with-preference.json"]["element_lines"][i].get<int64_t>());
        }
    }

    void multipleChoiceCsv()
    {
        for (const char* name : {"mmlu_abstract_algebra.csv", "mmlu_high_school_physics.csv"}) {
            QTemporaryDir dir;
            auto got = importFiles({sharedDataPath(std::string("mmlu-redux/") + name)}, dir, false);
            const Json& want = expected()[name];
            QCOMPARE(got.version.layout, std::string("mc"));
            QCOMPARE(int64_t(got.records.size()), want["rows"].get<int64_t>());
            const std::vector<std::pair<const char*, const Record*>> ends{{"first", &got.records.front()},
                                                                          {"last", &got.records.back()}};
            for (const auto& [which, record] : ends) {
                QCOMPARE(record->question, want[which]["question"].get<std::string>());
                QCOMPARE(record->choices, want[which]["choices"].get<std::vector<std::string>>());
                QCOMPARE(record->answer, want[which]["answer"].get<int64_t>());
            }
            std::vector<int> histogram(4, 0);
            for (const auto& r : got.records)
                ++histogram.at(size_t(r.answer));
            QCOMPARE(histogram, want["answer_histogram"].get<std::vector<int>>());
        }
    }

    void malformedRowsAreNamedAndReported_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f : {"sharegpt_bad.jsonl", "messages_bad.jsonl", "alpaca_bad.json", "preference_bad.jsonl", "mc_bad.jsonl"})
            QTest::newRow(f) << QString(f);
    }
    void malformedRowsAreNamedAndReported()
    {
        QFETCH(QString, file);
        QTemporaryDir dir;
        const std::string path = fixture(file.toStdString());
        auto got = importFiles({path}, dir, true);
        checkLinesAndRejections(got, expected()[file.toStdString()]);
        for (const auto& r : got.rejected)
            QCOMPARE(r["file"].get<std::string>(), path);
    }

    void layoutDetailsSurviveConversion()
    {
        QTemporaryDir d1, d2, d3, d4;
        auto share = importFiles({fixture("sharegpt_bad.jsonl")}, d1);
        std::vector<std::vector<std::string>> last;
        for (const auto& m : share.records.back().messages)
            last.push_back({m.role, m.content});
        QCOMPARE(last, expected()["sharegpt_bad.jsonl"]["last_messages"].get<std::vector<std::vector<std::string>>>());
        QCOMPARE(share.records.front().messages[0].content, std::string("Chào bạn"));

        auto pref = importFiles({fixture("preference_bad.jsonl")}, d2);
        // The whole-conversation answers lose the prompt turns they repeat.
        QCOMPARE(pref.records[1].chosen.size(), size_t(1));
        QCOMPARE(pref.records[1].chosen[0].content, std::string("Hello!"));
        QCOMPARE(pref.records[1].rejected[0].content, std::string("Go away."));

        auto mc = importFiles({fixture("mc_bad.jsonl")}, d3);
        std::vector<int64_t> answers;
        for (const auto& r : mc.records)
            answers.push_back(r.answer);
        QCOMPARE(answers, expected()["mc_bad.jsonl"]["answers"].get<std::vector<int64_t>>());

        auto alpaca = importFiles({fixture("alpaca_bad.json")}, d4);
        QCOMPARE(alpaca.records[0].messages[0].content, expected()["alpaca_bad.json"]["first_user"].get<std::string>());
        QCOMPARE(alpaca.records[1].messages[0].content, std::string("Say hello.")); // empty input adds nothing
    }

    void csvAndTsv()
    {
        for (const char* name : {"texts.csv", "texts.tsv"}) {
            QTemporaryDir dir;
            auto got = importFiles({fixture(name)}, dir);
            const Json& want = expected()["texts.csv"];
            QCOMPARE(got.version.layout, std::string("text"));
            std::vector<std::string> texts;
            std::vector<int64_t> lines;
            for (const auto& r : got.records) {
                texts.push_back(r.text);
                lines.push_back(r.source.line);
            }
            QCOMPARE(texts, want["texts"].get<std::vector<std::string>>());
            QCOMPARE(lines, want["lines"].get<std::vector<int64_t>>());
            QCOMPARE(got.rejected.size(), size_t(1));
            QCOMPARE(got.rejected[0]["line"].get<int64_t>(), int64_t(6));
        }
    }

    void columnMappingRenamesFields()
    {
        QTemporaryDir dir;
        const std::string csv = dir.filePath("qa.csv").toStdString();
        util::writeFileAtomic(csv, "prompt_col,answer_col\nWhat is 1+1?,2\n\"Multi\nline\",yes\n");
        ImportOptions options;
        options.inputs = {csv};
        options.read.columnMap = {{"instruction", "prompt_col"}, {"output", "answer_col"}};
        options.outputDir = dir.filePath("out").toStdString();
        auto v = importDataset(options).version;
        QCOMPARE(v.layout, std::string("alpaca"));
        std::vector<Record> got;
        forEachRecord(v.recordsPath(), [&](Record& r, int64_t) {
            got.push_back(r);
            return true;
        });
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[1].messages[0].content, std::string("Multi\nline"));
        QCOMPARE(got[1].messages[1].content, std::string("yes"));
        QCOMPARE(got[1].source.line, int64_t(3));
    }

    void badRowStopsTheImportUnlessAsked()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.inputs = {fixture("messages_bad.jsonl")};
        options.outputDir = dir.filePath("out").toStdString();
        try {
            importDataset(options);
            QFAIL("a malformed row must stop the import");
        } catch (const Error& e) {
            const std::string message = e.what();
            QVERIFY2(message.find("messages_bad.jsonl:2: field 'messages[0].content'") != std::string::npos, e.what());
        }
        QVERIFY(!QFileInfo::exists(dir.filePath("out"))); // nothing is left behind
    }

    void compressedFilesReadLikePlainOnes()
    {
        QTemporaryDir dir;
        const std::string plain = util::readFile(fixture("sharegpt_bad.jsonl"));
        const std::string zst = dir.filePath("chat.jsonl.zst").toStdString();
        const std::string gz = dir.filePath("chat.jsonl.gz").toStdString();
        util::writeFileAtomic(zst, compressZstd(plain));
        util::writeFileAtomic(gz, compressGzip(plain));
        QTemporaryDir d0, d1, d2;
        auto a = importFiles({fixture("sharegpt_bad.jsonl")}, d0);
        auto b = importFiles({zst}, d1);
        auto c = importFiles({gz}, d2);
        QCOMPARE(b.records.size(), a.records.size());
        QCOMPARE(c.records.size(), a.records.size());
        for (size_t i = 0; i < a.records.size(); ++i) {
            QCOMPARE(b.records[i].messages, a.records[i].messages);
            QCOMPARE(c.records[i].source.line, a.records[i].source.line);
        }
        QCOMPARE(b.rejected.size(), a.rejected.size());
        // A truncated zstd file is an error naming it, not a silent short import.
        const std::string z = compressZstd(plain);
        const std::string cut = dir.filePath("cut.jsonl.zst").toStdString();
        util::writeFileAtomic(cut, z.substr(0, z.size() / 2));
        QTemporaryDir d3;
        QVERIFY_THROWS_EXCEPTION(Error, importFiles({cut}, d3));
    }

    void plainTextParagraphs()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("story.txt").toStdString();
        util::writeFileAtomic(path, "\xEF\xBB\xBF" "First paragraph\nstill first.\n\n\nSecond one.\r\n  \nThird.");
        auto got = importFiles({path}, dir);
        QCOMPARE(got.records.size(), size_t(3));
        QCOMPARE(got.records[0].text, std::string("First paragraph\nstill first."));
        QCOMPARE(got.records[1].text, std::string("Second one."));
        QCOMPARE(got.records[2].text, std::string("Third."));
        QCOMPARE(got.records[0].source.line, int64_t(1));
        QCOMPARE(got.records[1].source.line, int64_t(5));
        QCOMPARE(got.records[2].source.line, int64_t(7));
        QCOMPARE(got.version.layout, std::string("text"));
    }

    void invalidUtf8TextIsRejectedNotMangled()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("latin1.txt").toStdString();
        util::writeFileAtomic(path, "good line\n\ncaf\xE9 au lait\n\nalso good\n");
        auto got = importFiles({path}, dir);
        QCOMPARE(got.records.size(), size_t(2));
        QCOMPARE(got.rejected.size(), size_t(1));
        QCOMPARE(got.rejected[0]["line"].get<int64_t>(), int64_t(3));
        QVERIFY(got.rejected[0]["reason"].get<std::string>().find("fix-text") != std::string::npos);
    }

    void mixedRecordKindsAreRefused()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.inputs = {fixture("mc_bad.jsonl"), fixture("messages_bad.jsonl")};
        options.skipBadRows = true;
        options.outputDir = dir.filePath("out").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, importDataset(options));
    }

    void unknownLayoutNamesTheFields()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("odd.jsonl").toStdString();
        util::writeFileAtomic(path, "{\"foo\": 1, \"bar\": 2}\n");
        ImportOptions options;
        options.inputs = {path};
        options.outputDir = dir.filePath("out").toStdString();
        try {
            importDataset(options);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("odd.jsonl:1: no known layout in a row with the fields bar, foo") !=
                         std::string::npos,
                     e.what());
        }
    }

    void parquetRowsBecomeRecords()
    {
        // Written by DuckDB (tests/core/parquet/fixtures/make_fixtures.mjs), with the rows it
        // wrote beside it as JSON Lines: both files must give the same records.
        const std::string fixtures = std::string(lw::test::sourceDir()) + "/tests/core/parquet/fixtures/";
        QTemporaryDir d1, d2;
        auto fromParquet = importFiles({fixtures + "instructions.parquet"}, d1, false);
        auto fromJsonl = importFiles({fixtures + "instructions.jsonl"}, d2, false);
        QCOMPARE(fromParquet.version.layout, std::string("alpaca"));
        QCOMPARE(fromParquet.version.sources[0].format, std::string("parquet"));
        QCOMPARE(fromParquet.records.size(), size_t(120));
        QCOMPARE(fromParquet.records.size(), fromJsonl.records.size());
        for (size_t i = 0; i < fromParquet.records.size(); ++i) {
            QCOMPARE(fromParquet.records[i].messages, fromJsonl.records[i].messages);
            QCOMPARE(fromParquet.records[i].source.line, int64_t(i + 1)); // the row number
        }
    }

    void textIsBroughtToNfc()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("nfd.jsonl").toStdString();
        // "Việt" with the marks as combining characters (NFD): e, combining dot below (U+0323),
        // combining circumflex (U+0302); NFC is the single character U+1EC7.
        util::writeFileAtomic(path, "{\"text\": \"Vie\xCC\xA3\xCC\x82t\"}\n{\"text\": \"Vi\xE1\xBB\x87t\"}\n");
        auto got = importFiles({path}, dir, false);
        QCOMPARE(got.records[0].text, std::string("Vi\xE1\xBB\x87t"));
        QCOMPARE(got.records[1].text, std::string("Vi\xE1\xBB\x87t"));
        QCOMPARE(got.version.sources[0].nfcNormalised, int64_t(1));
    }

    void cancelLeavesNothing()
    {
        QTemporaryDir dir;
        ImportOptions options;
        options.inputs = {sharedDataPath("llms-from-scratch/instruction-data.json")};
        options.outputDir = dir.filePath("out").toStdString();
        QVERIFY_THROWS_EXCEPTION(Error, importDataset(options, [](const ImportProgress&) { return false; }));
        QVERIFY(!QFileInfo::exists(dir.filePath("out")));
    }
};

LW_TEST_GUILESS_MAIN(TestRecordsImport)
#include "test_records_import.moc"

// Exports read back: JSON Lines in every layout that fits a kind convert back (through
// the importer's rowToRecord) to the same records with their source file and line;
// text token exports are datasets loadDataset accepts, holding each row's own encoding
// and the end-of-text token; packed SFT and preference files hold what the renderer made.
#include "core/data/dataset.h"
#include "core/data/token_file.h"
#include "core/generate/chat_template.h"
#include "core/records/layout.h"
#include "core/shape/dataset_export.h"
#include "core/shape/packed_sequence_file.h"
#include "core/shape/record_rows.h"
#include "core/util/error.h"
#include "shape_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace lw;

namespace {

std::vector<records::Record> exportChats()
{
    return {test::chatRecord({{"system", "Be kind."}, {"user", "Hello?"}, {"assistant", "Hi there."}}, 2),
            test::chatRecord({{"user", "Tóm tắt: \"trời mưa\"\n"}, {"assistant", "Mưa."}}, 5)};
}

std::vector<records::Record> exportPairs()
{
    return {test::preferenceRecord({{"user", "Two plus two?"}}, "Four.", "Five.", 1),
            test::preferenceRecord({{"system", "Terse."}, {"user", "Sky colour?"}}, "Blue.", "The sky, which is...", 3)};
}

std::vector<records::Record> exportQuestions()
{
    return {test::choiceRecord("Which is a prime?", {"4", "6", "7", "9"}, 2, 2),
            test::choiceRecord("Water freezes at?", {"0 °C", "50 °C"}, 0, 3)};
}

std::vector<nlohmann::json> readJsonLines(const std::string& path)
{
    std::ifstream in(path);
    std::vector<nlohmann::json> rows;
    for (std::string line; std::getline(in, line);)
        rows.push_back(nlohmann::json::parse(line));
    return rows;
}

nlohmann::json withoutSource(const records::Record& r)
{
    auto json = records::recordToJson(r);
    json.erase("source");
    return json;
}

} // namespace

class TestShapeExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonlRoundTripsEveryLayout_data();
    void jsonlRoundTripsEveryLayout();
    void jsonlRefusesRowsThatDoNotFit();
    void textTokensAreAPretrainingDataset();
    void chatTokensArePackedWithMasks();
    void preferenceTokensArePairs();

private:
    QTemporaryDir m_dir;
};

void TestShapeExport::jsonlRoundTripsEveryLayout_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("layout");
    QTest::newRow("text") << "text" << "text";
    QTest::newRow("messages") << "chat" << "messages";
    QTest::newRow("sharegpt") << "chat" << "sharegpt";
    QTest::newRow("alpaca") << "chat" << "alpaca";
    QTest::newRow("preference") << "preference" << "preference";
    QTest::newRow("mc") << "choice" << "mc";
}

void TestShapeExport::jsonlRoundTripsEveryLayout()
{
    QFETCH(QString, kind);
    QFETCH(QString, layout);
    std::vector<records::Record> rows = kind == "text"     ? std::vector<records::Record>{test::textRecord("First.", 1),
                                                                                          test::textRecord("Second\nline.", 4)}
                                        : kind == "chat"   ? exportChats()
                                        : kind == "choice" ? exportQuestions()
                                                           : exportPairs();
    const auto version = test::writeVersion(m_dir.filePath("v-" + layout).toStdString(), layout.toStdString(), rows);
    const std::string out = m_dir.filePath("out-" + layout + ".jsonl").toStdString();
    const auto l = *records::layoutFromName(layout.toStdString());
    const auto result = shape::exportJsonl(version, l, out);
    QCOMPARE(result.rows, int64_t(rows.size()));
    const auto lines = readJsonLines(out);
    QCOMPARE(lines.size(), rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        // The importer recognises the layout by the row's fields and converts it back.
        QCOMPARE(records::detectLayout(lines[i]), std::optional<records::Layout>(l));
        records::RowProblem problem;
        auto back = records::rowToRecord(lines[i], l, problem);
        QVERIFY2(back.has_value(), (problem.field + ": " + problem.reason).c_str());
        QCOMPARE(withoutSource(*back), withoutSource(rows[i]));
        QCOMPARE(lines[i].at("source").at("file").get<std::string>(), rows[i].source.file);
        QCOMPARE(lines[i].at("source").at("line").get<int64_t>(), rows[i].source.line);
    }
}

void TestShapeExport::jsonlRefusesRowsThatDoNotFit()
{
    auto rows = exportChats();
    rows.push_back(test::chatRecord({{"user", "a"}, {"assistant", "b"}, {"user", "c"}, {"assistant", "d"}}, 9));
    const auto version = test::writeVersion(m_dir.filePath("multi").toStdString(), "messages", rows);
    const std::string out = m_dir.filePath("multi-alpaca.jsonl").toStdString();
    try {
        shape::exportJsonl(version, records::Layout::Alpaca, out);
        QFAIL("a four-turn conversation was written as alpaca");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("chats.jsonl:9") != std::string::npos, e.what());
    }
    QVERIFY(!std::filesystem::exists(out)); // nothing half-written
    QVERIFY_THROWS_EXCEPTION(Error, shape::exportJsonl(version, records::Layout::Text, out));
}

void TestShapeExport::textTokensAreAPretrainingDataset()
{
    const std::vector<records::Record> rows = {test::textRecord("Hello, world.", 1), test::textRecord("This is some text", 2),
                                               test::textRecord("<|endoftext|> stays text", 3)};
    const auto version = test::writeVersion(m_dir.filePath("texts").toStdString(), "text", rows);
    const auto& tok = test::gpt2Tokenizer();
    // A context length never cuts pretraining documents.
    const shape::TrainingRenderer renderer(std::nullopt, tok, {shape::LossMode::Assistant, 4});
    const std::string dir = m_dir.filePath("texts-tokens").toStdString();
    const auto result = shape::exportTokens(version, renderer, dir, 0.25);
    QCOMPARE(result.format, std::string("pretraining"));
    // Each row as `llmwb data prepare` encodes text (special-token text is data), then 50256.
    std::vector<int32_t> expected;
    for (const auto& r : rows) {
        auto ids = tok.encode(r.text, false);
        expected.insert(expected.end(), ids.begin(), ids.end());
        expected.push_back(50256);
    }
    const auto info = data::loadDataset(dir, true);
    QCOMPARE(info.totalTokens, int64_t(expected.size()));
    QCOMPARE(info.documents, int64_t(3));
    QCOMPARE(info.trainTokens, int64_t(double(expected.size()) * 0.75));
    data::TokenFile file(info.tokensPath());
    std::vector<int32_t> stored;
    for (uint64_t i = 0; i < file.count(); ++i)
        stored.push_back(file.at(i));
    QCOMPARE(stored, expected);
    QCOMPARE(result.checks.truncatedRows, int64_t(0));
    QCOMPARE(result.checks.answersWithoutEnd, int64_t(0));
}

void TestShapeExport::chatTokensArePackedWithMasks()
{
    auto rows = exportChats();
    const auto version = test::writeVersion(m_dir.filePath("chat-tokens").toStdString(), "messages", rows);
    const auto questions = test::writeVersion(m_dir.filePath("mc-tokens").toStdString(), "mc", exportQuestions());
    const shape::TrainingRenderer renderer(generate::builtinChatTemplate("llama3"), test::gpt2Tokenizer(),
                                           {shape::LossMode::Assistant, 40});
    for (const auto* v : {&version, &questions}) {
        const std::string dir = v->dir + "-out";
        const auto result = shape::exportTokens(*v, renderer, dir);
        QCOMPARE(result.format, std::string("sft"));
        shape::PackedSequenceFile file(dir + "/sft.bin");
        QCOMPARE(file.header().kind, shape::PackedKind::Sft);
        QCOMPARE(file.header().context, uint32_t(40));
        QCOMPARE(file.header().eosId, int64_t(50256));
        QCOMPARE(file.rows(), uint64_t(2));
        int64_t row = 0;
        int64_t truncated = 0;
        records::forEachRecord(v->recordsPath(), [&](records::Record& r, int64_t index) {
            const auto s = renderer.render(r).sequences.at(0);
            truncated += s.truncated;
            const auto stored = uint64_t(row);
            if (file.rowIndex(stored) != uint64_t(index) || file.tokens(stored) != s.ids || file.loss(stored) != s.loss ||
                file.length(stored) > 40)
                return false;
            ++row;
            return true;
        });
        QCOMPARE(row, int64_t(2));
        QCOMPARE(result.checks.truncatedRows, truncated);
        const auto manifest = nlohmann::json::parse(test::readWholeFile(dir + "/shape.json"));
        QCOMPARE(manifest.at("loss").get<std::string>(), std::string("assistant"));
        QCOMPARE(manifest.at("checks").at("rows").get<int64_t>(), int64_t(2));
    }
}

void TestShapeExport::preferenceTokensArePairs()
{
    const auto version = test::writeVersion(m_dir.filePath("pairs").toStdString(), "preference", exportPairs());
    const auto& tok = test::gpt2Tokenizer();
    const shape::TrainingRenderer renderer(generate::builtinChatTemplate("chatml"), tok, {});
    const std::string dir = m_dir.filePath("pairs-out").toStdString();
    const auto result = shape::exportTokens(version, renderer, dir);
    QCOMPARE(result.format, std::string("preference"));
    shape::PackedSequenceFile file(dir + "/preference.bin");
    QCOMPARE(file.sequences(), uint64_t(4));
    for (uint64_t row = 0; row < 2; ++row) {
        const auto chosen = file.tokens(2 * row), rejected = file.tokens(2 * row + 1);
        const auto chosenLoss = file.loss(2 * row), rejectedLoss = file.loss(2 * row + 1);
        // Both start with the same untrained prompt and train on their own answer only:
        // decoding the trained tokens gives the answer, "<|im_end|>\n" and the end-of-text token.
        size_t prompt = 0;
        while (!chosenLoss[prompt])
            ++prompt;
        QVERIFY(std::equal(chosen.begin(), chosen.begin() + long(prompt), rejected.begin()));
        QCOMPARE(std::vector<uint8_t>(rejectedLoss.begin(), rejectedLoss.begin() + long(prompt)),
                 std::vector<uint8_t>(prompt, 0));
        const auto pair = exportPairs()[row];
        for (const auto& [ids, loss, answer] : {std::tuple{chosen, chosenLoss, pair.chosen[0].content},
                                                std::tuple{rejected, rejectedLoss, pair.rejected[0].content}}) {
            std::vector<int32_t> trained;
            for (size_t t = 0; t < ids.size(); ++t)
                if (loss[t])
                    trained.push_back(ids[t]);
            QCOMPARE(tok.decode(trained), answer + "<|im_end|>\n<|endoftext|>");
        }
    }
}

LW_TEST_GUILESS_MAIN(TestShapeExport)
#include "test_shape_export.moc"

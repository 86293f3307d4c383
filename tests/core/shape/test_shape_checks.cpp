// The dataset checks count exactly the rows made to fail each one: answers without an
// end, stop strings never rendered or never trained, truncated rows, rows without loss.
// A byte-level tokenizer without merges (one token per byte, no end-of-sequence token)
// makes every count a matter of counting characters, done by hand in the comments.
#include "core/generate/chat_template.h"
#include "core/shape/shape_checks.h"
#include "core/util/error.h"
#include "shape_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

namespace {

// Its stop string "</bot>" is written nowhere: the assistant format ends with a newline.
generate::ChatTemplate templateWithUnusedStop()
{
    return test::customTemplate("bot", "<user>{content}\n", "<bot>{content}\n", {"</bot>"});
}

std::vector<records::Record> rowsForChecks()
{
    return {
        test::chatRecord({{"user", "hi"}, {"assistant", "yo"}}, 1),
        test::chatRecord({{"user", "a"}, {"assistant", "b"}, {"user", "c"}, {"assistant", "d"}}, 2),
        test::chatRecord({{"user", "lonely"}}, 3), // no answer: nothing receives loss
    };
}

shape::ShapeCheckCounts countRows(const shape::TrainingRenderer& renderer, const std::vector<records::Record>& rows)
{
    shape::ShapeChecker checker(renderer);
    for (const auto& r : rows)
        checker.add(renderer.render(r));
    return checker.counts();
}

} // namespace

class TestShapeChecks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void answersWithoutEndAndUnusedStop();
    void specialMarkerOrEosEndsAnswers();
    void truncationAtContext_data();
    void truncationAtContext();
    void textRowsNeedEos();
    void wholeFileCountsMatchRowByRow();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<tokenizer::Tokenizer> m_bytes;
};

void TestShapeChecks::initTestCase()
{
    m_bytes = test::byteTokenizerWithoutEos(m_dir.filePath("bytes").toStdString());
    QVERIFY(!m_bytes->eosId());
    QCOMPARE(m_bytes->encode("hi").size(), size_t(2));
}

void TestShapeChecks::answersWithoutEndAndUnusedStop()
{
    const shape::TrainingRenderer renderer(templateWithUnusedStop(), *m_bytes, {});
    QVERIFY(!renderer.answerEnd().placeEos); // no end-of-sequence token to place
    QCOMPARE(renderer.answerEnd().marker, std::string());
    const auto c = countRows(renderer, rowsForChecks());
    // Row 1: one answer, row 2: two, row 3: none; none of them can end.
    QCOMPARE(c.rows, int64_t(3));
    QCOMPARE(c.answers, int64_t(3));
    QCOMPARE(c.answersWithoutEnd, int64_t(3));
    QCOMPARE(c.rowsWithoutEnd, int64_t(2));
    QCOMPARE(c.rowsWithoutLoss, int64_t(1));
    QCOMPARE(c.truncatedRows, int64_t(0));
    QCOMPARE(c.stopsNeverRendered(), std::vector<std::string>{"</bot>"});
    QCOMPARE(c.stopsNeverTrained(), std::vector<std::string>{"</bot>"});
    // Trained bytes: "yo\n" (3) + "b\n" + "d\n" (4) = 7 tokens of one byte each.
    QCOMPARE(c.lossTokens, int64_t(7));
}

void TestShapeChecks::specialMarkerOrEosEndsAnswers()
{
    // chatml writes "<|im_end|>" after each answer and trains on it: every answer ends,
    // even without an end-of-sequence token. "<|im_start|>" is rendered (each turn
    // opens with it) but never trained on.
    const shape::TrainingRenderer chatml(generate::builtinChatTemplate("chatml"), *m_bytes, {});
    auto c = countRows(chatml, rowsForChecks());
    QCOMPARE(c.answersWithoutEnd, int64_t(0));
    QCOMPARE(c.rowsWithoutEnd, int64_t(0));
    QCOMPARE(c.stopsNeverRendered(), std::vector<std::string>());
    QCOMPARE(c.stopsNeverTrained(), std::vector<std::string>{"<|im_start|>"});
    QCOMPARE(c.stops.at(0).trainedRows, int64_t(2));
    QCOMPARE(c.stops.at(1).renderedRows, int64_t(3));

    // GPT-2 has an end-of-text token, placed after each answer: the unused stop string
    // is still reported, but every answer ends.
    const shape::TrainingRenderer gpt2(templateWithUnusedStop(), test::gpt2Tokenizer(), {});
    QVERIFY(gpt2.answerEnd().placeEos);
    c = countRows(gpt2, rowsForChecks());
    QCOMPARE(c.answersWithoutEnd, int64_t(0));
    QCOMPARE(c.stopsNeverRendered(), std::vector<std::string>{"</bot>"});
    QCOMPARE(c.rowsWithoutLoss, int64_t(1));
}

void TestShapeChecks::truncationAtContext_data()
{
    QTest::addColumn<int>("context");
    QTest::addColumn<int>("lossTokens");
    QTest::addColumn<bool>("ends");
    // chatml, one byte per token: "<|im_start|>user\nhi<|im_end|>\n" is 12+5+2+11 = 30,
    // the cue "<|im_start|>assistant\n" 22, the answer "yo<|im_end|>\n" 13: 65 in all.
    QTest::newRow("fits") << 65 << 13 << true;
    QTest::newRow("no limit") << 0 << 13 << true;
    QTest::newRow("end marker cut") << 60 << 8 << false; // keeps "yo<|im_e"
    QTest::newRow("answer cut away") << 52 << 0 << false;
}

void TestShapeChecks::truncationAtContext()
{
    QFETCH(int, context);
    QFETCH(int, lossTokens);
    QFETCH(bool, ends);
    const shape::TrainingRenderer renderer(generate::builtinChatTemplate("chatml"), *m_bytes,
                                           {shape::LossMode::Assistant, context});
    const auto c = countRows(renderer, {test::chatRecord({{"user", "hi"}, {"assistant", "yo"}})});
    const bool truncated = context != 0 && context < 65;
    QCOMPARE(c.longestSequence, int64_t(65));
    QCOMPARE(c.tokens, int64_t(truncated ? context : 65));
    QCOMPARE(c.truncatedRows, int64_t(truncated ? 1 : 0));
    QCOMPARE(c.lossTokens, int64_t(lossTokens));
    QCOMPARE(c.answersWithoutEnd, int64_t(ends ? 0 : 1));
    QCOMPARE(c.rowsWithoutLoss, int64_t(lossTokens == 0 ? 1 : 0));
}

void TestShapeChecks::textRowsNeedEos()
{
    const std::vector<records::Record> rows = {test::textRecord("one", 1), test::textRecord("two", 2)};
    const shape::TrainingRenderer without(std::nullopt, *m_bytes, {});
    auto c = countRows(without, rows);
    QCOMPARE(c.answersWithoutEnd, int64_t(2));
    QCOMPARE(c.rowsWithoutEnd, int64_t(2));
    QCOMPARE(c.lossTokens, int64_t(6));
    const shape::TrainingRenderer with(std::nullopt, test::gpt2Tokenizer(), {});
    c = countRows(with, rows);
    QCOMPARE(c.answersWithoutEnd, int64_t(0));
    // A chat record needs a template.
    QVERIFY_THROWS_EXCEPTION(Error, without.render(rowsForChecks().front()));
}

void TestShapeChecks::wholeFileCountsMatchRowByRow()
{
    const auto version = test::writeVersion(m_dir.filePath("chats").toStdString(), "messages", rowsForChecks());
    const shape::TrainingRenderer renderer(templateWithUnusedStop(), *m_bytes, {});
    const auto c = shape::checkRecordsFile(version.recordsPath(), renderer);
    const auto json = c.toJson();
    QCOMPARE(json.at("rows").get<int64_t>(), int64_t(3));
    QCOMPARE(json.at("answers_without_end").get<int64_t>(), int64_t(3));
    QCOMPARE(json.at("rows_without_end").get<int64_t>(), int64_t(2));
    QCOMPARE(json.at("rows_without_loss").get<int64_t>(), int64_t(1));
    QCOMPARE(json.at("stop_strings_never_rendered"), nlohmann::json::array({"</bot>"}));
    // A role no template formats is an error naming the row's file and line.
    auto tool = test::chatRecord({{"user", "x"}, {"tool", "y"}}, 7);
    try {
        renderer.render(tool);
        QFAIL("a tool message rendered");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("chats.jsonl:7") != std::string::npos, e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestShapeChecks)
#include "test_shape_checks.moc"

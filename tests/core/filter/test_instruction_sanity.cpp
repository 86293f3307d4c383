// Prompt/answer sanity: empty answers and answers that only echo the prompt are dropped.
#include "core/filter/instruction_sanity.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using nlohmann::json;

class TestInstructionSanity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decides_data();
    void decides();
    void carriesFieldNames();
};

void TestInstructionSanity::decides_data()
{
    QTest::addColumn<QString>("prompt");
    QTest::addColumn<QString>("answer");
    QTest::addColumn<QString>("reason"); // empty: kept
    QTest::newRow("empty") << "What is AI?" << "" << "empty answer";
    QTest::newRow("white space") << "What is AI?" << " \n\t " << "empty answer";
    // U+3000 IDEOGRAPHIC SPACE and U+00A0 are white space too.
    QTest::newRow("unicode white space") << "Hỏi gì?" << QString::fromUtf8("\u3000\u00a0") << "empty answer";
    QTest::newRow("same text") << "What is AI?" << "What is AI?" << "answer repeats the prompt";
    QTest::newRow("case and spacing") << "What is  AI?" << "  what IS\nai?  " << "answer repeats the prompt";
    QTest::newRow("vietnamese case") << "ĐÚNG hay SAI?" << "đúng hay sai?" << "answer repeats the prompt";
    QTest::newRow("longer answer") << "What is AI?" << "What is AI? A field of computer science." << "";
    QTest::newRow("space inside a word") << "What is AI?" << "What is A I?" << "";
    QTest::newRow("punctuation differs") << "What is AI?" << "What is AI" << "";
    QTest::newRow("real answer") << "2+2?" << "4" << "";
}

void TestInstructionSanity::decides()
{
    QFETCH(QString, prompt);
    QFETCH(QString, answer);
    QFETCH(QString, reason);
    const auto sanity = filter::InstructionSanity::fromJson(json{{"step", "instruction_sanity"}}, "recipe step 6");
    const auto decision = sanity.check(prompt.toStdString(), answer.toStdString());
    QCOMPARE(decision.keep, reason.isEmpty());
    QCOMPARE(QString::fromStdString(decision.reason), reason);
}

void TestInstructionSanity::carriesFieldNames()
{
    const auto defaults = filter::InstructionSanity::fromJson(json{{"step", "instruction_sanity"}}, "s");
    QCOMPARE(defaults.promptField(), std::string("prompt"));
    QCOMPARE(defaults.answerField(), std::string("answer"));
    const auto named = filter::InstructionSanity::fromJson(
        json{{"step", "instruction_sanity"}, {"prompt_field", "instruction"}, {"answer_field", "output"}}, "s");
    QCOMPARE(named.promptField(), std::string("instruction"));
    QCOMPARE(named.answerField(), std::string("output"));
    QVERIFY_THROWS_EXCEPTION(Error, filter::InstructionSanity::fromJson(
                                        json{{"step", "instruction_sanity"}, {"answer_field", ""}}, "s"));
}

LW_TEST_GUILESS_MAIN(TestInstructionSanity)
#include "test_instruction_sanity.moc"

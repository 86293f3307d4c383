// The length step measures in code points, words or tokens and keeps [min, max].
#include "core/filter/length_filter.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using nlohmann::json;

class TestLengthFilter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void measuresEachUnit_data();
    void measuresEachUnit();
    void keepsTheInclusiveRange();
    void tokensUseTheCallersCounter();
    void tokensWithoutACounterIsAnError();
};

void TestLengthFilter::measuresEachUnit_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("expected");
    // "Tiếng Việt": T i ế n g, space, V i ệ t = 10 code points; ế and ệ take 3 bytes each,
    // so the byte length is 14 and would be the wrong answer.
    QTest::newRow("vietnamese chars") << "chars" << QByteArray("Ti\xe1\xba\xbfng Vi\xe1\xbb\x87t") << qint64(10);
    // An emoji is one code point of 4 bytes.
    QTest::newRow("emoji chars") << "chars" << QByteArray("a\xf0\x9f\x98\x80") << qint64(2);
    // A lone continuation byte is one (replacement) code point, not skipped.
    QTest::newRow("broken utf-8") << "chars" << QByteArray("a\x80z") << qint64(3);
    QTest::newRow("words, mixed white space") << "words" << QByteArray("  one two\tthree\nfour  ") << qint64(4);
    // U+3000 IDEOGRAPHIC SPACE and U+00A0 NO-BREAK SPACE separate words as well.
    QTest::newRow("unicode spaces") << "words" << QByteArray("a\xe3\x80\x80" "b\xc2\xa0" "c") << qint64(3);
    QTest::newRow("no words") << "words" << QByteArray(" \n\t ") << qint64(0);
}

void TestLengthFilter::measuresEachUnit()
{
    QFETCH(QString, unit);
    QFETCH(QByteArray, text);
    QFETCH(qint64, expected);
    const auto filter = filter::LengthFilter::fromJson(json{{"step", "length"}, {"unit", unit.toStdString()}}, "step 1");
    QCOMPARE(filter.measure(text.toStdString()), expected);
}

void TestLengthFilter::keepsTheInclusiveRange()
{
    const std::string text = "one two three"; // 3 words
    auto decide = [&](json bounds) {
        bounds["step"] = "length";
        bounds["unit"] = "words";
        return filter::LengthFilter::fromJson(bounds, "recipe step 1 (length)").check(text);
    };
    QVERIFY(decide({{"min", 3}, {"max", 3}}).keep);
    const auto tooShort = decide({{"min", 4}});
    QVERIFY(!tooShort.keep);
    QCOMPARE(tooShort.reason, std::string("too short: 3 words < min 4"));
    const auto tooLong = decide({{"max", 2}});
    QVERIFY(!tooLong.keep);
    QCOMPARE(tooLong.reason, std::string("too long: 3 words > max 2"));
    QVERIFY(decide({{"max", nullptr}}).keep); // null: no upper bound
}

void TestLengthFilter::tokensUseTheCallersCounter()
{
    // A counter that calls every pair of bytes a token, rounding up: 7 bytes -> 4 tokens.
    int calls = 0;
    auto pairs = [&](std::string_view text) {
        ++calls;
        return static_cast<int64_t>((text.size() + 1) / 2);
    };
    const auto filter = filter::LengthFilter::fromJson(
        json{{"step", "length"}, {"unit", "tokens"}, {"min", 5}}, "recipe step 2 (length)", pairs);
    const auto decision = filter.check("abcdefg");
    QCOMPARE(calls, 1);
    QVERIFY(!decision.keep);
    QCOMPARE(decision.reason, std::string("too short: 4 tokens < min 5"));
}

void TestLengthFilter::tokensWithoutACounterIsAnError()
{
    try {
        filter::LengthFilter::fromJson(json{{"step", "length"}, {"unit", "tokens"}}, "recipe step 2 (length)");
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).rfind("recipe step 2 (length): field 'unit'", 0) == 0, e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestLengthFilter)
#include "test_length_filter.moc"

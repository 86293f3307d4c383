// The regex step: include/exclude semantics, case folding, RE2's errors passed on with
// the pattern, and linear time on patterns that make backtracking engines explode.
#include "core/filter/regex_filter.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace lw;
using nlohmann::json;

class TestRegexFilter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void includeAndExclude_data();
    void includeAndExclude();
    void carriesTheField();
    void rejectedPatternNamesFieldPatternAndReason();
    void pathologicalPatternsRunInLinearTime_data();
    void pathologicalPatternsRunInLinearTime();
};

void TestRegexFilter::includeAndExclude_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("keep");
    QTest::addColumn<QString>("reason");
    const QByteArray excludeAi = R"({"step":"regex","exclude":"as an AI (language )?model"})";
    QTest::newRow("exclude hits") << excludeAi << QByteArray("Sorry, as an AI model I cannot.") << false
                                  << "matches exclude pattern 'as an AI (language )?model'";
    QTest::newRow("exclude misses") << excludeAi << QByteArray("The answer is 42.") << true << "";
    QTest::newRow("case matters by default") << excludeAi << QByteArray("AS AN AI MODEL") << true << "";
    const QByteArray folded = R"({"step":"regex","exclude":"as an ai model","case_insensitive":true})";
    QTest::newRow("case insensitive") << folded << QByteArray("AS AN AI MODEL") << false
                                      << "matches exclude pattern 'as an ai model'";
    // RE2 folds non-ASCII letters too: Đ/đ.
    const QByteArray vietnamese = R"({"step":"regex","include":"đúng","case_insensitive":true})";
    QTest::newRow("case insensitive vietnamese") << vietnamese << QByteArray("\xc4\x90\xc3\x9aNG") << true << "";
    const QByteArray both = R"({"step":"regex","include":["^Q:","^Question"],"exclude":["TODO"]})";
    QTest::newRow("second include") << both << QByteArray("Question: why?") << true << "";
    QTest::newRow("no include") << both << QByteArray("Why?") << false << "matches no include pattern";
    QTest::newRow("exclude wins") << both << QByteArray("Q: TODO") << false << "matches exclude pattern 'TODO'";
}

void TestRegexFilter::includeAndExclude()
{
    QFETCH(QByteArray, step);
    QFETCH(QByteArray, text);
    QFETCH(bool, keep);
    QFETCH(QString, reason);
    const auto filter = filter::RegexFilter::fromJson(json::parse(step.toStdString()), "recipe step 1 (regex)");
    const auto decision = filter.check(text.toStdString());
    QCOMPARE(decision.keep, keep);
    QCOMPARE(QString::fromStdString(decision.reason), reason);
}

void TestRegexFilter::carriesTheField()
{
    QCOMPARE(filter::RegexFilter::fromJson(json::parse(R"({"step":"regex","exclude":"x"})"), "s").field(),
             std::string());
    QCOMPARE(filter::RegexFilter::fromJson(json::parse(R"({"step":"regex","field":"answer","exclude":"x"})"), "s")
                 .field(),
             std::string("answer"));
}

void TestRegexFilter::rejectedPatternNamesFieldPatternAndReason()
{
    try {
        filter::RegexFilter::fromJson(json::parse(R"({"step":"regex","include":["ok","(a"]})"), "recipe step 3 (regex)");
        QFAIL("expected an error");
    } catch (const Error& e) {
        const std::string message = e.what();
        QVERIFY2(message.rfind("recipe step 3 (regex): field 'include': pattern '(a' is not valid RE2: ", 0) == 0,
                 e.what());
        QVERIFY2(message.find("missing )") != std::string::npos, e.what()); // RE2's own words
    }
    // Backreferences need backtracking, which RE2 refuses by design.
    QVERIFY_THROWS_EXCEPTION(Error, filter::RegexFilter::fromJson(
                                        json::parse(R"({"step":"regex","exclude":"(a)\\1"})"), "s"));
}

void TestRegexFilter::pathologicalPatternsRunInLinearTime_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QByteArray>("text");
    // Each is a classic catastrophic-backtracking case: a backtracking engine such as
    // std::regex tries exponentially many ways to split the run before failing (already
    // seconds at 30 characters, and a stack overflow at this length), so they are not run
    // through std::regex here. Neither pattern matches its text.
    QTest::newRow("(a+)+$") << "(a+)+$" << QByteArray(100000, 'a') + "b";
    QTest::newRow("(x+x+)+y") << "(x+x+)+y" << QByteArray(100000, 'x');
    QTest::newRow("(a|aa)*c") << "(a|aa)*c" << QByteArray(100000, 'a');
}

void TestRegexFilter::pathologicalPatternsRunInLinearTime()
{
    QFETCH(QString, pattern);
    QFETCH(QByteArray, text);
    const json step = {{"step", "regex"}, {"include", pattern.toStdString()}};
    const auto filter = filter::RegexFilter::fromJson(step, "recipe step 1 (regex)");
    const std::string input = text.toStdString();
    QElapsedTimer timer;
    timer.start();
    const auto decision = filter.check(input);
    const double ms = timer.nsecsElapsed() / 1e6;
    qInfo("%s on %zu bytes: %.3f ms", qPrintable(pattern), input.size(), ms);
    QVERIFY(!decision.keep);
    QCOMPARE(decision.reason, std::string("matches no include pattern"));
    QVERIFY2(ms < 250, qPrintable(QString("took %1 ms").arg(ms)));
}

LW_TEST_GUILESS_MAIN(TestRegexFilter)
#include "test_regex_filter.moc"

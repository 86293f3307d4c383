// Reading judges' replies: every reply below was written by hand in a shape judges
// produce (or get wrong), with the value a person reading it would take, or none where
// a person could not tell. Also the position-bias rule for swapped comparisons and the
// custom rubric's placeholders.
#include "core/eval/judge_rubric.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw::eval;

Q_DECLARE_METATYPE(std::optional<double>)

class TestJudgeParsing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void ratings_data();
    void ratings();
    void scores100_data();
    void scores100();
    void customScores_data();
    void customScores();
    void pairVerdicts_data();
    void pairVerdicts();
    void swappedVerdictsCancelPositionBias();
    void promptsCarryTheExample();
    void customRubricFillsPlaceholders();
    void badRubricsAreRefused();
};

namespace {
const std::optional<double> kNone;
}

void TestJudgeParsing::ratings_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<std::optional<double>>("expected");
    QTest::newRow("canonical") << "The answer is correct and clear.\nRating: [[8]]" << std::optional<double>(8);
    QTest::newRow("bare brackets") << "Good.\n[[10]]" << std::optional<double>(10);
    QTest::newRow("decimal") << "Rating: [[7.5]]" << std::optional<double>(7.5);
    QTest::newRow("spaces inside") << "Rating: [[ 3 ]]" << std::optional<double>(3);
    QTest::newRow("single bracket after Rating") << "Mostly wrong. Rating: [2]" << std::optional<double>(2);
    QTest::newRow("lowercase label") << "rating: [4]" << std::optional<double>(4);
    QTest::newRow("repeated, agreeing") << "I give [[6]].\nRating: [[6]]" << std::optional<double>(6);
    QTest::newRow("two different ratings") << "Rating: [[6]] or maybe [[7]]" << kNone;
    QTest::newRow("out of range high") << "Rating: [[11]]" << kNone;
    QTest::newRow("zero is out of range") << "Rating: [[0]]" << kNone;
    QTest::newRow("no rating") << "The answer is fine, I would say eight." << kNone;
    QTest::newRow("plain number is not a rating") << "8" << kNone;
    QTest::newRow("single bracket without label") << "See [3] for details." << kNone;
    QTest::newRow("verdict tag is not a rating") << "[[A]]" << kNone;
    QTest::newRow("empty") << "" << kNone;
}

void TestJudgeParsing::ratings()
{
    QFETCH(QString, reply);
    QFETCH(std::optional<double>, expected);
    QCOMPARE(parseRating(reply.toStdString()), expected);
    QCOMPARE(parseScore(loadJudgeRubric("mt-bench"), reply.toStdString()), expected);
}

void TestJudgeParsing::scores100_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<std::optional<double>>("expected");
    QTest::newRow("integer only") << "85" << std::optional<double>(85);
    QTest::newRow("with newline") << "\n 92\n" << std::optional<double>(92);
    QTest::newRow("trailing period") << "70." << std::optional<double>(70);
    QTest::newRow("out of 100") << "60/100" << std::optional<double>(60);
    QTest::newRow("out of 100 spaced") << "60 / 100" << std::optional<double>(60);
    QTest::newRow("label") << "Score: 45" << std::optional<double>(45);
    QTest::newRow("number then explanation") << "30\nThe response misses the point." << std::optional<double>(30);
    QTest::newRow("zero") << "0" << std::optional<double>(0);
    QTest::newRow("hundred") << "100" << std::optional<double>(100);
    QTest::newRow("brackets") << "Fair attempt. [[55]]" << std::optional<double>(55);
    QTest::newRow("over 100") << "101" << kNone;
    QTest::newRow("out of ten") << "7/10" << kNone;
    QTest::newRow("out of five in words") << "3 out of 5" << kNone;
    QTest::newRow("text first") << "I would score it 80" << kNone;
    QTest::newRow("number glued to a word") << "80points" << kNone;
    QTest::newRow("words only") << "eighty" << kNone;
    QTest::newRow("empty") << "" << kNone;
}

void TestJudgeParsing::scores100()
{
    QFETCH(QString, reply);
    QFETCH(std::optional<double>, expected);
    QCOMPARE(parseScore100(reply.toStdString()), expected);
    QCOMPARE(parseScore(loadJudgeRubric("score-100"), reply.toStdString()), expected);
}

void TestJudgeParsing::customScores_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<std::optional<double>>("expected");
    QTest::newRow("brackets") << "Judgement: fine. [[4]]" << std::optional<double>(4);
    QTest::newRow("bare number") << " 3 " << std::optional<double>(3);
    QTest::newRow("bare decimal with period") << "0.75." << std::optional<double>(0.75);
    QTest::newRow("negative") << "-2" << std::optional<double>(-2);
    QTest::newRow("number in prose") << "It deserves 3" << kNone;
    QTest::newRow("disagreeing brackets") << "[[1]] [[2]]" << kNone;
}

void TestJudgeParsing::customScores()
{
    QFETCH(QString, reply);
    QFETCH(std::optional<double>, expected);
    QCOMPARE(parseCustomScore(reply.toStdString()), expected);
}

void TestJudgeParsing::pairVerdicts_data()
{
    QTest::addColumn<QString>("reply");
    QTest::addColumn<int>("expected"); // 0 A, 1 B, 2 tie, -1 none
    QTest::newRow("A") << "Assistant A is more precise.\n[[A]]" << 0;
    QTest::newRow("B") << "B covers both cases. [[B]]" << 1;
    QTest::newRow("tie") << "Both are equally good. [[C]]" << 2;
    QTest::newRow("lowercase") << "[[b]]" << 1;
    QTest::newRow("spaces") << "[[ A ]]" << 0;
    QTest::newRow("repeated, agreeing") << "[[A]] ... final verdict: [[A]]" << 0;
    QTest::newRow("two verdicts") << "Either [[A]] or [[B]]" << -1;
    QTest::newRow("names only") << "Assistant A is better." << -1;
    QTest::newRow("single brackets") << "[A]" << -1;
    QTest::newRow("other letter") << "[[D]]" << -1;
    QTest::newRow("rating instead") << "Rating: [[7]]" << -1;
}

void TestJudgeParsing::pairVerdicts()
{
    QFETCH(QString, reply);
    QFETCH(int, expected);
    const auto v = parsePairVerdict(reply.toStdString());
    const int got = !v ? -1 : *v == PairVerdict::A ? 0 : *v == PairVerdict::B ? 1 : 2;
    QCOMPARE(got, expected);
}

void TestJudgeParsing::swappedVerdictsCancelPositionBias()
{
    // First order: the model's answer is A; second: it is B.
    QCOMPARE(combinePairVerdicts(PairVerdict::A, PairVerdict::B), PairOutcome::Win);
    QCOMPARE(combinePairVerdicts(PairVerdict::B, PairVerdict::A), PairOutcome::Loss);
    QCOMPARE(combinePairVerdicts(PairVerdict::Tie, PairVerdict::Tie), PairOutcome::Tie);
    // The judge always picks the first (or second) position: inconsistent, a tie.
    QCOMPARE(combinePairVerdicts(PairVerdict::A, PairVerdict::A), PairOutcome::Tie);
    QCOMPARE(combinePairVerdicts(PairVerdict::B, PairVerdict::B), PairOutcome::Tie);
    // A preference in one order only is not consistent either.
    QCOMPARE(combinePairVerdicts(PairVerdict::A, PairVerdict::Tie), PairOutcome::Tie);
    QCOMPARE(combinePairVerdicts(PairVerdict::Tie, PairVerdict::A), PairOutcome::Tie);
}

void TestJudgeParsing::promptsCarryTheExample()
{
    const auto graded = gradingMessages(loadJudgeRubric("mt-bench"), "What is 2+2?", "5", "4");
    QCOMPARE(graded.size(), size_t(2));
    QCOMPARE(QString::fromStdString(graded[0].role), QString("system"));
    const QString user = QString::fromStdString(graded[1].content);
    QVERIFY(user.contains("What is 2+2?") && user.contains("[Assistant's answer]\n5") &&
            user.contains("[Reference answer]\n4") && user.contains("Rating: [[5]]"));
    // No reference: no reference section.
    QVERIFY(!QString::fromStdString(gradingMessages(loadJudgeRubric("mt-bench"), "q", "a", "")[1].content)
                 .contains("Reference"));
    const auto score = gradingMessages(loadJudgeRubric("score-100"), "Name a colour.", "blue", "red");
    QCOMPARE(score.size(), size_t(1));
    QVERIFY(QString::fromStdString(score[0].content).contains("Respond with the integer number only."));
    const auto pair = comparisonMessages("q?", "first", "second", "");
    const QString text = QString::fromStdString(pair[1].content);
    QVERIFY(text.indexOf("[Assistant A's answer]\nfirst") < text.indexOf("[Assistant B's answer]\nsecond"));
    QVERIFY(text.contains("[[C]]"));
    QVERIFY_THROWS_EXCEPTION(lw::Error, gradingMessages(loadJudgeRubric("mt-bench-pair"), "q", "a", "r"));
}

void TestJudgeParsing::customRubricFillsPlaceholders()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("rubric.txt");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("Q={question} A={answer} R={reference} again {answer}.");
    f.close();
    const JudgeRubric rubric = loadJudgeRubric(path.toStdString());
    QCOMPARE(rubric.kind, RubricKind::Custom);
    // A placeholder inside an inserted text is not replaced again.
    const auto m = gradingMessages(rubric, "why {answer}?", "yes", "no");
    QCOMPARE(m.size(), size_t(1));
    QCOMPARE(QString::fromStdString(m[0].content), QString("Q=why {answer}? A=yes R=no again yes."));
}

void TestJudgeParsing::badRubricsAreRefused()
{
    QTemporaryDir dir;
    const QString path = dir.filePath("no-answer.txt");
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("Rate {question} please.");
    f.close();
    try {
        loadJudgeRubric(path.toStdString());
        QFAIL("a rubric without {answer} was accepted");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains("{answer}"), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(lw::Error, loadJudgeRubric(dir.filePath("missing.txt").toStdString()));
}

LW_TEST_GUILESS_MAIN(TestJudgeParsing)
#include "test_judge_parsing.moc"

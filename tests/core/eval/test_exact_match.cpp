// Exact match under SQuAD's normalisation, each expected string worked out by hand from
// normalize_answer's steps (lowercase, drop string.punctuation, replace the whole words
// a/an/the by a space, split on whitespace and join with one space), and each option alone.
#include "core/eval/exact_match.h"
#include "test_registry.h"

#include <QtTest>

using lw::eval::AnswerNormalisation;
using lw::eval::exactMatch;
using lw::eval::normaliseAnswer;

class TestExactMatch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void squadNormalisation_data();
    void squadNormalisation();
    void eachOptionAlone_data();
    void eachOptionAlone();
    void matchesAfterNormalising();
};

void TestExactMatch::squadNormalisation_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    // "The Eiffel Tower!" -> "the eiffel tower!" -> "the eiffel tower" -> " eiffel tower" -> "eiffel tower"
    QTest::newRow("article and mark") << "The Eiffel Tower!" << "eiffel tower";
    // "an apple, a pear" -> no comma -> "  apple   pear" -> "apple pear"
    QTest::newRow("several articles") << "An apple, a pear" << "apple pear";
    // "theatre" and "another" hold "the" and "an" inside words: \b keeps them.
    QTest::newRow("articles inside words") << "Theatre another Anatomy" << "theatre another anatomy";
    // Punctuation goes first, so "the-end" -> "theend" (no article left), "a.b" -> "ab".
    QTest::newRow("punctuation joins words") << "the-end a.b" << "theend ab";
    // "(a)" -> "a" -> " " -> "" : an answer of only an article normalises to nothing.
    QTest::newRow("only an article") << "(A)" << "";
    // Tabs, newlines and runs of spaces become single spaces; none at the ends.
    QTest::newRow("whitespace") << "  1,000\t\n dollars  " << "1000 dollars";
    // Underscore is punctuation; digits stay.
    QTest::newRow("underscore") << "snake_case 42" << "snakecase 42";
    // Unicode lowercase: "Éclair" -> "éclair"; non-ASCII punctuation (« ») is kept, as in SQuAD.
    QTest::newRow("unicode") << "«Éclair» THE Über" << "«éclair» über";
    // An article next to a non-ASCII letter is inside a word.
    QTest::newRow("article before accent") << "theé a" << "theé";
    QTest::newRow("empty") << "" << "";
}

void TestExactMatch::squadNormalisation()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    QCOMPARE(QString::fromStdString(normaliseAnswer(text.toStdString(), AnswerNormalisation::squad())), expected);
}

void TestExactMatch::eachOptionAlone_data()
{
    QTest::addColumn<int>("option");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << -1 << "  The  Cat, a DOG ";
    QTest::newRow("case") << 0 << "  the  cat, a dog ";
    QTest::newRow("punctuation") << 1 << "  The  Cat a DOG ";
    // Case is kept, so only the lowercase "a" is an article ("The" is not).
    QTest::newRow("articles") << 2 << "  The  Cat,   DOG ";
    QTest::newRow("whitespace") << 3 << "The Cat, a DOG";
}

void TestExactMatch::eachOptionAlone()
{
    QFETCH(int, option);
    QFETCH(QString, expected);
    AnswerNormalisation n;
    n.ignoreCase = option == 0;
    n.ignorePunctuation = option == 1;
    n.ignoreArticles = option == 2;
    n.ignoreWhitespace = option == 3;
    QCOMPARE(n.any(), option >= 0);
    QCOMPARE(QString::fromStdString(normaliseAnswer("  The  Cat, a DOG ", n)), expected);
}

void TestExactMatch::matchesAfterNormalising()
{
    const auto squad = AnswerNormalisation::squad();
    QVERIFY(exactMatch("The Nile.", "nile", squad));
    QVERIFY(!exactMatch("The Nile.", "nile", AnswerNormalisation()));
    QVERIFY(exactMatch("nile", "nile", AnswerNormalisation()));
    QVERIFY(!exactMatch("the Nile river", "Nile", squad));
    AnswerNormalisation caseOnly;
    caseOnly.ignoreCase = true;
    QVERIFY(exactMatch("PARIS", "paris", caseOnly));
    QVERIFY(!exactMatch("Paris.", "paris", caseOnly));
}

LW_TEST_GUILESS_MAIN(TestExactMatch)
#include "test_exact_match.moc"

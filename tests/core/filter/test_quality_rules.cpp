// The quality step's rules, one at a time, on texts whose statistics are worked out by
// hand in the comments; each rule is tried just inside and just outside its threshold.
// Lengths are in code points.
#include "core/filter/quality_filter.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using nlohmann::json;

namespace {

// Every rule off, so that a row switches on only the rule it is about.
const char* kAllOff = R"({"step":"quality","drop_empty":false,"max_words":null,"max_mean_word_length":null,
    "max_ellipsis_lines":null,"stop_words":"none","stop_words_min_words":0,"max_duplicate_lines":null,"max_duplicate_line_chars":null,
    "max_duplicate_paragraphs":null,"max_duplicate_paragraph_chars":null,"max_duplicate_ngram_chars":null,
    "lorem_ipsum":false})";

std::string reasonWith(const std::string& rule, const std::string& text)
{
    json step = json::parse(kAllOff);
    step.update(json::parse(rule));
    return filter::QualityFilter::fromJson(step, "recipe step 1 (quality)").check(text).reason;
}

void addRule(const char* name, const char* rule, const char* text, const char* reason)
{
    QTest::newRow(name) << QByteArray(rule) << QByteArray(text) << QString::fromUtf8(reason);
}

} // namespace

class TestQualityRules : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void allOffKeepsAnything();
    void rules_data();
    void rules();
    void stopWordsAuto();
};

void TestQualityRules::allOffKeepsAnything()
{
    QCOMPARE(reasonWith("{}", ""), std::string());
    QCOMPARE(reasonWith("{}", "### ... ### {lorem ipsum}\n- - -\n- - -"), std::string());
}

void TestQualityRules::rules_data()
{
    QTest::addColumn<QByteArray>("rule"); // JSON fields on top of kAllOff
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("reason"); // empty: kept

    addRule("empty", R"({"drop_empty":true})", " \n\t\u3000", "empty text");
    addRule("not empty", R"({"drop_empty":true})", " x ", "");

    // "one two three": 3 words.
    addRule("min words kept", R"({"min_words":3})", "one two three", "");
    addRule("min words", R"({"min_words":4})", "one two three", "too few words: 3 < min 4");
    addRule("max words", R"({"max_words":2})", "one two three", "too many words: 3 > max 2");

    // "aa bbbb": (2 + 4) / 2 = 3.0.
    addRule("mean length kept", R"({"min_mean_word_length":3})", "aa bbbb", "");
    addRule("mean length min", R"({"min_mean_word_length":3.1})", "aa bbbb", "mean word length 3.00 < min 3.1");
    addRule("mean length max", R"({"max_mean_word_length":2.9})", "aa bbbb", "mean word length 3.00 > max 2.9");
    // "Tôi là": T ô i = 3 and l à = 2 code points, mean 2.5 (in bytes (4 + 3) / 2 = 3.5).
    addRule("mean length vietnamese", R"({"min_mean_word_length":3})", "Tôi là", "mean word length 2.50 < min 3");

    // Words "##", "Title", "here", "now": 2 '#' over 4 words = 0.5.
    addRule("hash ratio kept", R"({"max_symbol_word_ratio":0.5})", "## Title here now", "");
    addRule("hash ratio", R"({"max_symbol_word_ratio":0.49})", "## Title here now", "'#' per word 0.500 > max 0.49");
    // Words "wait...", "what....", "now…", "ok": "..." twice (four dots hold one) and
    // U+2026 once: 3 ellipses over 4 words = 0.75.
    addRule("ellipsis ratio kept", R"({"max_symbol_word_ratio":0.75})", "wait... what.... now… ok", "");
    addRule("ellipsis ratio", R"({"max_symbol_word_ratio":0.7})", "wait... what.... now… ok",
            "ellipses per word 0.750 > max 0.7");

    // Four non-blank lines (the blank one does not count); three start with a bullet
    // after their indent: 3 / 4 = 0.75.
    const char* list = "- apples\n  * pears\n\n• plums\nplain line";
    addRule("bullets kept", R"({"max_bullet_lines":0.75})", list, "");
    addRule("bullets", R"({"max_bullet_lines":0.7})", list, "bullet lines 0.750 > max 0.7");

    // Lines end in "...", "…" (trailing spaces trimmed), nothing, nothing: 2 / 4 = 0.5.
    const char* trailing = "one...\ntwo…  \nthree\nfour";
    addRule("ellipsis lines kept", R"({"max_ellipsis_lines":0.5})", trailing, "");
    addRule("ellipsis lines", R"({"max_ellipsis_lines":0.3})", trailing, "lines ending in an ellipsis 0.500 > max 0.3");

    // "2 + 2 = 4 yes": only "yes" of 6 words has a letter: 1 / 6 = 0.1667.
    addRule("letters kept", R"({"min_alpha_words":0.16})", "2 + 2 = 4 yes", "");
    addRule("letters", R"({"min_alpha_words":0.17})", "2 + 2 = 4 yes", "words with a letter 0.167 < min 0.17");
    // "x1 42 đúng": x1 and đúng hold letters (đ and ú are letters): 2 / 3 = 0.667.
    addRule("letters vietnamese kept", R"({"min_alpha_words":0.66})", "x1 42 đúng", "");
    addRule("letters vietnamese", R"({"min_alpha_words":0.67})", "x1 42 đúng", "words with a letter 0.667 < min 0.67");

    // English list: the, be, to, of, and, that, have, with. "the cat sat on a mat" has 1.
    addRule("stop words en", R"({"stop_words":"en"})", "the cat sat on a mat", "stop words (en): 1 < min 2");
    // "(The" and "to," count once their punctuation is removed and case folded: 2.
    addRule("stop words en kept", R"({"stop_words":"en"})", "(The cat went to, a mat", "");
    addRule("stop words en min 3", R"({"stop_words":"en","min_stop_words":3})", "(The cat went to, a mat",
            "stop words (en): 2 < min 3");
    // "Tôi và bạn của tôi": "và" and "của" are on the Vietnamese list: 2.
    addRule("stop words vi kept", R"({"stop_words":"vi"})", "Tôi và bạn của tôi", "");
    addRule("stop words vi", R"({"stop_words":"vi"})", "Tôi thích mèo", "stop words (vi): 0 < min 2");

    addRule("lorem ipsum", R"({"lorem_ipsum":true})", "Lorem Ipsum dolor sit amet.", "contains 'lorem ipsum'");
    addRule("javascript", R"({"javascript":true})", "Please enable JavaScript.", "contains 'javascript'");
    addRule("javascript off", R"({"javascript":false})", "Please enable JavaScript.", "");
    addRule("curly brace", R"({"curly_brace":true})", "int main() { return 0; }", "contains '{'");

    // "abc 12345": 5 digits of 8 code points in words = 0.625.
    addRule("digits kept", R"({"max_digit_fraction":0.625})", "abc 12345", "");
    addRule("digits", R"({"max_digit_fraction":0.6})", "abc 12345", "digits 0.625 > max 0.6");

    // Lines alpha, beta, "alpha  " (trimmed: a repeat), gamma: 1 of 4 = 0.25. Code points
    // 5 + 4 + 5 + 5 = 19, the repeat holds 5: 5 / 19 = 0.263.
    const char* lines = "alpha\nbeta\nalpha  \ngamma";
    addRule("duplicate lines kept", R"({"max_duplicate_lines":0.25})", lines, "");
    addRule("duplicate lines", R"({"max_duplicate_lines":0.24})", lines, "duplicate lines 0.250 > max 0.24");
    addRule("duplicate line chars kept", R"({"max_duplicate_line_chars":0.27})", lines, "");
    addRule("duplicate line chars", R"({"max_duplicate_line_chars":0.26})", lines,
            "characters in duplicate lines 0.263 > max 0.26");

    // Paragraphs [p one / line], [p two], [p one / line]; blank lines, also "\r\n" and
    // spaces-only ones, separate them. The third repeats the first: 1 of 3 = 0.333.
    // Code points 9 + 5 + 9 = 23, the repeat holds 9: 9 / 23 = 0.391.
    const char* paragraphs = "p one\nline\n\np two\r\n  \r\np one\nline\n";
    addRule("duplicate paragraphs kept", R"({"max_duplicate_paragraphs":0.34})", paragraphs, "");
    addRule("duplicate paragraphs", R"({"max_duplicate_paragraphs":0.33})", paragraphs,
            "duplicate paragraphs 0.333 > max 0.33");
    addRule("duplicate paragraph chars kept", R"({"max_duplicate_paragraph_chars":0.4})", paragraphs, "");
    addRule("duplicate paragraph chars", R"({"max_duplicate_paragraph_chars":0.39})", paragraphs,
            "characters in duplicate paragraphs 0.391 > max 0.39");
    // The same lines grouped differently make different paragraphs.
    addRule("regrouped paragraphs", R"({"max_duplicate_paragraph_chars":0})", "p one\nline\n\np one\n\nline", "");

    // "red fox red fox jumps": 3+3+3+3+5 = 17; "red fox" occurs twice: 2 x 6 / 17 = 0.706.
    addRule("top 2-gram kept", R"({"max_top_ngram_chars":{"2":0.71}})", "red fox red fox jumps", "");
    addRule("top 2-gram", R"({"max_top_ngram_chars":{"2":0.7}})", "red fox red fox jumps",
            "top 2-gram characters 0.706 > max 0.7");
    // No bigram occurs twice, so the fraction is 0 and even a 0 threshold keeps it.
    addRule("no repeated 2-gram", R"({"max_top_ngram_chars":{"2":0}})", "red fox jumps high", "");
    // "a b c a b c a": "a b c", "b c a" and "c a b" each occur twice; the first to reach
    // 2 ("a b c") is reported: 2 x 3 / 7 = 0.857.
    addRule("top 3-gram", R"({"max_top_ngram_chars":{"3":0.85}})", "a b c a b c a",
            "top 3-gram characters 0.857 > max 0.85");

    // 12 words, 46 code points: one(3) two(3) three(5) four(4) five(4) six(3), then one
    // two three four five seven(5). The 5-gram at word 6 repeats the one at word 0 and
    // covers words 6-10: 3+3+5+4+4 = 19, and 19 / 46 = 0.413.
    const char* counting = "one two three four five six one two three four five seven";
    addRule("duplicate 5-gram kept", R"({"max_duplicate_ngram_chars":{"5":0.42}})", counting, "");
    addRule("duplicate 5-gram", R"({"max_duplicate_ngram_chars":{"5":0.41}})", counting,
            "duplicate 5-gram characters 0.413 > max 0.41");
    // No 6-gram repeats ("five six" against "five seven").
    // Setting one n leaves the others as they were: 5 must be switched off by name.
    addRule("no duplicate 6-gram", R"({"max_duplicate_ngram_chars":{"5":null,"6":0}})", counting, "");
    addRule("5-gram still on", R"({"max_duplicate_ngram_chars":{"6":0}})", counting,
            "duplicate 5-gram characters 0.413 > max 0.15");
    // "a b c d e" three times: every 5-gram from word 5 on repeats an earlier one, and they
    // overlap; words 5-14 are covered, each counted once: 10 / 15 = 0.667.
    addRule("overlapping 5-grams", R"({"max_duplicate_ngram_chars":{"5":0.66}})", "a b c d e a b c d e a b c d e",
            "duplicate 5-gram characters 0.667 > max 0.66");
}

void TestQualityRules::rules()
{
    QFETCH(QByteArray, rule);
    QFETCH(QByteArray, text);
    QFETCH(QString, reason);
    QCOMPARE(QString::fromStdString(reasonWith(rule.toStdString(), text.toStdString())), reason);
}

void TestQualityRules::stopWordsAuto()
{
    const std::string rule = R"({"stop_words":"auto"})";
    // CLD2 reliably reads this as English, and it holds none of the eight English stop words.
    QCOMPARE(reasonWith(rule, "Cats sleep all day long in sunny windows, dreaming about birds outside."),
             std::string("stop words (en): 0 < min 2"));
    // Vietnamese with "trong" and "và".
    QCOMPARE(reasonWith(rule, "Hôm nay trời đẹp, chúng tôi đi dạo trong công viên gần nhà và ăn kem."), std::string());
    // There is no French list, so the rule does not apply.
    QCOMPARE(reasonWith(rule, "Les chats dorment toute la journée au soleil près des fenêtres."), std::string());
    // Too short for CLD2 to guess: the rule does not apply either.
    QCOMPARE(reasonWith(rule, "Paris."), std::string());
    // CLD2 reliably calls "Paris is big." English, which has no stop word; texts shorter
    // than stop_words_min_words skip the rule.
    QCOMPARE(reasonWith(rule, "Paris is big."), std::string("stop words (en): 0 < min 2"));
    QCOMPARE(reasonWith(R"({"stop_words":"auto","stop_words_min_words":4})", "Paris is big."), std::string());
}

LW_TEST_GUILESS_MAIN(TestQualityRules)
#include "test_quality_rules.moc"

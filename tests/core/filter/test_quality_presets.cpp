// The quality step's two presets: the default keeps short answers, lists and maths that
// Gopher's published thresholds drop; both keep ordinary prose and drop it repeated.
#include "core/filter/quality_filter.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using filter::QualitySettings;
using nlohmann::json;

namespace {

// About 80 words of ordinary English prose written for this test.
const char* kProse =
    "Last spring the town council decided to plant a row of young oak trees along the river path. "
    "Volunteers arrived early with spades, gloves and a long list of careful instructions. By noon "
    "most holes had been dug, and children carried buckets of water from the old stone well. "
    "Everyone agreed that the shade would be welcome in twenty years, when the saplings have grown "
    "tall enough to shelter walkers from the summer heat and with luck to give the birds a home.";

QualitySettings preset(const char* name)
{
    return QualitySettings::fromJson(json{{"step", "quality"}, {"preset", name}}, "recipe step 1 (quality)");
}

std::string presetReason(const char* name, const std::string& text)
{
    return filter::QualityFilter(preset(name)).check(text).reason;
}

} // namespace

class TestQualityPresets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void defaultKeepsShortAnswers_data();
    void defaultKeepsShortAnswers();
    void gopherValues();
    void fieldsOverrideThePreset();
    void jsonRoundTrip();
    void proseAndRepeatedProse();
};

void TestQualityPresets::defaultKeepsShortAnswers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("gopherReason");
    QTest::newRow("one word") << "Paris." << "too few words: 1 < min 50";
    QTest::newRow("list") << "- flour\n- eggs\n- milk" << "too few words: 6 < min 50";
    QTest::newRow("maths") << "12 * 7 = 84" << "too few words: 5 < min 50";
    QTest::newRow("markdown") << "## Steps\n1. Boil water.\n2. Add tea." << "too few words: 8 < min 50";
    // CLD2 reliably reads this as English and it holds no stop word; the default skips
    // that rule below 50 words.
    QTest::newRow("no stop word") << "Paris is big." << "too few words: 3 < min 50";
}

void TestQualityPresets::defaultKeepsShortAnswers()
{
    QFETCH(QString, text);
    QFETCH(QString, gopherReason);
    QCOMPARE(presetReason("default", text.toStdString()), std::string());
    QCOMPARE(QString::fromStdString(presetReason("gopher", text.toStdString())), gopherReason);
}

void TestQualityPresets::gopherValues()
{
    // The published thresholds (Rae et al. 2021, appendix A).
    const QualitySettings g = preset("gopher");
    QCOMPARE(*g.minWords, 50.0);
    QCOMPARE(*g.maxWords, 100000.0);
    QCOMPARE(*g.minMeanWordLength, 3.0);
    QCOMPARE(*g.maxMeanWordLength, 10.0);
    QCOMPARE(*g.maxSymbolWordRatio, 0.1);
    QCOMPARE(*g.maxBulletLines, 0.9);
    QCOMPARE(*g.maxEllipsisLines, 0.3);
    QCOMPARE(*g.minAlphaWords, 0.8);
    QCOMPARE(g.stopWords, std::string("en"));
    QCOMPARE(g.minStopWords, int64_t(2));
    QCOMPARE(g.stopWordsMinWords, int64_t(0));
    QCOMPARE(*g.maxDuplicateLines, 0.3);
    QCOMPARE(*g.maxDuplicateLineChars, 0.2);
    QCOMPARE(*g.maxDuplicateParagraphs, 0.3);
    QCOMPARE(*g.maxDuplicateParagraphChars, 0.2);
    const double top[] = {0.20, 0.18, 0.16};
    for (int n = 2; n <= 4; ++n)
        QCOMPARE(*g.maxTopNgramChars[n], top[n - 2]);
    const double duplicate[] = {0.15, 0.14, 0.13, 0.12, 0.11, 0.10};
    for (int n = 5; n <= 10; ++n)
        QCOMPARE(*g.maxDuplicateNgramChars[n], duplicate[n - 5]);
}

void TestQualityPresets::fieldsOverrideThePreset()
{
    const auto s = QualitySettings::fromJson(
        json::parse(R"({"step":"quality","preset":"gopher","min_words":1,"max_top_ngram_chars":{"2":0.5,"4":null}})"),
        "s");
    QCOMPARE(*s.minWords, 1.0);
    QCOMPARE(*s.minAlphaWords, 0.8); // untouched
    QCOMPARE(*s.maxTopNgramChars[2], 0.5);
    QCOMPARE(*s.maxTopNgramChars[3], 0.18);
    QVERIFY(!s.maxTopNgramChars[4]);
    const auto none = QualitySettings::fromJson(json::parse(R"({"step":"quality","max_duplicate_ngram_chars":null})"), "s");
    for (int n = 5; n <= 10; ++n)
        QVERIFY(!none.maxDuplicateNgramChars[n]);
}

void TestQualityPresets::jsonRoundTrip()
{
    // The Gopher preset written out and read back as a "default" step: every field was
    // spelt out, so nothing of the default preset shows through.
    const nlohmann::json written = preset("gopher").toJson();
    QVERIFY(!written.contains("preset"));
    const QualitySettings read = QualitySettings::fromJson(written, "s");
    QCOMPARE(read.toJson(), written);
    QCOMPARE(*read.minWords, 50.0);
    QVERIFY(!read.maxDigitFraction); // off in both, written as null
    QCOMPARE(written["max_digit_fraction"], nlohmann::json(nullptr));
    QCOMPARE(written["max_top_ngram_chars"]["3"].get<double>(), 0.18);
    QCOMPARE(written["stop_words_min_words"].get<int64_t>(), int64_t(0));
    // And the default preset, changed in two places.
    QualitySettings changed = preset("default");
    changed.maxBulletLines = 0.5;
    changed.maxDuplicateNgramChars[7].reset();
    const QualitySettings back = QualitySettings::fromJson(changed.toJson(), "s");
    QCOMPARE(*back.maxBulletLines, 0.5);
    QVERIFY(!back.maxDuplicateNgramChars[7]);
    QCOMPARE(*back.maxDuplicateNgramChars[8], 0.12);
}

void TestQualityPresets::proseAndRepeatedProse()
{
    QCOMPARE(presetReason("gopher", kProse), std::string());
    QCOMPARE(presetReason("default", kProse), std::string());
    // The paragraph twice on one line: the second copy lies inside repeated 5-grams, which
    // is half the word characters (the joining space is not a word character), 0.5 > 0.15.
    const std::string twice = std::string(kProse) + " " + kProse;
    QCOMPARE(presetReason("default", twice), std::string("duplicate 5-gram characters 0.500 > max 0.15"));
    // As two paragraphs of one line each, the duplicate-line rule sees it first: 1 of 2 lines.
    const std::string twoParagraphs = std::string(kProse) + "\n\n" + kProse;
    QCOMPARE(presetReason("default", twoParagraphs), std::string("duplicate lines 0.500 > max 0.3"));
}

LW_TEST_GUILESS_MAIN(TestQualityPresets)
#include "test_quality_presets.moc"

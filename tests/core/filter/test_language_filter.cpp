// The language step on sentences written for this test in five languages, the
// confidence threshold, and codes CLD2 does not know.
#include "core/filter/language_filter.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using nlohmann::json;

class TestLanguageFilter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectsFiveLanguages_data();
    void detectsFiveLanguages();
    void keepsOnlyListedLanguages();
    void confidenceThreshold();
    void undecidableTextIsUnknown_data();
    void undecidableTextIsUnknown();
    void unknownCodesAreErrors();
};

void TestLanguageFilter::detectsFiveLanguages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("code");
    QTest::newRow("en") << "The weather is lovely today, so we walked through the park near our house." << "en";
    QTest::newRow("vi") << "Hôm nay trời đẹp, chúng tôi đi dạo trong công viên gần nhà và ăn kem." << "vi";
    QTest::newRow("vi 2") << "Mẹ tôi nấu phở rất ngon vào mỗi sáng Chủ nhật cho cả gia đình." << "vi";
    QTest::newRow("fr") << "Il fait beau aujourd'hui, alors nous nous promenons dans le parc près de chez nous."
                        << "fr";
    QTest::newRow("de") << "Heute ist das Wetter schön, deshalb gehen wir im Park neben unserem Haus spazieren."
                        << "de";
    QTest::newRow("ja") << "今日はとても良い天気なので、家の近くの公園を散歩しました。" << "ja";
}

void TestLanguageFilter::detectsFiveLanguages()
{
    QFETCH(QString, text);
    QFETCH(QString, code);
    const filter::LanguageGuess guess = filter::detectLanguage(text.toStdString());
    QCOMPARE(QString(guess.code), code);
    QVERIFY(guess.reliable);
    // Reliable, so confidence is CLD2's percent / 100: these one-language sentences are
    // nearly all of one language.
    QVERIFY2(guess.confidence >= 0.9, qPrintable(QString::number(guess.confidence)));
}

void TestLanguageFilter::keepsOnlyListedLanguages()
{
    const auto filter = filter::LanguageFilter::fromJson(
        json{{"step", "language"}, {"keep", {"en", "vi"}}}, "recipe step 2 (language)");
    QVERIFY(filter.check("Mẹ tôi nấu phở rất ngon vào mỗi sáng Chủ nhật cho cả gia đình.").keep);
    QVERIFY(filter.check("My mother cooks a very good soup every Sunday morning for the whole family.").keep);
    const auto german = filter.check("Meine Mutter kocht jeden Sonntagmorgen eine sehr gute Suppe für die ganze Familie.");
    QVERIFY(!german.keep);
    QVERIFY2(QString::fromStdString(german.reason).startsWith("language de (confidence 0."), german.reason.c_str());
    QVERIFY2(german.reason.find("is not kept") != std::string::npos, german.reason.c_str());
}

void TestLanguageFilter::confidenceThreshold()
{
    const std::string english = "The weather is lovely today, so we walked through the park near our house.";
    const filter::LanguageGuess guess = filter::detectLanguage(english);
    // A threshold just at the guess keeps it (>=), one just above drops it.
    auto withThreshold = [](double t) {
        return filter::LanguageFilter::fromJson(json{{"step", "language"}, {"keep", "en"}, {"min_confidence", t}},
                                                "recipe step 2 (language)");
    };
    QVERIFY(withThreshold(guess.confidence).check(english).keep);
    // CLD2 never gives a whole 100% (it keeps a little for other languages), so a
    // threshold just above the guess exists.
    QVERIFY(guess.confidence < 1.0);
    const auto dropped = withThreshold(std::min(1.0, guess.confidence + 0.005)).check(english);
    QVERIFY(!dropped.keep);
    QVERIFY2(dropped.reason.rfind("language en confidence 0.", 0) == 0, dropped.reason.c_str());
    // null switches the threshold off.
    const auto anyConfidence = filter::LanguageFilter::fromJson(
        json{{"step", "language"}, {"keep", "en"}, {"min_confidence", nullptr}}, "recipe step 2 (language)");
    QCOMPARE(anyConfidence.minConfidence(), 0.0);
}

void TestLanguageFilter::undecidableTextIsUnknown_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("digits") << QByteArray("12345 67890");
    // Two words are too few for CLD2 to guess at all.
    QTest::newRow("two words") << QByteArray("hello there");
    QTest::newRow("invalid utf-8") << QByteArray("Das ist ein ganz normaler deutscher Satz \xff\xfe mit M\xfcll.");
}

void TestLanguageFilter::undecidableTextIsUnknown()
{
    QFETCH(QByteArray, text);
    const filter::LanguageGuess guess = filter::detectLanguage(text.toStdString());
    QCOMPARE(QString(guess.code), QString("un"));
    QCOMPARE(guess.confidence, 0.0);
    const auto filter = filter::LanguageFilter::fromJson(
        json{{"step", "language"}, {"keep", "en"}, {"min_confidence", 0}}, "recipe step 2 (language)");
    QCOMPARE(filter.check(text.toStdString()).reason, std::string("language un (confidence 0.00) is not kept"));
}

void TestLanguageFilter::unknownCodesAreErrors()
{
    for (const char* code : {"xx", "english", "EN", ""}) {
        try {
            filter::LanguageFilter::fromJson(json{{"step", "language"}, {"keep", {"vi", code}}}, "recipe step 4 (language)");
            QFAIL(code);
        } catch (const Error& e) {
            const std::string expected = std::string("recipe step 4 (language): field 'keep': '") + code + "'";
            QVERIFY2(std::string(e.what()).rfind(expected, 0) == 0, e.what());
        }
    }
    QVERIFY_THROWS_EXCEPTION(Error, filter::LanguageFilter::fromJson(json{{"step", "language"}}, "s"));
    QVERIFY_THROWS_EXCEPTION(Error, filter::LanguageFilter::fromJson(
                                        json{{"step", "language"}, {"keep", "en"}, {"min_confidence", 1.5}}, "s"));
}

LW_TEST_GUILESS_MAIN(TestLanguageFilter)
#include "test_language_filter.moc"

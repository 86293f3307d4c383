// Recipe step settings: unknown steps, unknown fields and bad values each give one
// error that names the step and the field.
#include "core/filter/instruction_sanity.h"
#include "core/filter/language_filter.h"
#include "core/filter/length_filter.h"
#include "core/filter/pii_scrubber.h"
#include "core/filter/quality_filter.h"
#include "core/filter/regex_filter.h"
#include "core/filter/step_names.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using nlohmann::json;

namespace {

// Builds the step named by its "step" field, as the recipe runner will.
void buildStep(const json& step, const std::string& where)
{
    const std::string name = filter::stepName(step, where);
    if (name == "length")
        filter::LengthFilter::fromJson(step, where, [](std::string_view) { return int64_t(0); });
    else if (name == "regex")
        filter::RegexFilter::fromJson(step, where);
    else if (name == "language")
        filter::LanguageFilter::fromJson(step, where);
    else if (name == "quality")
        filter::QualityFilter::fromJson(step, where);
    else if (name == "pii")
        filter::PiiScrubber::fromJson(step, where);
    else if (name == "instruction_sanity")
        filter::InstructionSanity::fromJson(step, where);
}

} // namespace

class TestFilterSteps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyStepBuildsFromItsName();
    void badStepsNameTheProblem_data();
    void badStepsNameTheProblem();
};

void TestFilterSteps::everyStepBuildsFromItsName()
{
    QCOMPARE(filter::knownStepNames().size(), size_t(6));
    for (const std::string& name : filter::knownStepNames()) {
        json step = {{"step", name}};
        if (name == "regex")
            step["exclude"] = "x";
        if (name == "language")
            step["keep"] = "vi";
        buildStep(step, "recipe step 1 (" + name + ")");
        QCOMPARE(filter::allowedFields(name).front(), std::string("step"));
    }
}

void TestFilterSteps::badStepsNameTheProblem_data()
{
    QTest::addColumn<QByteArray>("step");
    QTest::addColumn<QString>("message"); // the error's whole start
    QTest::newRow("unknown step") << QByteArray(R"({"step":"lenght"})")
                                  << "recipe step 3: unknown step 'lenght' (known: 'length', 'regex',";
    QTest::newRow("no step") << QByteArray(R"({"unit":"chars"})") << "recipe step 3: missing field 'step'";
    QTest::newRow("not an object") << QByteArray(R"(["length"])") << "recipe step 3: expected a JSON object";
    QTest::newRow("misspelt field") << QByteArray(R"({"step":"regex","exlude":"x"})")
                                    << "recipe step 3: unknown field 'exlude' (allowed: 'step', 'field', 'include', 'exclude', 'case_insensitive')";
    QTest::newRow("negative min") << QByteArray(R"({"step":"length","min":-1})")
                                  << "recipe step 3: field 'min': expected a non-negative integer, got -1";
    QTest::newRow("min as text") << QByteArray(R"({"step":"length","min":"5"})")
                                 << "recipe step 3: field 'min': expected a non-negative integer, got \"5\"";
    QTest::newRow("max below min") << QByteArray(R"({"step":"length","min":5,"max":4})")
                                   << "recipe step 3: field 'max': 4 is below min 5";
    QTest::newRow("unknown unit") << QByteArray(R"({"step":"length","unit":"bytes"})")
                                  << "recipe step 3: field 'unit': unknown unit 'bytes'";
    QTest::newRow("flag as text") << QByteArray(R"({"step":"regex","exclude":"x","case_insensitive":"yes"})")
                                  << "recipe step 3: field 'case_insensitive': expected true or false";
    QTest::newRow("pattern list item") << QByteArray(R"({"step":"regex","exclude":["x",7]})")
                                       << "recipe step 3: field 'exclude': item 1 is not a string: 7";
    QTest::newRow("no pattern") << QByteArray(R"({"step":"regex"})")
                                << "recipe step 3: needs an 'include' or an 'exclude' pattern";
    QTest::newRow("confidence range") << QByteArray(R"({"step":"language","keep":"en","min_confidence":1.5})")
                                      << "recipe step 3: field 'min_confidence': expected a number from 0 to 1, got 1.5";
    QTest::newRow("quality preset") << QByteArray(R"({"step":"quality","preset":"c4"})")
                                    << "recipe step 3: field 'preset': unknown preset 'c4'";
    QTest::newRow("quality fraction") << QByteArray(R"({"step":"quality","max_duplicate_lines":2})")
                                      << "recipe step 3: field 'max_duplicate_lines': expected a number from 0 to 1, got 2";
    QTest::newRow("quality stop words") << QByteArray(R"({"step":"quality","stop_words":"fr"})")
                                        << "recipe step 3: field 'stop_words': no stop-word list for 'fr' (choose 'auto', 'none', 'en', 'vi')";
    QTest::newRow("quality n out of range") << QByteArray(R"({"step":"quality","max_top_ngram_chars":{"5":0.1}})")
                                            << "recipe step 3: field 'max_top_ngram_chars': key '5' is not an n from 2 to 4";
    QTest::newRow("quality n value") << QByteArray(R"({"step":"quality","max_duplicate_ngram_chars":{"7":"high"}})")
                                     << "recipe step 3: field 'max_duplicate_ngram_chars': field '7': expected a number";
    QTest::newRow("quality misspelt") << QByteArray(R"({"step":"quality","min_word":3})")
                                      << "recipe step 3: unknown field 'min_word' (allowed: 'step', 'field', 'preset',";
    QTest::newRow("quality word range") << QByteArray(R"({"step":"quality","min_words":10,"max_words":5})")
                                        << "recipe step 3: field 'max_words': 5 is below min_words 10";
    QTest::newRow("pii kind") << QByteArray(R"({"step":"pii","kinds":"ssn"})")
                              << "recipe step 3: field 'kinds': unknown kind 'ssn'";
    QTest::newRow("sanity field type") << QByteArray(R"({"step":"instruction_sanity","prompt_field":1})")
                                       << "recipe step 3: field 'prompt_field': expected a string, got 1";
}

void TestFilterSteps::badStepsNameTheProblem()
{
    QFETCH(QByteArray, step);
    QFETCH(QString, message);
    try {
        buildStep(json::parse(step.toStdString()), "recipe step 3");
        QFAIL("expected an error");
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(message), e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestFilterSteps)
#include "test_filter_steps.moc"

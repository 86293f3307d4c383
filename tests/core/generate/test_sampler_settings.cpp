// SamplerSettings: the JSON form round-trips, and every bad value is an error that
// names its field.
#include "core/generate/sampler_settings.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using lw::generate::SamplerSettings;

class TestSamplerSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jsonRoundTripKeepsEveryField();
    void missingFieldsKeepDefaultsAndStopMayBeOneString();
    void badValuesNameTheirField_data();
    void badValuesNameTheirField();
    void helpCoversEveryField();
};

void TestSamplerSettings::jsonRoundTripKeepsEveryField()
{
    SamplerSettings s;
    s.max_tokens = 7;
    s.temperature = 0.35;
    s.top_k = 3;
    s.top_p = 0.9;
    s.min_p = 0.05;
    s.repetition_penalty = 1.3;
    s.presence_penalty = 0.4;
    s.frequency_penalty = 0.2;
    s.penalty_window = 12;
    s.seed = 18446744073709551615ull;
    s.stop = {"\n\n", "<|im_end|>"};
    s.stop_at_eos = false;
    s.num_beams = 4;
    s.length_penalty = 0.7;
    s.top_alternatives = 5;
    const auto json = s.toJson();
    const SamplerSettings back = SamplerSettings::fromJson(nlohmann::json::parse(json.dump()));
    QVERIFY(back == s);
    QCOMPARE(back.seed, 18446744073709551615ull);
    QCOMPARE(int(json.size()), 15);
}

void TestSamplerSettings::missingFieldsKeepDefaultsAndStopMayBeOneString()
{
    auto s = SamplerSettings::fromJson(nlohmann::json::parse(R"({"top_p": 0.5, "stop": "END"})"));
    QCOMPARE(s.top_p, 0.5);
    QCOMPARE(s.max_tokens, SamplerSettings().max_tokens);
    QCOMPARE(s.stop, std::vector<std::string>{"END"});
    QVERIFY(SamplerSettings::fromJson(nlohmann::json::object()) == SamplerSettings());
}

void TestSamplerSettings::badValuesNameTheirField_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("top_p > 1") << R"({"top_p": 1.5})" << "sampler.top_p: must be in (0, 1], got 1.5";
    QTest::newRow("top_p 0") << R"({"top_p": 0})" << "sampler.top_p";
    QTest::newRow("negative temperature") << R"({"temperature": -0.1})" << "sampler.temperature";
    QTest::newRow("negative top_k") << R"({"top_k": -1})" << "sampler.top_k";
    QTest::newRow("min_p 1") << R"({"min_p": 1.0})" << "sampler.min_p";
    QTest::newRow("repetition 0") << R"({"repetition_penalty": 0})" << "sampler.repetition_penalty";
    QTest::newRow("zero tokens") << R"({"max_tokens": 0})" << "sampler.max_tokens: must be positive";
    QTest::newRow("no beams") << R"({"num_beams": 0})" << "sampler.num_beams";
    QTest::newRow("empty stop") << R"({"stop": ["a", ""]})" << "sampler.stop: stop sequence 2 is empty";
    QTest::newRow("unknown field") << R"({"top_q": 1})" << "sampler.top_q: unknown field";
    QTest::newRow("wrong type") << R"({"top_k": "ten"})" << "sampler.top_k: expected an integer";
    QTest::newRow("negative seed") << R"({"seed": -3})" << "sampler.seed: expected a non-negative integer";
    QTest::newRow("stop numbers") << R"({"stop": [1]})" << "sampler.stop: expected strings";
}

void TestSamplerSettings::badValuesNameTheirField()
{
    QFETCH(QString, json);
    QFETCH(QString, expected);
    try {
        SamplerSettings::fromJson(nlohmann::json::parse(json.toStdString())).validate();
        QFAIL("no error");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains(expected), e.what());
    }
}

void TestSamplerSettings::helpCoversEveryField()
{
    const auto json = SamplerSettings().toJson();
    const auto& help = lw::generate::samplerSettingsHelp();
    QCOMPARE(help.size(), json.size());
    for (const auto& [key, text] : help) {
        QVERIFY2(json.contains(key), key.c_str());
        QVERIFY(!text.empty());
    }
}

LW_TEST_GUILESS_MAIN(TestSamplerSettings)
#include "test_sampler_settings.moc"

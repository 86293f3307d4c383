// Generation defaults from a Hugging Face folder's generation_config.json: each field
// lands on its SamplerSettings counterpart, absent and null fields keep the base,
// do_sample false means greedy, eos_token_id gives the stop token ids, and bad values
// are errors that name the file and the field.
#include "core/generate/hf_generation_config.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

using namespace lw::generate;

namespace {

void writeConfig(const QTemporaryDir& dir, const char* name, const std::string& text)
{
    std::ofstream(dir.filePath(name).toStdString()) << text;
}

SamplerSettings customBase()
{
    SamplerSettings base;
    base.temperature = 0.5;
    base.top_k = 7;
    base.top_p = 0.75;
    base.max_tokens = 33;
    base.seed = 99;
    return base;
}

} // namespace

class TestHfGenerationConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fieldsMapOntoSamplerSettings();
    void absentFileOrFieldsKeepTheBase();
    void doSampleFalseIsGreedy();
    void eosTokenIdsFromEitherFile();
    void badValuesNameFileAndField_data();
    void badValuesNameFileAndField();
};

void TestHfGenerationConfig::fieldsMapOntoSamplerSettings()
{
    QTemporaryDir dir;
    writeConfig(dir, "generation_config.json",
                R"({"bos_token_id": 1, "do_sample": true, "temperature": 0.6, "top_p": 0.9, "top_k": 20,
                    "repetition_penalty": 1.05, "max_new_tokens": 512, "transformers_version": "4.45.0"})");
    const SamplerSettings s = generationDefaultsFromHfFolder(dir.path().toStdString(), customBase());
    QCOMPARE(s.temperature, 0.6);
    QCOMPARE(s.top_p, 0.9);
    QCOMPARE(s.top_k, int64_t(20));
    QCOMPARE(s.repetition_penalty, 1.05);
    QCOMPARE(s.max_tokens, int64_t(512));
    QCOMPARE(s.seed, uint64_t(99)); // not in the file
}

void TestHfGenerationConfig::absentFileOrFieldsKeepTheBase()
{
    QTemporaryDir dir;
    QVERIFY(generationDefaultsFromHfFolder(dir.path().toStdString(), customBase()) == customBase());
    writeConfig(dir, "generation_config.json", R"({"eos_token_id": 2, "temperature": null})");
    QVERIFY(generationDefaultsFromHfFolder(dir.path().toStdString(), customBase()) == customBase());
}

void TestHfGenerationConfig::doSampleFalseIsGreedy()
{
    QTemporaryDir dir;
    writeConfig(dir, "generation_config.json", R"({"do_sample": false, "temperature": 0.7, "top_k": 5})");
    const SamplerSettings s = generationDefaultsFromHfFolder(dir.path().toStdString(), customBase());
    QCOMPARE(s.temperature, 0.0);
    QVERIFY(s.greedy());
    QCOMPARE(s.top_k, int64_t(5));
}

void TestHfGenerationConfig::eosTokenIdsFromEitherFile()
{
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    QCOMPARE(eosTokenIdsFromHfFolder(folder), std::vector<int32_t>{});
    writeConfig(dir, "config.json", R"({"eos_token_id": 2})");
    QCOMPARE(eosTokenIdsFromHfFolder(folder), std::vector<int32_t>{2});
    writeConfig(dir, "generation_config.json", R"({"eos_token_id": [128001, 128008, 128009]})");
    QCOMPARE(eosTokenIdsFromHfFolder(folder), (std::vector<int32_t>{128001, 128008, 128009}));
}

void TestHfGenerationConfig::badValuesNameFileAndField_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("string temperature") << R"({"temperature": "hot"})"
                                        << R"(field "temperature": expected a number, got "hot")";
    QTest::newRow("fractional top_k") << R"({"top_k": 2.5})" << R"(field "top_k": expected an integer, got 2.5)";
    QTest::newRow("do_sample as text") << R"({"do_sample": "yes"})"
                                       << R"(field "do_sample": expected true or false, got "yes")";
    QTest::newRow("eos as text") << R"({"eos_token_id": ["</s>"]})"
                                 << R"(field "eos_token_id": expected a token id or a list of them, got ["</s>"])";
    // A value of the right type that SamplerSettings refuses: its own message follows.
    QTest::newRow("top_p above 1") << R"({"top_p": 1.5})" << "sampler.top_p: must be in (0, 1], got 1.5";
    QTest::newRow("not an object") << "[1, 2]" << "expected a JSON object";
}

void TestHfGenerationConfig::badValuesNameFileAndField()
{
    QFETCH(QString, json);
    QFETCH(QString, message);
    QTemporaryDir dir;
    writeConfig(dir, "generation_config.json", json.toStdString());
    const QString error = lw::test::lwErrorOf([&] {
        generationDefaultsFromHfFolder(dir.path().toStdString(), {});
        eosTokenIdsFromHfFolder(dir.path().toStdString());
    });
    QCOMPARE(error, dir.filePath("generation_config.json") + ": " + message);
}

LW_TEST_GUILESS_MAIN(TestHfGenerationConfig)
#include "test_hf_generation_config.moc"

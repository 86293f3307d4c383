// tokenizer.json in each family's style (GPT-2, Llama 3, Qwen2, SmolLM, Llama 2, Mistral):
// ids, decoded text and the post-processor's prefix equal what the real `tokenizers`
// library gave for the same files (fixtures/hf/expected.json, made by
// fixtures/make_hf_tokenizers.py).
#include "core/tokenizer/hf_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "tokenizer_test_support.h"
#include "test_registry.h"

#include <QtTest>

class TestHfTokenizerFixtures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void idsEqualTheLibrary_data();
    void idsEqualTheLibrary();
    void loadTokenizerPicksTokenizerJson();

private:
    nlohmann::json m_expected;
};

namespace {

std::string fixture(const std::string& name)
{
    return std::string(lw::test::sourceDir()) + "/tests/core/tokenizer/fixtures/hf/" + name;
}

} // namespace

void TestHfTokenizerFixtures::initTestCase()
{
    m_expected = nlohmann::json::parse(lw::test::readWholeFile(fixture("expected.json")));
    QVERIFY(m_expected["families"].size() == 6);
}

void TestHfTokenizerFixtures::idsEqualTheLibrary_data()
{
    QTest::addColumn<QString>("family");
    for (const char* family : {"gpt2", "llama3", "qwen2", "smollm", "llama2", "mistral"})
        QTest::newRow(family) << QString(family);
}

void TestHfTokenizerFixtures::idsEqualTheLibrary()
{
    QFETCH(QString, family);
    auto tokenizer = lw::tokenizer::HfTokenizer::load(fixture(family.toStdString() + ".json"));
    const auto& expected = m_expected["families"][family.toStdString()];
    QCOMPARE(tokenizer->bosPrefix(), expected["bos_prefix"].get<std::vector<int32_t>>());
    int checked = 0;
    for (const auto& c : expected["cases"]) {
        const std::string text = c["text"].get<std::string>();
        const auto want = c["ids"].get<std::vector<int32_t>>();
        const auto got = tokenizer->encode(text);
        if (got != want)
            QFAIL(qPrintable(QString("%1: \"%2\": ids %3, the library gave %4 (first difference at %5)")
                                 .arg(family, QString::fromStdString(text), lw::test::describeIds(got),
                                      lw::test::describeIds(want))
                                 .arg(lw::test::firstDifference(got, want))));
        QCOMPARE(tokenizer->decode(want), c["decoded"].get<std::string>());
        ++checked;
    }
    QCOMPARE(checked, 24);
}

void TestHfTokenizerFixtures::loadTokenizerPicksTokenizerJson()
{
    // A folder with tokenizer.json beside GPT-2's vocab.json + merges.txt loads the former.
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    QVERIFY(QFile::copy(QString::fromStdString(fixture("llama2.json")), QString::fromStdString(folder + "/tokenizer.json")));
    for (const char* name : {"vocab.json", "merges.txt"})
        QVERIFY(QFile::copy(QString::fromStdString(lw::test::gpt2Folder() + "/encoder.json"),
                            QString::fromStdString(folder + "/" + name)));
    auto fromFolder = lw::tokenizer::loadTokenizer(folder);
    QCOMPARE(fromFolder->kind(), std::string("hf"));
    auto fromFile = lw::tokenizer::loadTokenizer(folder + "/tokenizer.json");
    QCOMPARE(fromFile->encode("Hello world"), fromFolder->encode("Hello world"));

    // tokenizer_config.json beside it names bos and eos (string and object forms).
    std::ofstream(folder + "/tokenizer_config.json")
        << R"({"bos_token": {"content": "</s>"}, "eos_token": "<unk>", "add_bos_token": false})";
    auto configured = lw::tokenizer::HfTokenizer::load(folder + "/tokenizer.json");
    QCOMPARE(configured->bosId(), std::optional<int32_t>(2));
    QCOMPARE(configured->eosId(), std::optional<int32_t>(0));
    QCOMPARE(configured->addsBosToken(), false);
    QCOMPARE(configured->tokenId("<s>"), std::optional<int32_t>(1));
    QCOMPARE(configured->tokenId("<0x0A>"), std::optional<int32_t>(3 + 0x0A));
    QCOMPARE(configured->tokenId("no such token"), std::nullopt);
}

LW_TEST_GUILESS_MAIN(TestHfTokenizerFixtures)
#include "test_hf_tokenizer_fixtures.moc"

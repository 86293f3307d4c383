// GPT-2's real vocabulary as a tokenizer.json (written at test time by writeTokenizerJson
// from shared/data's encoder.json + vocab.bpe): the same ids as ByteLevelBpeTokenizer on
// long texts; with a Llama-3-style Split pre-tokenizer, the same ids as the independent
// Python implementation (hf_tokenizer_reference.py), which also checks the family
// fixtures on random mixes of text, with special tokens allowed and not.
#include "core/tokenizer/byte_level_bpe_tokenizer.h"
#include "core/tokenizer/hf_tokenizer.h"
#include "tokenizer_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <chrono>
#include <random>

class TestHfTokenizerGpt2 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void sameIdsAsByteLevelBpe();
    void decodeRoundTrips();
    void llama3PatternMatchesReference();
    void fixturesMatchReferenceOnRandomText_data();
    void fixturesMatchReferenceOnRandomText();
    void encodeSpeedIsComparable();

private:
    static std::vector<std::string> randomMixes(int count, uint32_t seed);
    static void compareWithReference(const lw::tokenizer::HfTokenizer& tokenizer, const std::string& jsonPath,
                                     const std::vector<std::string>& texts);

    QTemporaryDir m_dir;
    std::unique_ptr<lw::tokenizer::ByteLevelBpeTokenizer> m_bpe;
    std::unique_ptr<lw::tokenizer::HfTokenizer> m_hf;
    std::string m_jsonPath;
    std::string m_verdict;
};

void TestHfTokenizerGpt2::initTestCase()
{
    m_bpe = lw::tokenizer::ByteLevelBpeTokenizer::load(lw::test::gpt2Folder());
    m_jsonPath = m_dir.filePath("tokenizer.json").toStdString();
    lw::tokenizer::writeTokenizerJson(*m_bpe, m_jsonPath);
    m_hf = lw::tokenizer::HfTokenizer::load(m_jsonPath);
    m_verdict = lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt"));
    QCOMPARE(m_hf->vocabSize(), 50257);
    QCOMPARE(m_hf->eosId(), std::optional<int32_t>(50256));
    QCOMPARE(m_hf->tokenId("<|endoftext|>"), std::optional<int32_t>(50256));
    QVERIFY(m_hf->bosPrefix().empty());
}

std::vector<std::string> TestHfTokenizerGpt2::randomMixes(int count, uint32_t seed)
{
    // Fragments of every kind the tokenizers treat specially, glued at random.
    const std::vector<std::string> fragments = {
        "Hello", " world", "I'm", " they'll", "DON'T", " 12345", "678901", " 3.5", "  ", "    ", "\n", "\n\n", "\t",
        " \n ", "Tiếng Việt", " người", "机器学习", "日本語", "🙂", "👍🏽", "👨‍👩‍👧", "e\u0301", " ꙮ", "ǅ",
        "<|endoftext|>", "<s>", "</s>", "[INST]", "<|im_start|>", "<|eot_id|>", "<note>", "<mask>", "!!!", "...",
        "(x)", "camelCase", "ALLCAPS", " the", "ß", "İstanbul", "𝔘𝔫𝔦"};
    std::mt19937 rng(seed);
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i) {
        std::string s;
        const int parts = 1 + static_cast<int>(rng() % 12);
        for (int p = 0; p < parts; ++p)
            s += fragments[rng() % fragments.size()];
        out.push_back(s);
    }
    return out;
}

void TestHfTokenizerGpt2::compareWithReference(const lw::tokenizer::HfTokenizer& tokenizer, const std::string& jsonPath,
                                               const std::vector<std::string>& texts)
{
    std::vector<lw::test::ReferenceInput> inputs;
    for (const auto& t : texts) {
        inputs.push_back({t, true});
        inputs.push_back({t, false});
    }
    std::vector<std::vector<int32_t>> expected;
    QVERIFY(lw::test::runReference("hf_tokenizer_reference.py", {QString::fromStdString(jsonPath)}, inputs, expected));
    for (size_t i = 0; i < inputs.size(); ++i) {
        const auto got = tokenizer.encode(inputs[i].text, inputs[i].allowSpecial);
        if (got != expected[i])
            QFAIL(qPrintable(QString("\"%1\" (special %2): ids %3, reference %4")
                                 .arg(QString::fromStdString(inputs[i].text))
                                 .arg(inputs[i].allowSpecial)
                                 .arg(lw::test::describeIds(got), lw::test::describeIds(expected[i]))));
    }
}

void TestHfTokenizerGpt2::sameIdsAsByteLevelBpe()
{
    std::string text;
    for (int i = 0; i < 4; ++i)
        text += m_verdict;
    text += "<|endoftext|> and the end<|endoftext|>";
    for (bool special : {true, false}) {
        const auto want = m_bpe->encode(text, special);
        const auto got = m_hf->encode(text, special);
        QCOMPARE(lw::test::firstDifference(got, want), int64_t(-1));
    }
    for (const auto& s : randomMixes(300, 7))
        QCOMPARE(m_hf->encode(s), m_bpe->encode(s));
}

void TestHfTokenizerGpt2::decodeRoundTrips()
{
    for (const auto& s : randomMixes(200, 11)) {
        QCOMPARE(m_hf->decode(m_hf->encode(s)), s);
        QCOMPARE(m_hf->decode(m_hf->encode(s, false)), s);
    }
    const std::string bytes("\xff\xfe broken \xc3 utf-8", 19);
    QCOMPARE(m_hf->decode(m_hf->encode(bytes)), bytes);
    QCOMPARE(m_hf->tokenBytes(198), std::string("\n"));
    QVERIFY_THROWS_EXCEPTION(lw::Error, m_hf->decode({50257}));
}

void TestHfTokenizerGpt2::llama3PatternMatchesReference()
{
    auto json = nlohmann::json::parse(lw::test::readWholeFile(m_jsonPath));
    json["pre_tokenizer"] = {
        {"type", "Sequence"},
        {"pretokenizers",
         {{{"type", "Split"},
           {"pattern",
            {{"Regex", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*"
                       "|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"}}},
           {"behavior", "Isolated"},
           {"invert", false}},
          {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}}}}};
    json["model"]["ignore_merges"] = true;
    const std::string path = m_dir.filePath("llama3-style.json").toStdString();
    std::ofstream(path) << json.dump();
    auto tokenizer = lw::tokenizer::HfTokenizer::load(path);
    auto texts = randomMixes(400, 3);
    texts.push_back(m_verdict.substr(0, 4000));
    compareWithReference(*tokenizer, path, texts);
    // And GPT-2's own configuration, through the same reference.
    compareWithReference(*m_hf, m_jsonPath, randomMixes(100, 5));
}

void TestHfTokenizerGpt2::fixturesMatchReferenceOnRandomText_data()
{
    QTest::addColumn<QString>("family");
    for (const char* family : {"gpt2", "llama3", "qwen2", "smollm", "llama2", "mistral"})
        QTest::newRow(family) << QString(family);
}

void TestHfTokenizerGpt2::fixturesMatchReferenceOnRandomText()
{
    QFETCH(QString, family);
    const std::string path =
        std::string(lw::test::sourceDir()) + "/tests/core/tokenizer/fixtures/hf/" + family.toStdString() + ".json";
    auto tokenizer = lw::tokenizer::HfTokenizer::load(path);
    compareWithReference(*tokenizer, path, randomMixes(300, 17));
}

void TestHfTokenizerGpt2::encodeSpeedIsComparable()
{
    std::string text;
    while (text.size() < 2'000'000)
        text += m_verdict;
    auto best = [&](const lw::tokenizer::Tokenizer& tok) {
        tok.encode(text); // warm the word cache
        double seconds = 1e30;
        for (int pass = 0; pass < 3; ++pass) {
            auto start = std::chrono::steady_clock::now();
            tok.encode(text);
            seconds = std::min(seconds, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        return text.size() / 1e6 / seconds;
    };
    const double bpe = best(*m_bpe);
    const double hf = best(*m_hf);
    qInfo("encode MB/s: ByteLevelBpeTokenizer %.1f, HfTokenizer (GPT-2 tokenizer.json) %.1f", bpe, hf);
    // The same merge table and word cache: only a shared host's noise separates them.
    QVERIFY2(hf > bpe / 3, "HfTokenizer is far slower than ByteLevelBpeTokenizer on the same vocabulary");
}

LW_TEST_GUILESS_MAIN(TestHfTokenizerGpt2)
#include "test_hf_tokenizer_gpt2.moc"

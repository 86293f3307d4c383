// GPT-2 byte-level BPE: ids equal GPT-2's, computed independently by
// gpt2_reference.py (OpenAI's published algorithm with Python's regex module) from the
// same encoder.json and vocab.bpe, plus the published ids from SOURCES.md.
#include "core/tokenizer/byte_level_bpe_tokenizer.h"
#include "core/tokenizer/gpt2_pretokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tokenizer_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <random>
#include <thread>

using lw::tokenizer::Tokenizer;
using Ids = std::vector<int32_t>;
Q_DECLARE_METATYPE(Ids)

class TestTokenizerGpt2Bpe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void loadsGpt2Vocabulary();
    void publishedVectors_data();
    void publishedVectors();
    void theVerdictIs5145Tokens();
    void preTokenizerPiecesMatchReference();
    void corpusIdsMatchReference();
    void trickyStringsMatchReference();
    void decodeRestoresCorpusBytes();
    void decodeRestoresRandomText();
    void concurrentEncodingAgrees();
    void decodeRejectsIdsOutOfRange();

private:
    static std::vector<std::string> trickyStrings();
    static std::vector<std::string> randomUnicodeStrings(int count, uint32_t seed);
    void compareWithReference(const std::vector<lw::test::ReferenceInput>& inputs, const QStringList& labels);

    std::unique_ptr<Tokenizer> m_gpt2;
    std::string m_verdict;
    std::string m_sample;
    std::vector<std::string> m_instructionTexts;
};

void TestTokenizerGpt2Bpe::initTestCase()
{
    m_gpt2 = lw::tokenizer::loadTokenizer(lw::test::gpt2Folder());
    m_verdict = lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt"));
    m_sample = lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/small-text-sample.txt"));
    QCOMPARE(m_verdict.size(), size_t(20479));
    QCOMPARE(m_sample.size(), size_t(1962));
    auto entries = nlohmann::json::parse(
        lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/instruction-data.json")));
    QCOMPARE(entries.size(), size_t(1100));
    for (const auto& e : entries)
        for (const char* field : {"instruction", "input", "output"})
            if (!e[field].get<std::string>().empty())
                m_instructionTexts.push_back(e[field].get<std::string>());
}

void TestTokenizerGpt2Bpe::loadsGpt2Vocabulary()
{
    QCOMPARE(m_gpt2->kind(), std::string("bpe"));
    QCOMPARE(m_gpt2->vocabSize(), 50257);
    QCOMPARE(m_gpt2->eosId(), std::optional<int32_t>(50256));
    QCOMPARE(m_gpt2->tokenBytes(50256), std::string("<|endoftext|>"));
    QCOMPARE(m_gpt2->tokenBytes(198), std::string("\n"));
    auto* bpe = dynamic_cast<lw::tokenizer::ByteLevelBpeTokenizer*>(m_gpt2.get());
    QVERIFY(bpe);
    QCOMPARE(bpe->mergeCount(), 50000);
    QCOMPARE(bpe->specialTokens().size(), size_t(1));
}

void TestTokenizerGpt2Bpe::publishedVectors_data()
{
    // ch02/05_bpe-from-scratch/tests.py in rasbt/LLMs-from-scratch (see SOURCES.md).
    QTest::addColumn<QString>("text");
    QTest::addColumn<Ids>("expected");
    QTest::newRow("some text") << "This is some text" << Ids{1212, 318, 617, 2420};
    QTest::newRow("hello") << "Hello," << Ids{15496, 11};
    QTest::newRow("implementations") << "Implementations" << Ids{3546, 26908, 602};
    QTest::newRow("test sentence") << "Hello, world. Is this-- a test?" << Ids{15496, 11, 995, 13, 1148, 428, 438, 257, 1332, 30};
    QTest::newRow("endoftext") << "<|endoftext|>" << Ids{50256};
    QTest::newRow("newline") << "\n" << Ids{198};
}

void TestTokenizerGpt2Bpe::publishedVectors()
{
    QFETCH(QString, text);
    QFETCH(Ids, expected);
    QCOMPARE(m_gpt2->encode(text.toStdString()), expected);
    QCOMPARE(m_gpt2->decode(expected), text.toStdString());
}

void TestTokenizerGpt2Bpe::theVerdictIs5145Tokens()
{
    QCOMPARE(m_gpt2->encode(m_verdict).size(), size_t(5145));
}

void TestTokenizerGpt2Bpe::compareWithReference(const std::vector<lw::test::ReferenceInput>& inputs, const QStringList& labels)
{
    std::vector<Ids> expected;
    QVERIFY(lw::test::runReference("gpt2_reference.py",
                                   {QString::fromStdString(lw::test::gpt2Folder() + "/encoder.json"),
                                    QString::fromStdString(lw::test::gpt2Folder() + "/vocab.bpe")},
                                   inputs, expected));
    for (size_t i = 0; i < inputs.size(); ++i) {
        Ids ours = m_gpt2->encode(inputs[i].text, inputs[i].allowSpecial);
        int64_t at = lw::test::firstDifference(ours, expected[i]);
        if (at >= 0)
            QFAIL(qPrintable(QString("%1 (allowSpecial %2): first difference at token %3\n ours: %4\n  ref: %5")
                                        .arg(labels[i])
                                        .arg(inputs[i].allowSpecial)
                                        .arg(at)
                                        .arg(lw::test::describeIds(Ids(ours.begin() + at, ours.end())))
                                        .arg(lw::test::describeIds(Ids(expected[i].begin() + at, expected[i].end())))));
    }
}

namespace {

void appendUtf8(std::string& out, uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace

std::vector<std::string> TestTokenizerGpt2Bpe::randomUnicodeStrings(int count, uint32_t seed)
{
    // Code points from blocks whose letters, digits and spaces were settled long before
    // Unicode 14 (PCRE2's tables here), mixed with every White_Space character, U+180E
    // (a space to PCRE2's \s, not to Python's), apostrophes and contraction letters.
    static const std::vector<std::pair<uint32_t, uint32_t>> ranges = {
        {0x20, 0x7E},     {0x20, 0x20},     {0x09, 0x0D},     {0x27, 0x27},     {0x73, 0x74},
        {0x85, 0x85},     {0xA0, 0x24F},    {0x300, 0x36F},   {0x370, 0x3FF},   {0x400, 0x4FF},
        {0x600, 0x6FF},   {0x900, 0x97F},   {0x1680, 0x1680}, {0x180E, 0x180E}, {0x2000, 0x206F},
        {0x2070, 0x218F}, {0x3000, 0x30FF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0xFF10, 0xFF5A},
        {0x1F300, 0x1F5FF}};
    std::mt19937 rng(seed);
    std::vector<std::string> out;
    for (int n = 0; n < count; ++n) {
        std::string text;
        int length = static_cast<int>(rng() % 80);
        for (int i = 0; i < length; ++i) {
            auto [lo, hi] = ranges[rng() % ranges.size()];
            appendUtf8(text, lo + rng() % (hi - lo + 1));
        }
        out.push_back(text);
    }
    return out;
}

void TestTokenizerGpt2Bpe::preTokenizerPiecesMatchReference()
{
    // Pieces, not ids: two different cuts often merge to the same ids, so ids alone
    // would hide a pre-tokenizer that disagrees with Python's regex.
    std::vector<std::string> texts = trickyStrings();
    for (auto& t : randomUnicodeStrings(2000, 99))
        texts.push_back(std::move(t));
    std::vector<lw::test::ReferenceInput> inputs;
    for (const auto& t : texts)
        inputs.push_back({t, false});
    nlohmann::json expected;
    QVERIFY(lw::test::runReferenceScript("gpt2_reference.py", {"--pieces"}, inputs, expected));
    for (size_t i = 0; i < texts.size(); ++i) {
        std::vector<std::string> ours;
        lw::tokenizer::Gpt2PreTokenizer::instance().split(texts[i], [&](std::string_view p) { ours.emplace_back(p); });
        auto reference = expected[i].get<std::vector<std::string>>();
        if (ours != reference) {
            size_t at = 0;
            while (at < ours.size() && at < reference.size() && ours[at] == reference[at])
                ++at;
            auto pieceAt = [](const std::vector<std::string>& v, size_t k) {
                return k < v.size() ? nlohmann::json(v[k]).dump() : std::string("(end)");
            };
            QFAIL(qPrintable(QString("text %1: piece %2 differs: ours %3, reference %4")
                                 .arg(i)
                                 .arg(at)
                                 .arg(QString::fromStdString(pieceAt(ours, at)))
                                 .arg(QString::fromStdString(pieceAt(reference, at)))));
        }
    }
}

void TestTokenizerGpt2Bpe::corpusIdsMatchReference()
{
    std::vector<lw::test::ReferenceInput> inputs{{m_verdict}, {m_sample}};
    QStringList labels{"the-verdict.txt", "small-text-sample.txt"};
    for (size_t i = 0; i < m_instructionTexts.size(); ++i) {
        inputs.push_back({m_instructionTexts[i]});
        labels << QString("instruction-data.json text %1").arg(i);
    }
    compareWithReference(inputs, labels);
}

std::vector<std::string> TestTokenizerGpt2Bpe::trickyStrings()
{
    std::vector<std::string> s = {
        "",
        "I'm sure you're right, he's here, we've won, they'll go, I'd say, don't, can't, won't",
        "I'M SURE YOU'RE HERE 'S 's''s '' 're'",
        "1234567890 3.14159 1,000,000 2024-11-23 0x1F 00007 12345678901234567890",
        "\xd9\xa1\xd9\xa2\xd9\xa3 \xe2\x85\xab \xc2\xbd \xc2\xb2", // Arabic-Indic digits, roman twelve, one half, superscript two
        "na\xc3\xafve caf\xc3\xa9 Stra\xc3\x9f" "e \xce\x95\xce\xbb\xce\xbb\xce\xb7\xce\xbd\xce\xb9\xce\xba\xce\xac "
        "\xd1\x80\xd1\x83\xd1\x81\xd1\x81\xd0\xba\xd0\xb8\xd0\xb9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
        "\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88 \xed\x95\x9c\xea\xb5\xad\xec\x96\xb4 "
        "\xd7\xa2\xd7\x91\xd7\xa8\xd7\x99\xd7\xaa \xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9 "
        "\xe0\xa4\xb9\xe0\xa4\xbf\xe0\xa4\xa8\xe0\xa5\x8d\xe0\xa4\xa6\xe0\xa5\x80",
        "e\xcc\x81 combining a\xcc\x8a\xcc\x8a marks",
        "emoji \xf0\x9f\x98\x80\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd family \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d"
        "\xf0\x9f\x91\xa7 flag \xf0\x9f\x87\xba\xf0\x9f\x87\xb8!!",
        "a  b   c    d     e",
        "line1\nline2\n\n\nline3\n",
        "   leading and trailing   ",
        "\t\ttabs\t and\r\n windows \r\n",
        " \n \n  \n",
        "\xc2\xa0non-breaking\xe3\x80\x80ideographic\xe2\x80\xa8separator\xc2\x85next",
        "mongolian\xe1\xa0\x8evowel separator x \xe1\xa0\x8e\xe1\xa0\x8e  y \xe1\xa0\x8e\n", // U+180E: not \\s in Python
        "Hello<|endoftext|>World",
        "<|endoftext|><|endoftext|> a <|endoftext|> b<|endoftext|>",
        "<|endoftext <|endoftext| |endoftext|> <|endoftext|",
        "def f(x):\n    return x ** 2  # comment\n\n\n    \tpass\n",
        "{\"json\": [1, 2.5e-3, null], 'x': \"\\u00e9\"}",
        "<html><body>&amp; &#x27; --- ... ?!?! ***</body></html>",
        std::string(3000, ' ') + "x",
        std::string(500, 'a'),
        std::string(200, '='),
        std::string(4000, '\n') + "end",
    };
    // Long words take the priority-queue merge path: letters without spaces, digits, a
    // base64-like blob.
    std::mt19937 rng(7);
    std::string letters, digits, blob;
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 2000; ++i) {
        letters.push_back(static_cast<char>('a' + rng() % 26));
        digits.push_back(static_cast<char>('0' + rng() % 10));
        blob.push_back(alphabet[rng() % alphabet.size()]);
    }
    s.push_back(letters);
    s.push_back(digits);
    s.push_back(blob);
    s.push_back("thethethethethethethethethethethethethethethethethethethethethethethethethethe");
    return s;
}

void TestTokenizerGpt2Bpe::trickyStringsMatchReference()
{
    std::vector<lw::test::ReferenceInput> inputs;
    QStringList labels;
    auto strings = trickyStrings();
    for (size_t i = 0; i < strings.size(); ++i) {
        for (bool allowSpecial : {true, false}) {
            inputs.push_back({strings[i], allowSpecial});
            labels << QString("tricky string %1 \"%2\"").arg(i).arg(QString::fromStdString(strings[i].substr(0, 40)));
        }
    }
    compareWithReference(inputs, labels);
    // The special token is one id only when asked for.
    QCOMPARE(m_gpt2->encode("a<|endoftext|>b", true), (Ids{64, 50256, 65}));
    QVERIFY(m_gpt2->encode("a<|endoftext|>b", false).size() > 3);
}

void TestTokenizerGpt2Bpe::decodeRestoresCorpusBytes()
{
    QCOMPARE(m_gpt2->decode(m_gpt2->encode(m_verdict)), m_verdict);
    QCOMPARE(m_gpt2->decode(m_gpt2->encode(m_sample)), m_sample);
    for (const auto& text : m_instructionTexts)
        QCOMPARE(m_gpt2->decode(m_gpt2->encode(text)), text);
    for (const auto& text : trickyStrings())
        for (bool allowSpecial : {true, false})
            QCOMPARE(m_gpt2->decode(m_gpt2->encode(text, allowSpecial)), text);
}

void TestTokenizerGpt2Bpe::decodeRestoresRandomText()
{
    // Random UTF-8 from every plane that matters (ASCII, Latin, CJK, emoji, combining
    // marks, whitespace), then random bytes that are mostly not UTF-8 at all: byte-level
    // BPE must give back exactly the bytes it was given.
    std::mt19937 rng(12345);
    const std::vector<std::pair<uint32_t, uint32_t>> ranges = {
        {0x20, 0x7E}, {0x09, 0x0D}, {0xA0, 0x24F}, {0x300, 0x36F}, {0x370, 0x4FF}, {0x600, 0x6FF},
        {0x2000, 0x206F}, {0x3000, 0x30FF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3}, {0x1F300, 0x1FAFF}, {0x10000, 0x10FFFF}};
    for (int round = 0; round < 300; ++round) {
        std::string text;
        int length = static_cast<int>(rng() % 200);
        for (int i = 0; i < length; ++i) {
            auto [lo, hi] = ranges[rng() % ranges.size()];
            uint32_t cp = lo + rng() % (hi - lo + 1);
            if (cp >= 0xD800 && cp <= 0xDFFF)
                cp = 'x';
            appendUtf8(text, cp);
        }
        QCOMPARE(m_gpt2->decode(m_gpt2->encode(text)), text);
    }
    for (int round = 0; round < 300; ++round) {
        std::string bytes;
        int length = static_cast<int>(rng() % 100);
        for (int i = 0; i < length; ++i)
            bytes.push_back(static_cast<char>(rng() & 0xFF));
        QCOMPARE(m_gpt2->decode(m_gpt2->encode(bytes)), bytes);
    }
}

void TestTokenizerGpt2Bpe::concurrentEncodingAgrees()
{
    // A fresh tokenizer (cold cache) shared by four threads must give every thread the
    // ids a single thread gets.
    auto shared = lw::tokenizer::loadTokenizer(lw::test::gpt2Folder());
    std::vector<Ids> expected;
    for (const auto& text : m_instructionTexts)
        expected.push_back(m_gpt2->encode(text));
    std::vector<int> mismatches(4, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (size_t i = 0; i < m_instructionTexts.size(); ++i) {
                size_t k = (i * 7 + static_cast<size_t>(t) * 131) % m_instructionTexts.size();
                if (shared->encode(m_instructionTexts[k]) != expected[k])
                    ++mismatches[t];
            }
        });
    }
    for (auto& th : threads)
        th.join();
    QCOMPARE(mismatches, std::vector<int>(4, 0));
}

void TestTokenizerGpt2Bpe::decodeRejectsIdsOutOfRange()
{
    for (int32_t bad : {50257, -1, 1 << 30}) {
        try {
            m_gpt2->decode({15496, bad});
            QFAIL("expected an error");
        } catch (const lw::Error& e) {
            QVERIFY2(QString(e.what()).contains(QString("token id %1 is out of range").arg(bad)), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(lw::Error, m_gpt2->tokenBytes(bad));
    }
}

LW_TEST_GUILESS_MAIN(TestTokenizerGpt2Bpe)
#include "test_tokenizer_gpt2_bpe.moc"

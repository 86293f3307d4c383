// sentencepiece encoding line by line (sentencepiece_line_split.h): which models allow it,
// and that the ids of a text cut into lines, on one thread or several, are the ids
// Debian's python3-sentencepiece gives the text in one call (short texts, and long ones for
// BPE) or line by line (spm_lines_reference.py: long texts for unigram, whose one-call
// ids drift with float rounding). The models are trained by python3-sentencepiece itself
// with the settings that decide the question.
#include "core/tokenizer/sentencepiece_line_split.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "tokenizer_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <map>

using Ids = std::vector<int32_t>;
using lw::tokenizer::SentencePieceTokenizer;

class TestTokenizerSentencePieceLines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void modelsThatAllowLines_data();
    void modelsThatAllowLines();
    void withoutDummyPrefixKeepsTheRest();
    void idsMatchOneCall_data();
    void idsMatchOneCall();
    void longTextsMatchLineReference_data();
    void longTextsMatchLineReference();
    void longBpeTextMatchesOneCall();

private:
    void addModelColumn();
    std::string modelPath(const QString& name) const;
    std::vector<std::string> texts() const;
    std::string longText() const;
    static void compareIds(const SentencePieceTokenizer& tok, const std::vector<std::string>& texts,
                           const std::vector<Ids>& expected);

    QTemporaryDir m_dir;
    std::string m_verdictPath;
    std::string m_verdict;
};

namespace {

// python3-sentencepiece training arguments of each model, after input and vocab_size.
const std::map<QString, QString> kModels = {
    {"bpe identity bytes",
     "model_type='bpe', normalization_rule_name='identity', remove_extra_whitespaces=False, byte_fallback=True"},
    {"unigram identity bytes",
     "model_type='unigram', normalization_rule_name='identity', remove_extra_whitespaces=False, byte_fallback=True"},
    // Unknown characters merge into one <unk> per run, across newlines too.
    {"unigram identity unk", "model_type='unigram', normalization_rule_name='identity', remove_extra_whitespaces=False"},
    {"bpe no dummy prefix",
     "model_type='bpe', normalization_rule_name='identity', remove_extra_whitespaces=False, add_dummy_prefix=False"},
    // Each of these has something that sees across a newline.
    {"nmt_nfkc", "model_type='unigram'"},
    {"newline piece",
     "model_type='bpe', normalization_rule_name='identity', remove_extra_whitespaces=False, "
     "user_defined_symbols=['\\n\\n']"},
    {"whitespace as suffix",
     "model_type='bpe', normalization_rule_name='identity', remove_extra_whitespaces=False, "
     "treat_whitespace_as_suffix=True"},
    {"word model", "model_type='word', normalization_rule_name='identity', remove_extra_whitespaces=False"},
};

} // namespace

std::string TestTokenizerSentencePieceLines::modelPath(const QString& name) const
{
    return m_dir.filePath(QString(name).replace(' ', '-') + ".model").toStdString();
}

void TestTokenizerSentencePieceLines::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_verdictPath = lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt");
    m_verdict = lw::test::readWholeFile(m_verdictPath);
    for (const auto& [name, arguments] : kModels) {
        QString prefix = QString::fromStdString(modelPath(name)).chopped(6);
        QByteArray ignored;
        QVERIFY(lw::test::runPython({"-c",
                                     "import sys, sentencepiece as s; s.SentencePieceTrainer.train(input=sys.argv[1], "
                                     "model_prefix=sys.argv[2], vocab_size=400, minloglevel=2, " + arguments + ")",
                                     QString::fromStdString(m_verdictPath), prefix},
                                    ignored));
    }
}

void TestTokenizerSentencePieceLines::addModelColumn()
{
    QTest::addColumn<QString>("model");
    for (const auto& entry : kModels)
        QTest::newRow(qPrintable(entry.first)) << entry.first;
}

void TestTokenizerSentencePieceLines::modelsThatAllowLines_data()
{
    addModelColumn();
}

void TestTokenizerSentencePieceLines::modelsThatAllowLines()
{
    QFETCH(QString, model);
    const std::string bytes = lw::test::readWholeFile(modelPath(model));
    const auto split = lw::tokenizer::sentencePieceLineSplit(bytes);
    const bool expected = model.contains("identity") || model == "bpe no dummy prefix";
    QCOMPARE(split.allowed, expected);
    QCOMPARE(split.byteFallback, model.endsWith("bytes"));
    QCOMPARE(split.addsDummyPrefix, model != "bpe no dummy prefix");
    QCOMPARE(SentencePieceTokenizer::load(modelPath(model))->encodesLineByLine(), expected);
}

void TestTokenizerSentencePieceLines::withoutDummyPrefixKeepsTheRest()
{
    // The copy encodes a text as the original encodes it after a newline: python3-sentencepiece
    // on "\n" + text gives the dummy "▁" and the newline's byte first, then the same ids.
    const std::string original = lw::test::readWholeFile(modelPath("bpe identity bytes"));
    const std::string copy = lw::tokenizer::modelWithoutDummyPrefix(original);
    QVERIFY(copy != original);
    QVERIFY(!lw::tokenizer::sentencePieceLineSplit(copy).addsDummyPrefix);
    const std::string copyPath = m_dir.filePath("no-prefix-copy.model").toStdString();
    std::ofstream(copyPath, std::ios::binary) << copy;
    auto tok = SentencePieceTokenizer::load(copyPath);
    const std::string text = "It had always been  a\tmatter of course.";
    std::vector<Ids> expected;
    QVERIFY(lw::test::runReference("spm_reference.py", {QString::fromStdString(modelPath("bpe identity bytes"))},
                                   {{"\n" + text}, {"\n"}}, expected));
    QVERIFY(expected[0].size() > expected[1].size());
    QCOMPARE(Ids(expected[0].begin(), expected[0].begin() + long(expected[1].size())), expected[1]);
    QCOMPARE(tok->encode(text), Ids(expected[0].begin() + long(expected[1].size()), expected[0].end()));
}

std::vector<std::string> TestTokenizerSentencePieceLines::texts() const
{
    return {
        m_verdict.substr(0, 3000),
        "\n\nstarts with blank lines\n  and indented\r\nCRLF\n",
        // Characters no model above has seen, next to newlines and each other.
        "\xe6\x97\xa5\n\xe6\x9c\xac\n\n\xf0\x9f\x98\x80\xf0\x9f\x98\x80 end \xe8\xaa\x9e\n\xe8\xaa\x9e",
        "one line, no newline",
        "\n",
        "",
    };
}

void TestTokenizerSentencePieceLines::compareIds(const SentencePieceTokenizer& tok, const std::vector<std::string>& texts,
                                                 const std::vector<Ids>& expected)
{
    for (size_t i = 0; i < texts.size(); ++i) {
        Ids ours = tok.encode(texts[i]);
        int64_t at = lw::test::firstDifference(ours, expected[i]);
        if (at >= 0)
            QFAIL(qPrintable(QString("text %1: first difference at token %2 of %3").arg(i).arg(at).arg(ours.size())));
    }
}

void TestTokenizerSentencePieceLines::idsMatchOneCall_data()
{
    addModelColumn();
}

void TestTokenizerSentencePieceLines::idsMatchOneCall()
{
    QFETCH(QString, model);
    auto tok = SentencePieceTokenizer::load(modelPath(model));
    std::vector<lw::test::ReferenceInput> inputs;
    for (const auto& t : texts())
        inputs.push_back({t});
    std::vector<Ids> expected;
    QVERIFY(lw::test::runReference("spm_reference.py", {QString::fromStdString(modelPath(model))}, inputs, expected));
    compareIds(*tok, texts(), expected);
}

// Long enough for 4 parts of kParallelPartBytes; unknown characters on both sides of
// many newlines, where a merged <unk> must stay one.
std::string TestTokenizerSentencePieceLines::longText() const
{
    std::string text;
    while (text.size() < 4 * SentencePieceTokenizer::kParallelPartBytes + 1000)
        text += m_verdict + "\xe6\x97\xa5\n\xe6\x9c\xac";
    return text;
}

void TestTokenizerSentencePieceLines::longTextsMatchLineReference_data()
{
    QTest::addColumn<QString>("model");
    for (const auto& entry : kModels)
        if (lw::tokenizer::sentencePieceLineSplit(lw::test::readWholeFile(modelPath(entry.first))).allowed)
            QTest::newRow(qPrintable(entry.first)) << entry.first;
}

void TestTokenizerSentencePieceLines::longTextsMatchLineReference()
{
    QFETCH(QString, model);
    auto tok = SentencePieceTokenizer::load(modelPath(model));
    const std::vector<std::string> long_ = {m_verdict, longText()};
    std::vector<Ids> expected;
    QVERIFY(lw::test::runReference("spm_lines_reference.py", {QString::fromStdString(modelPath(model))},
                                   {{long_[0]}, {long_[1]}}, expected));
    for (int threads : {1, 2, 4}) {
        tok->setEncodeThreads(threads);
        compareIds(*tok, long_, expected);
    }
}

void TestTokenizerSentencePieceLines::longBpeTextMatchesOneCall()
{
    // BPE compares scores of pieces, never sums: one call over a megabyte is exact too.
    auto tok = SentencePieceTokenizer::load(modelPath("bpe identity bytes"));
    const std::string text = longText();
    std::vector<Ids> expected;
    QVERIFY(lw::test::runReference("spm_reference.py", {QString::fromStdString(modelPath("bpe identity bytes"))},
                                   {{text}}, expected));
    tok->setEncodeThreads(2);
    compareIds(*tok, {text}, expected);
}

LW_TEST_GUILESS_MAIN(TestTokenizerSentencePieceLines)
#include "test_tokenizer_sentencepiece_lines.moc"

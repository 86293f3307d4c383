// Bad input is an lw::Error that says which file (and line) is wrong and why: missing
// and empty files, malformed vocabularies and merges, corrupt models, training text that
// is not UTF-8, vocabulary sizes the corpus cannot support, ids out of range, and a
// missing or wrong sentencepiece module.
#include "core/tokenizer/sentencepiece_module_loader.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tokenizer_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstdlib>
#include <filesystem>

using lw::tokenizer::TrainTokenizerOptions;

namespace {

template <typename Body>
QString errorOf(Body&& body)
{
    try {
        body();
    } catch (const lw::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return QStringLiteral("(no error)");
}

void writeFile(const std::string& path, const std::string& bytes)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// GPT-2's byte alphabet, written out here from its published definition.
std::string spelledByte(int b)
{
    static std::vector<int> codePoint = [] {
        std::vector<int> cp(256, -1);
        int shifted = 0;
        for (int i = 0; i < 256; ++i)
            if ((i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF))
                cp[i] = i;
        for (int i = 0; i < 256; ++i)
            if (cp[i] < 0)
                cp[i] = 256 + shifted++;
        return cp;
    }();
    int c = codePoint[b];
    std::string s;
    if (c < 0x80) {
        s += static_cast<char>(c);
    } else {
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
    }
    return s;
}

} // namespace

class TestTokenizerErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The module tests come first: they need a process that has not loaded it yet.
    void missingModuleIsNamed();
    void wrongModuleIsRefused();
    void moduleNamedByEnvironmentIsUsed();
    void initTestCase();
    void missingPaths();
    void bpeFileProblems_data();
    void bpeFileProblems();
    void validSmallVocabularyLoads();
    void corruptSentencePieceModels();
    void trainingTextMustBeUtf8_data();
    void trainingTextMustBeUtf8();
    void unreadableTrainingInput();
    void vocabularySizeOutOfReach_data();
    void vocabularySizeOutOfReach();
    void badTrainingOptions();
    void decodeIdsOutOfRange();

private:
    // One token per line, so that every entry has its own line number: "{" is line 1
    // and id k is on line k + 2.
    static std::vector<std::string> vocabLines();
    static std::string vocabJson(const std::vector<std::string>& lines);
    std::string path(const QString& name) const { return m_dir.filePath(name).toStdString(); }

    QTemporaryDir m_dir;
    QTemporaryDir m_moduleDir;
    std::string m_verdictPath;
};

void TestTokenizerErrors::missingModuleIsNamed()
{
    QTemporaryDir dir;
    std::string model = dir.filePath("x.model").toStdString();
    writeFile(model, "not used");
    qputenv("LLMWB_SPM_MODULE", "/nonexistent/liblw_spm.so");
    QString message = errorOf([&] { lw::tokenizer::loadTokenizer(model); });
    qunsetenv("LLMWB_SPM_MODULE");
    QVERIFY2(message.startsWith("/nonexistent/liblw_spm.so: no such file"), qPrintable(message));
    QVERIFY2(message.contains("LLMWB_SPM_MODULE"), qPrintable(message));
}

void TestTokenizerErrors::wrongModuleIsRefused()
{
    QTemporaryDir dir;
    std::string notALibrary = dir.filePath("liblw_spm.so").toStdString();
    writeFile(notALibrary, "this is text, not a shared library\n");
    std::string model = dir.filePath("x.model").toStdString();
    writeFile(model, "not used");
    qputenv("LLMWB_SPM_MODULE", QByteArray::fromStdString(notALibrary));
    QString message = errorOf([&] { lw::tokenizer::loadTokenizer(model); });
    QVERIFY2(message.startsWith(QString::fromStdString(notALibrary) + ": cannot load the sentencepiece module"),
             qPrintable(message));
    // A real shared library that is not the module: refused by its missing entry points.
    const char* zlib = "/lib/x86_64-linux-gnu/libz.so.1";
    QVERIFY(std::filesystem::exists(zlib));
    qputenv("LLMWB_SPM_MODULE", zlib);
    message = errorOf([&] { lw::tokenizer::loadTokenizer(model); });
    qunsetenv("LLMWB_SPM_MODULE");
    QVERIFY2(message.contains("not an LLM Workbench sentencepiece module (no symbol lw_spm_abi_version)"),
             qPrintable(message));
}

void TestTokenizerErrors::moduleNamedByEnvironmentIsUsed()
{
    // LLMWB_SPM_MODULE wins over every other place: a copy under another name is loaded.
    const std::string built = lw::tokenizer::sentencePieceModuleCandidates().back();
    const std::string copy = m_moduleDir.filePath("custom-spm-module.so").toStdString();
    std::filesystem::copy_file(built, copy);
    qputenv("LLMWB_SPM_MODULE", QByteArray::fromStdString(copy));
    const std::string loaded = lw::tokenizer::sentencePieceModule().path;
    qunsetenv("LLMWB_SPM_MODULE");
    QCOMPARE(loaded, copy);
}

void TestTokenizerErrors::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_verdictPath = lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt");
}

void TestTokenizerErrors::missingPaths()
{
    QString message = errorOf([&] { lw::tokenizer::loadTokenizer(path("nowhere")); });
    QCOMPARE(message, QString::fromStdString(path("nowhere") + ": no such file or folder"));
    std::filesystem::create_directories(path("emptyfolder"));
    message = errorOf([&] { lw::tokenizer::loadTokenizer(path("emptyfolder")); });
    QVERIFY2(message.startsWith(QString::fromStdString(path("emptyfolder")) + ": no tokenizer here"), qPrintable(message));
    writeFile(path("onlyvocab/vocab.json"), "{}");
    message = errorOf([&] { lw::tokenizer::loadTokenizer(path("onlyvocab")); });
    QVERIFY2(message.startsWith(QString::fromStdString(path("onlyvocab")) + ": no merges.txt or vocab.bpe"), qPrintable(message));
    writeFile(path("readme.txt"), "hello");
    message = errorOf([&] { lw::tokenizer::loadTokenizer(path("readme.txt")); });
    QVERIFY2(message.contains("not a tokenizer file"), qPrintable(message));
}

std::vector<std::string> TestTokenizerErrors::vocabLines()
{
    std::vector<std::string> lines;
    std::vector<int> order; // byte ids in GPT-2's order: the printable bytes first
    for (int i = 0; i < 256; ++i)
        if ((i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF))
            order.push_back(i);
    for (int i = 0; i < 256; ++i)
        if (!((i >= '!' && i <= '~') || (i >= 0xA1 && i <= 0xAC) || (i >= 0xAE && i <= 0xFF)))
            order.push_back(i);
    for (size_t id = 0; id < order.size(); ++id)
        lines.push_back(nlohmann::json(spelledByte(order[id])).dump() + ": " + std::to_string(id));
    lines.push_back("\"he\": 256");                      // line 258
    lines.push_back("\"\xc4\xa0t\": 257");               // line 259, "Ġt"
    lines.push_back("\"\xc4\xa0the\": 258");             // line 260, "Ġthe"
    lines.push_back("\"<|endoftext|>\": 259");           // line 261
    return lines;
}

std::string TestTokenizerErrors::vocabJson(const std::vector<std::string>& lines)
{
    std::string text = "{\n";
    for (size_t i = 0; i < lines.size(); ++i)
        text += lines[i] + (i + 1 < lines.size() ? ",\n" : "\n");
    return text + "}\n";
}

static const std::string kGoodMerges = "#version: 0.2\nh e\n\xc4\xa0 t\n\xc4\xa0t he\n";

void TestTokenizerErrors::validSmallVocabularyLoads()
{
    writeFile(path("small/vocab.json"), vocabJson(vocabLines()));
    writeFile(path("small/merges.txt"), kGoodMerges);
    auto tok = lw::tokenizer::loadTokenizer(path("small"));
    QCOMPARE(tok->vocabSize(), 260);
    QCOMPARE(tok->encode(" the<|endoftext|>"), (std::vector<int32_t>{258, 259}));
    // Windows line endings in merges.txt are fine too.
    std::string crlf;
    for (char c : kGoodMerges)
        crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    writeFile(path("crlf/vocab.json"), vocabJson(vocabLines()));
    writeFile(path("crlf/merges.txt"), crlf);
    QCOMPARE(lw::tokenizer::loadTokenizer(path("crlf"))->encode(" the"), (std::vector<int32_t>{258}));
}

void TestTokenizerErrors::bpeFileProblems_data()
{
    QTest::addColumn<QByteArray>("vocab");
    QTest::addColumn<QByteArray>("merges");
    QTest::addColumn<QString>("file");  // which file the message must name
    QTest::addColumn<int>("line");      // 0: no line
    QTest::addColumn<QString>("reason");

    const auto good = vocabLines();
    auto with = [&](size_t index, const std::string& line) {
        auto lines = good;
        lines[index] = line;
        return QByteArray::fromStdString(vocabJson(lines));
    };
    const QByteArray goodVocab = QByteArray::fromStdString(vocabJson(good));
    const QByteArray goodMerges = QByteArray::fromStdString(kGoodMerges);

    QTest::newRow("empty vocab") << QByteArray("") << goodMerges << "vocab.json" << 1 << "the file is empty";
    QTest::newRow("vocab syntax") << with(256, "\"he\" 256") << goodMerges << "vocab.json" << 258 << "invalid JSON";
    QTest::newRow("vocab not an object") << QByteArray("[1, 2]\n") << goodMerges << "vocab.json" << 1
                                         << "expected a JSON object";
    QTest::newRow("id not a number") << with(256, "\"he\": \"256\"") << goodMerges << "vocab.json" << 258
                                     << "token \"he\": expected an integer id, got string";
    QTest::newRow("id out of range") << with(258, "\"\xc4\xa0the\": 999") << goodMerges << "vocab.json" << 260
                                     << "id 999 is outside 0..259";
    QTest::newRow("id used twice") << with(257, "\"\xc4\xa0t\": 256") << goodMerges << "vocab.json" << 259
                                   << "id 256 is also used by token \"he\"";
    QTest::newRow("byte token missing") << with(good.size() - 5, "\"zz\": 255") << goodMerges << "vocab.json" << 0
                                        << "no token for byte";
    QTest::newRow("empty merges") << goodVocab << QByteArray("") << "merges.txt" << 0 << "the file is empty";
    QTest::newRow("three tokens") << goodVocab << QByteArray("#version: 0.2\nh e\n\xc4\xa0 t x\n") << "merges.txt" << 3
                                  << "expected two tokens separated by one space";
    QTest::newRow("one token") << goodVocab << QByteArray("#version: 0.2\nhe\n") << "merges.txt" << 2
                               << "expected two tokens separated by one space";
    QTest::newRow("unknown token") << goodVocab << QByteArray("#version: 0.2\nh e\n\xc4\xa0 t\n\xc4\xa0t hx\n")
                                   << "merges.txt" << 4 << "token \"hx\" is not in";
    QTest::newRow("merged token unknown") << goodVocab << QByteArray("#version: 0.2\nh e\ne h\n") << "merges.txt" << 3
                                          << "the merged token \"eh\" is not in";
    QTest::newRow("repeated merge") << goodVocab << QByteArray("#version: 0.2\nh e\n\xc4\xa0 t\nh e\n") << "merges.txt"
                                    << 4 << "merge \"h e\" is repeated (first on line 2)";
}

void TestTokenizerErrors::bpeFileProblems()
{
    QFETCH(QByteArray, vocab);
    QFETCH(QByteArray, merges);
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, reason);
    static int folderNumber = 0;
    std::string folder = path(QString("bad%1").arg(folderNumber++));
    writeFile(folder + "/vocab.json", vocab.toStdString());
    writeFile(folder + "/merges.txt", merges.toStdString());
    QString message = errorOf([&] { lw::tokenizer::loadTokenizer(folder); });
    QString where = QString::fromStdString(folder) + "/" + file + (line > 0 ? QString(":%1").arg(line) : QString()) + ": ";
    QVERIFY2(message.startsWith(where), qPrintable("expected \"" + where + "...\", got: " + message));
    QVERIFY2(message.contains(reason), qPrintable(message));
}

void TestTokenizerErrors::corruptSentencePieceModels()
{
    TrainTokenizerOptions o;
    o.kind = "sp-unigram";
    o.vocabSize = 400;
    o.inputFiles = {m_verdictPath};
    o.outputPath = path("spm");
    lw::tokenizer::trainTokenizer(o);
    const std::string good = lw::test::readWholeFile(path("spm/tokenizer.model"));

    struct Case {
        const char* name;
        std::string bytes;
        const char* reason;
    };
    for (const Case& c : {Case{"empty.model", "", "the file is empty"},
                          Case{"truncated.model", good.substr(0, good.size() / 2), "not a valid sentencepiece model"},
                          Case{"text.model", "hello, this is not a model\n", "not a valid sentencepiece model"},
                          Case{"zeros.model", std::string(64, '\0'), "not a valid sentencepiece model"}}) {
        std::string file = path(QString("models/") + c.name);
        writeFile(file, c.bytes);
        QString message = errorOf([&] { lw::tokenizer::loadTokenizer(file); });
        QVERIFY2(message.startsWith(QString::fromStdString(file) + ": " + c.reason), qPrintable(message));
    }
    // A folder with two kinds of tokenizer is ambiguous.
    writeFile(path("spm/vocab.json"), "{}");
    QString message = errorOf([&] { lw::tokenizer::loadTokenizer(path("spm")); });
    QVERIFY2(message.contains("holds both"), qPrintable(message));
}

void TestTokenizerErrors::trainingTextMustBeUtf8_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("bpe") << "bpe";
    QTest::newRow("sp-bpe") << "sp-bpe";
    QTest::newRow("sp-unigram") << "sp-unigram";
}

void TestTokenizerErrors::trainingTextMustBeUtf8()
{
    QFETCH(QString, kind);
    std::string latin1 = path("latin1-" + kind + ".txt");
    writeFile(latin1, "first line\nsecond caf\xe9 line\n");
    TrainTokenizerOptions o;
    o.kind = kind.toStdString();
    o.vocabSize = 300;
    o.inputFiles = {m_verdictPath, latin1};
    o.outputPath = path("out-" + kind);
    QString message = errorOf([&] { lw::tokenizer::trainTokenizer(o); });
    QVERIFY2(message.startsWith(QString::fromStdString(latin1) + ":2: column 11"), qPrintable(message));
    QVERIFY2(message.contains("not valid UTF-8"), qPrintable(message));
}

void TestTokenizerErrors::unreadableTrainingInput()
{
    std::string empty = path("empty.txt");
    writeFile(empty, "");
    for (const std::string kind : {"bpe", "sp-bpe"}) {
        TrainTokenizerOptions o;
        o.kind = kind;
        o.vocabSize = 300;
        o.outputPath = path("unreadable");
        o.inputFiles = {empty};
        QString message = errorOf([&] { lw::tokenizer::trainTokenizer(o); });
        QCOMPARE(message, QString::fromStdString(empty + ": the file is empty"));
        o.inputFiles = {path("missing.txt")};
        message = errorOf([&] { lw::tokenizer::trainTokenizer(o); });
        QVERIFY2(message.startsWith(QString::fromStdString(path("missing.txt")) + ": cannot open"), qPrintable(message));
    }
}

void TestTokenizerErrors::vocabularySizeOutOfReach_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("vocabSize");
    QTest::addColumn<bool>("tinyCorpus");
    QTest::addColumn<QString>("reason");
    QTest::newRow("bpe too small") << "bpe" << 256 << false << "vocabSize: 256 is too small";
    QTest::newRow("bpe too large for corpus") << "bpe" << 1000 << true << "vocabSize: 1000 is too large for this corpus";
    QTest::newRow("bpe too large") << "bpe" << (1 << 30) << false << "is too large (at most";
    QTest::newRow("sp too small") << "sp-bpe" << 50 << false << "vocabSize 50 failed";
    QTest::newRow("sp too large for corpus") << "sp-unigram" << 20000 << false << "vocabSize 20000 failed";
}

void TestTokenizerErrors::vocabularySizeOutOfReach()
{
    QFETCH(QString, kind);
    QFETCH(int, vocabSize);
    QFETCH(bool, tinyCorpus);
    QFETCH(QString, reason);
    std::string tiny = path("tiny.txt");
    writeFile(tiny, "hello world, hello there\n");
    TrainTokenizerOptions o;
    o.kind = kind.toStdString();
    o.vocabSize = vocabSize;
    o.inputFiles = {tinyCorpus ? tiny : m_verdictPath};
    o.outputPath = path("size-" + kind);
    QString message = errorOf([&] { lw::tokenizer::trainTokenizer(o); });
    QVERIFY2(message.contains(reason), qPrintable(message));
}

void TestTokenizerErrors::badTrainingOptions()
{
    TrainTokenizerOptions o;
    o.inputFiles = {m_verdictPath};
    o.outputPath = path("opts");
    o.kind = "wordpiece";
    QVERIFY(errorOf([&] { lw::tokenizer::trainTokenizer(o); }).startsWith("kind: \"wordpiece\" is not a tokenizer kind"));
    o.kind = "sp-unigram";
    o.characterCoverage = 0;
    QVERIFY(errorOf([&] { lw::tokenizer::trainTokenizer(o); }).startsWith("characterCoverage:"));
    o.characterCoverage = 1;
    o.inputFiles.clear();
    QVERIFY(errorOf([&] { lw::tokenizer::trainTokenizer(o); }).startsWith("inputFiles: no training text"));
    o.kind = "bpe";
    QVERIFY(errorOf([&] { lw::tokenizer::trainTokenizer(o); }).startsWith("inputFiles: no training text"));
}

void TestTokenizerErrors::decodeIdsOutOfRange()
{
    auto gpt2 = lw::tokenizer::loadTokenizer(lw::test::gpt2Folder());
    auto spm = lw::tokenizer::loadTokenizer(path("spm/tokenizer.model"));
    QCOMPARE(errorOf([&] { gpt2->decode({1, 50257}); }),
             QString::fromStdString("token id 50257 is out of range: the vocabulary of " + lw::test::gpt2Folder() +
                                    " has 50257 tokens (ids 0..50256)"));
    QVERIFY(errorOf([&] { spm->decode({1, 400}); }).startsWith("token id 400 is out of range"));
    QVERIFY(errorOf([&] { spm->decode({-5}); }).startsWith("token id -5 is out of range"));
    QVERIFY(errorOf([&] { spm->tokenBytes(400); }).startsWith("token id 400 is out of range"));
}

LW_TEST_GUILESS_MAIN(TestTokenizerErrors)
#include "test_tokenizer_errors.moc"

// sentencepiece through the runtime-loaded module: training both kinds, ids equal to
// Debian's python3-sentencepiece on the same .model, lossless round trips, and LibTorch
// still working in the same process afterwards (this program links LibTorch; linking
// sentencepiece next to it would crash before main).
#include "core/tokenizer/sentencepiece_module_loader.h"
#include "core/tokenizer/sentencepiece_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "tokenizer_test_support.h"
#include "test_registry.h"

#include <torch/torch.h>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

using lw::tokenizer::Tokenizer;
using Ids = std::vector<int32_t>;

class TestTokenizerSentencePiece : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void moduleComesFromTheBuild();
    void trainsModelFiles_data();
    void trainsModelFiles();
    void idsMatchPythonSentencepiece_data();
    void idsMatchPythonSentencepiece();
    void decodeRestoresText_data();
    void decodeRestoresText();
    void tokenBytesShowSpacesAndBytes();
    void trainingIsReproducible();
    void trainsFromUtf16Text();
    void cancelBeforeTrainingLeavesNoModel();
    void libTorchWorksAfterSentencepiece();
    void loadsModelTrainedByPython();
    void corruptModelsNeverCrash_data();
    void corruptModelsNeverCrash();

private:
    void addKindColumn();
    std::vector<std::string> testTexts() const;
    lw::tokenizer::TrainTokenizerOptions options(const std::string& kind, const std::string& folder) const;

    QTemporaryDir m_dir;
    std::string m_verdictPath;
    std::string m_verdict;
    std::vector<std::string> m_instructionTexts;
    std::map<std::string, std::unique_ptr<Tokenizer>> m_trained;
    std::string m_pythonModelPath; // nmt_nfkc normalisation: carries a precompiled character map
};

lw::tokenizer::TrainTokenizerOptions TestTokenizerSentencePiece::options(const std::string& kind, const std::string& folder) const
{
    lw::tokenizer::TrainTokenizerOptions o;
    o.kind = kind;
    o.vocabSize = 500;
    o.inputFiles = {m_verdictPath};
    o.outputPath = folder;
    return o;
}

void TestTokenizerSentencePiece::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_verdictPath = lw::test::sharedDataPath("llms-from-scratch/the-verdict.txt");
    m_verdict = lw::test::readWholeFile(m_verdictPath);
    auto entries = nlohmann::json::parse(
        lw::test::readWholeFile(lw::test::sharedDataPath("llms-from-scratch/instruction-data.json")));
    for (size_t i = 0; i < entries.size(); i += 10)
        m_instructionTexts.push_back(entries[i]["instruction"].get<std::string>() + "\n\n" +
                                     entries[i]["output"].get<std::string>());
    for (const std::string kind : {"sp-bpe", "sp-unigram"})
        m_trained[kind] = lw::tokenizer::trainTokenizer(options(kind, m_dir.filePath(QString::fromStdString(kind)).toStdString()));

    // A model made by sentencepiece's own Python trainer with its default normalisation.
    std::string prefix = m_dir.filePath("python-nfkc").toStdString();
    QByteArray ignored;
    QVERIFY(lw::test::runPython({"-c",
                                 "import sys, sentencepiece as s; s.SentencePieceTrainer.train(input=sys.argv[1], "
                                 "model_prefix=sys.argv[2], vocab_size=500, minloglevel=2)",
                                 QString::fromStdString(m_verdictPath), QString::fromStdString(prefix)},
                                ignored));
    m_pythonModelPath = prefix + ".model";
}

void TestTokenizerSentencePiece::moduleComesFromTheBuild()
{
    // Looked for next to the executable in the installed layout, then beside it, then in
    // the build tree; a test program in the build tree finds the last one.
    namespace fs = std::filesystem;
    const fs::path exeDir = fs::canonical("/proc/self/exe").parent_path();
    auto candidates = lw::tokenizer::sentencePieceModuleCandidates();
    QCOMPARE(candidates.size(), size_t(3));
    QCOMPARE(candidates[0], (exeDir.parent_path() / "lib/llm-workbench/liblw_spm.so").string());
    QCOMPARE(candidates[1], (exeDir / "liblw_spm.so").string());
    const auto& module = lw::tokenizer::sentencePieceModule();
    QCOMPARE(module.path, candidates[2]);
    QVERIFY(fs::exists(module.path));
    QCOMPARE(fs::path(module.path).filename().string(), std::string("liblw_spm.so"));
}

void TestTokenizerSentencePiece::addKindColumn()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("sp-bpe") << "sp-bpe";
    QTest::newRow("sp-unigram") << "sp-unigram";
}

void TestTokenizerSentencePiece::trainsModelFiles_data()
{
    addKindColumn();
}

void TestTokenizerSentencePiece::trainsModelFiles()
{
    QFETCH(QString, kind);
    const Tokenizer& tok = *m_trained[kind.toStdString()];
    QCOMPARE(tok.vocabSize(), 500);
    QCOMPARE(tok.kind(), std::string("sentencepiece"));
    QCOMPARE(tok.eosId(), std::optional<int32_t>(2)); // <unk>, <s>, </s> come first
    QDir folder(m_dir.filePath(kind));
    QCOMPARE(folder.entryList(QDir::Files, QDir::Name), (QStringList{"tokenizer.model", "tokenizer.vocab"}));
    std::string vocab = lw::test::readWholeFile(folder.filePath("tokenizer.vocab").toStdString());
    QCOMPARE(std::count(vocab.begin(), vocab.end(), '\n'), 500L);
    // The same model through the folder and through the file.
    auto viaFolder = lw::tokenizer::loadTokenizer(folder.path().toStdString());
    QCOMPARE(viaFolder->encode(m_verdict), tok.encode(m_verdict));
    QCOMPARE(tok.sourcePath(), folder.filePath("tokenizer.model").toStdString());
}

std::vector<std::string> TestTokenizerSentencePiece::testTexts() const
{
    std::vector<std::string> texts{m_verdict};
    size_t start = 0;
    while (start < m_verdict.size()) { // every line on its own too
        size_t end = m_verdict.find('\n', start);
        end = end == std::string::npos ? m_verdict.size() : end;
        texts.push_back(m_verdict.substr(start, end - start));
        start = end + 1;
    }
    texts.insert(texts.end(), m_instructionTexts.begin(), m_instructionTexts.end());
    texts.push_back("  two leading spaces, trailing tab\t and\r\n CRLF\n\n");
    texts.push_back("caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e emoji \xf0\x9f\x98\x80 digits 0123456789 <s> </s> <unk>");
    texts.push_back("");
    return texts;
}

void TestTokenizerSentencePiece::idsMatchPythonSentencepiece_data()
{
    addKindColumn();
}

void TestTokenizerSentencePiece::idsMatchPythonSentencepiece()
{
    QFETCH(QString, kind);
    const Tokenizer& tok = *m_trained[kind.toStdString()];
    std::vector<lw::test::ReferenceInput> inputs;
    for (const auto& t : testTexts())
        inputs.push_back({t});
    std::vector<Ids> expected;
    QVERIFY(lw::test::runReference("spm_reference.py", {QString::fromStdString(tok.sourcePath())}, inputs, expected));
    for (size_t i = 0; i < inputs.size(); ++i) {
        Ids ours = tok.encode(inputs[i].text);
        int64_t at = lw::test::firstDifference(ours, expected[i]);
        if (at >= 0)
            QFAIL(qPrintable(QString("text %1: first difference at token %2 of %3").arg(i).arg(at).arg(ours.size())));
    }
}

void TestTokenizerSentencePiece::decodeRestoresText_data()
{
    addKindColumn();
}

void TestTokenizerSentencePiece::decodeRestoresText()
{
    // Trained lossless (identity normalisation, spaces kept, byte fallback), so even
    // characters never seen in training come back byte for byte.
    QFETCH(QString, kind);
    const Tokenizer& tok = *m_trained[kind.toStdString()];
    for (const auto& text : testTexts())
        QCOMPARE(tok.decode(tok.encode(text)), text);
}

void TestTokenizerSentencePiece::tokenBytesShowSpacesAndBytes()
{
    const Tokenizer& tok = *m_trained["sp-bpe"];
    Ids ids = tok.encode("\n");
    QVERIFY(!ids.empty());
    std::string joined;
    for (int32_t id : ids)
        joined += tok.tokenBytes(id);
    QVERIFY2(joined.find('\n') != std::string::npos, joined.c_str()); // <0x0A> shown as the byte
    Ids words = tok.encode("the");
    QCOMPARE(tok.tokenBytes(words.front()).front(), ' '); // "▁the" shown with a space
    auto* sp = dynamic_cast<const lw::tokenizer::SentencePieceTokenizer*>(&tok);
    QVERIFY(sp);
    QCOMPARE(sp->piece(2), std::string("</s>"));
}

void TestTokenizerSentencePiece::trainingIsReproducible()
{
    // Same corpus, seed and settings, another folder: the same files, byte for byte.
    for (const std::string kind : {"sp-bpe", "sp-unigram"}) {
        std::string first = m_dir.filePath(QString::fromStdString(kind)).toStdString();
        std::string again = m_dir.filePath(QString::fromStdString(kind + "-again")).toStdString();
        lw::tokenizer::trainTokenizer(options(kind, again));
        for (const char* file : {"/tokenizer.model", "/tokenizer.vocab"}) {
            std::string bytes = lw::test::readWholeFile(first + file);
            QVERIFY(!bytes.empty());
            QVERIFY2(lw::test::readWholeFile(again + file) == bytes, file);
        }
        // No local path leaks into the model.
        QVERIFY(lw::test::readWholeFile(first + "/tokenizer.model").find(m_dir.path().toStdString()) == std::string::npos);
    }
}

void TestTokenizerSentencePiece::trainsFromUtf16Text()
{
    // The same story saved as UTF-16 with a byte-order mark trains the same model: the
    // text reaches sentencepiece as UTF-8 (through a temporary copy, removed afterwards).
    QString text = QString::fromStdString(m_verdict);
    QByteArray utf16("\xFF\xFE", 2);
    utf16.append(reinterpret_cast<const char*>(text.utf16()), text.size() * 2);
    std::string utf16Path = m_dir.filePath("verdict-utf16.txt").toStdString();
    std::ofstream(utf16Path, std::ios::binary) << utf16.toStdString();
    auto o = options("sp-bpe", m_dir.filePath("from-utf16").toStdString());
    o.inputFiles = {utf16Path};
    lw::tokenizer::trainTokenizer(o);
    QCOMPARE(lw::test::readWholeFile(o.outputPath + "/tokenizer.model"),
             lw::test::readWholeFile(m_dir.filePath("sp-bpe/tokenizer.model").toStdString()));
    QCOMPARE(QDir(QString::fromStdString(o.outputPath)).entryList(QDir::Files | QDir::Hidden),
             (QStringList{"tokenizer.model", "tokenizer.vocab"}));
}

void TestTokenizerSentencePiece::cancelBeforeTrainingLeavesNoModel()
{
    auto o = options("sp-unigram", m_dir.filePath("cancelled").toStdString());
    std::vector<std::string> stages;
    QString message;
    try {
        lw::tokenizer::trainTokenizer(o, [&](const lw::tokenizer::TrainTokenizerProgress& p) {
            stages.push_back(p.stage);
            return p.stage != "training";
        });
    } catch (const lw::Error& e) {
        message = e.what();
    }
    QCOMPARE(message, QString("cancelled"));
    QCOMPARE(stages.back(), std::string("training"));
    QVERIFY(!std::filesystem::exists(o.outputPath + "/tokenizer.model"));
}

void TestTokenizerSentencePiece::libTorchWorksAfterSentencepiece()
{
    // sentencepiece has trained, loaded and encoded in this process by now; LibTorch
    // (and its protobuf) must be unharmed, and sentencepiece must still work after it.
    Ids before = m_trained["sp-unigram"]->encode(m_verdict);
    torch::Tensor a = torch::arange(6, torch::kFloat32).reshape({2, 3});
    torch::Tensor b = torch::arange(12, torch::kFloat32).reshape({3, 4});
    torch::Tensor c = torch::matmul(a, b);
    // [[0 1 2],[3 4 5]] x [[0..3],[4..7],[8..11]]
    const float expected[2][4] = {{20, 23, 26, 29}, {56, 68, 80, 92}};
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 4; ++j)
            QCOMPARE(c[i][j].item<float>(), expected[i][j]);
    torch::Tensor x = torch::randn({64, 64});
    QVERIFY(torch::allclose(torch::matmul(x, torch::eye(64)), x));
    QCOMPARE(m_trained["sp-unigram"]->encode(m_verdict), before);
}

void TestTokenizerSentencePiece::loadsModelTrainedByPython()
{
    auto tok = lw::tokenizer::loadTokenizer(m_pythonModelPath);
    QCOMPARE(tok->vocabSize(), 500);
    std::vector<lw::test::ReferenceInput> inputs;
    for (const auto& t : testTexts())
        inputs.push_back({t});
    inputs.push_back({"\xef\xbc\xa1\xef\xbc\xa2 \xe2\x91\xa0 \xef\xac\x81 \xc2\xbd"}); // fullwidth AB, circled 1, fi ligature, 1/2
    std::vector<Ids> expected;
    QVERIFY(lw::test::runReference("spm_reference.py", {QString::fromStdString(m_pythonModelPath)}, inputs, expected));
    for (size_t i = 0; i < inputs.size(); ++i)
        QCOMPARE(tok->encode(inputs[i].text), expected[i]);
}

void TestTokenizerSentencePiece::corruptModelsNeverCrash_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("unigram trained here") << "sp-unigram";
    // Most of this file is the normaliser's character map, a trie sentencepiece walks
    // without bounds checks: corrupt copies of it crash sentencepiece unless refused.
    QTest::newRow("python nmt_nfkc") << "python";
}

void TestTokenizerSentencePiece::corruptModelsNeverCrash()
{
    // Truncated and bit-flipped copies of a real model: each must either be refused with
    // an lw::Error naming the file or load and then encode and decode without crashing.
    QFETCH(QString, kind);
    const std::string original = lw::test::readWholeFile(
        kind == "python" ? m_pythonModelPath : m_trained[kind.toStdString()]->sourcePath());
    const std::string path = m_dir.filePath("corrupt.model").toStdString();
    // Text that walks much of the character map: a wide sweep of code points.
    std::string sweep;
    for (uint32_t cp = 0x20; cp < 0x3000; cp += 3) {
        if (cp < 0x80) {
            sweep += static_cast<char>(cp);
        } else if (cp < 0x800) {
            sweep += static_cast<char>(0xC0 | (cp >> 6));
            sweep += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            sweep += static_cast<char>(0xE0 | (cp >> 12));
            sweep += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            sweep += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }
    std::mt19937 rng(77);
    int refused = 0;
    int loaded = 0;
    for (int round = 0; round < 400; ++round) {
        std::string bytes = original;
        if (round < 100) {
            bytes.resize(rng() % original.size());
        } else {
            for (int flips = 1 + static_cast<int>(rng() % 8); flips > 0; --flips)
                bytes[rng() % bytes.size()] = static_cast<char>(rng() & 0xFF);
        }
        std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
        try {
            auto tok = lw::tokenizer::loadTokenizer(path);
            ++loaded;
            for (const std::string& text : {std::string("The verdict, 1908: caf\xc3\xa9 \xef\xbc\xa1 \xe2\x91\xa0 \xf0\x9f\x98\x80\n"),
                                           m_verdict.substr(0, 2000), sweep}) {
                try {
                    tok->decode(tok->encode(text));
                } catch (const lw::Error&) {
                }
            }
        } catch (const lw::Error& e) {
            ++refused;
            QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path)), e.what());
        }
    }
    qInfo("%d corrupt copies refused, %d loaded", refused, loaded);
    QVERIFY(refused > 100); // every truncation and most flips are caught
}

LW_TEST_GUILESS_MAIN(TestTokenizerSentencePiece)
#include "test_tokenizer_sentencepiece.moc"

// `llmwb generate` on a Q4_0 GGUF file (a random GPT-2 shape with GPT-2's tokenizer,
// written by core/gguf_model): the CLI loads it for generation only (no float copy of
// its matrices) and answers with the greedy ids the fused decoder gives here on the
// same blocks with the model loaded in full; the paths that need the float matrices
// (the model's own forward, fp32 weights) still run, loading them.
#include "cli_runner.h"
#include "core/catalog/model_loader.h"
#include "core/generate/generator.h"
#include "core/generate/known_models.h"
#include "core/gguf_model/gguf_model.h"
#include "test_registry.h"

#include <QTemporaryDir>

using lw::test::runCli;

namespace {

const char* kQuantizedPrompt = "The lighthouse keeper climbed the stairs";

// Greedy ids of `path` through the Generator, the model loaded in full.
std::vector<int64_t> fullLoadGreedyIds(const std::string& path, int64_t tokens)
{
    lw::catalog::LoadedModel loaded = lw::catalog::loadModel(lw::catalog::locateModel(path, nullptr), torch::kCPU);
    lw::generate::GeneratorOptions options;
    options.storedMatrices = loaded.storedMatrices;
    lw::generate::Generator generator(loaded.model, loaded.tokenizer.get(), options);
    lw::generate::GenerationRequest request;
    request.prompt = lw::catalog::encodePrompt(loaded, kQuantizedPrompt);
    request.settings.temperature = 0;
    request.settings.max_tokens = tokens;
    request.settings.stop_at_eos = false;
    std::vector<int64_t> ids;
    for (const auto& t : generator.generate(request).tokens)
        ids.push_back(t.token);
    return ids;
}

} // namespace

class TestCliGenerateQuantized : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void generatesFromTheBlocks();
    void floatPathsStillRun_data();
    void floatPathsStillRun();

private:
    QTemporaryDir m_dir;
    QString m_gguf;
};

void TestCliGenerateQuantized::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    lw::model::ModelConfig config = lw::test::knownModelConfig(50257, 64, 128);
    config.tie_embeddings = true;
    lw::model::Transformer m(config);
    m->initializeWeights(23);
    {
        torch::NoGradGuard noGrad;
        m->outputWeight().mul_(20.0); // greedy choices far from ties
    }
    auto tokenizer = lw::tokenizer::loadTokenizer(lw::test::gpt2TokenizerDir());
    m_gguf = m_dir.filePath("lighthouse-q4_0.gguf");
    lw::gguf_model::writeGgufModel(m, *tokenizer, "", m_gguf.toStdString(), lw::gguf::GgmlType::Q4_0);
}

void TestCliGenerateQuantized::generatesFromTheBlocks()
{
    auto r = runCli({"generate", "--model", m_gguf, "--prompt", kQuantizedPrompt, "--temperature", "0", "--max-tokens",
                     "8", "--stop-at-eos", "false", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const std::vector<int64_t> ids = lw::test::generatedIds(r);
    QCOMPARE(int(ids.size()), 8);
    QCOMPARE(ids, fullLoadGreedyIds(m_gguf.toStdString(), 8));
}

void TestCliGenerateQuantized::floatPathsStillRun_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::newRow("model-forward") << QStringList{"--model-forward"};
    QTest::newRow("fp32") << QStringList{"--dtype", "fp32"};
}

void TestCliGenerateQuantized::floatPathsStillRun()
{
    QFETCH(QStringList, flags);
    auto r = runCli(QStringList{"generate", "--model", m_gguf, "--prompt", kQuantizedPrompt, "--temperature", "0",
                                "--max-tokens", "4", "--stop-at-eos", "false", "--json"} +
                    flags);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QCOMPARE(int(lw::test::generatedIds(r).size()), 4);
}

LW_TEST_GUILESS_MAIN(TestCliGenerateQuantized)
#include "test_cli_generate_quantized.moc"

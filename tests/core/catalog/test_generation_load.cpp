// Loading a quantized GGUF model for generation only (catalog::LoadOptions::forGeneration):
// the float model is built without the matrices the file stores as blocks, the fused
// decoder reads those from the blocks and chooses the same greedy tokens as when the
// model is loaded in full, and every float use of the lean model fails with lw::Error.
// Models are random GPT-2 (tied embeddings) and Llama (grouped-query attention, untied
// head) shapes written by writeGgufModel with GPT-2's tokenizer.
#include "core/catalog/model_loader.h"
#include "core/generate/generator.h"
#include "core/generate/known_models.h"
#include "core/gguf_model/gguf_model.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

namespace {

model::ModelConfig leanLoadConfig(bool llama)
{
    model::ModelConfig c = test::knownModelConfig(50257, 64, 64);
    if (llama) {
        c.family = model::Family::Llama;
        c.n_head = 4;
        c.n_kv_head = 2;
        c.d_ff = 128;
        c.tie_embeddings = false;
    } else {
        c.tie_embeddings = true;
    }
    return c;
}

// A random model of `config` as a GGUF file of `type` under `dir`.
std::string writeLeanLoadModel(const model::ModelConfig& config, gguf::GgmlType type, const QTemporaryDir& dir)
{
    model::Transformer m(config);
    m->initializeWeights(7);
    {
        // Wider logits: greedy choices far from ties.
        torch::NoGradGuard noGrad;
        m->outputWeight().mul_(20.0);
    }
    auto tokenizer = tokenizer::loadTokenizer(test::gpt2TokenizerDir());
    const std::string path = dir.filePath("model.gguf").toStdString();
    gguf_model::writeGgufModel(m, *tokenizer, "", path, type);
    return path;
}

catalog::LoadedModel loadFor(const std::string& path, bool forGeneration)
{
    catalog::LoadOptions options;
    options.forGeneration = forGeneration;
    return catalog::loadModel(catalog::locateModel(path, nullptr), torch::kCPU, options);
}

std::vector<int32_t> greedyTokens(const catalog::LoadedModel& loaded, const std::string& prompt)
{
    generate::GeneratorOptions options;
    options.storedMatrices = loaded.storedMatrices;
    generate::Generator generator(loaded.model, loaded.tokenizer.get(), options);
    generate::GenerationRequest request;
    request.prompt = catalog::encodePrompt(loaded, prompt);
    request.settings.temperature = 0;
    request.settings.max_tokens = 12;
    request.settings.stop_at_eos = false;
    std::vector<int32_t> tokens;
    for (const generate::GeneratedToken& t : generator.generate(request).tokens)
        tokens.push_back(t.token);
    return tokens;
}

int64_t parameterElements(const model::Transformer& m)
{
    int64_t n = 0;
    for (const torch::Tensor& p : m->parameters())
        n += p.numel();
    return n;
}

// Elements of the matrices a GGUF file holds as matrices (every 2-D parameter but GPT-2's
// position embedding, which is added as floats), from the configuration alone.
int64_t matrixElements(const model::ModelConfig& config)
{
    int64_t n = 0;
    for (const auto& [name, shape] : model::parameterShapes(config))
        if (shape.size() == 2 && name != "wpe.weight")
            n += shape[0] * shape[1];
    return n;
}

template <typename F>
QString errorOf(F&& f)
{
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestGenerationLoad : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void leanModelGeneratesTheSameTokens_data();
    void leanModelGeneratesTheSameTokens();
    void floatUsesOfALeanModelFail();
    void floatFilesLoadInFull();
};

void TestGenerationLoad::leanModelGeneratesTheSameTokens_data()
{
    QTest::addColumn<bool>("llama");
    QTest::addColumn<int>("type");
    QTest::newRow("gpt2-q4_0") << false << int(gguf::GgmlType::Q4_0);
    QTest::newRow("gpt2-q8_0") << false << int(gguf::GgmlType::Q8_0);
    QTest::newRow("llama-q4_0") << true << int(gguf::GgmlType::Q4_0);
    QTest::newRow("llama-q5_1") << true << int(gguf::GgmlType::Q5_1);
}

void TestGenerationLoad::leanModelGeneratesTheSameTokens()
{
    QFETCH(bool, llama);
    QFETCH(int, type);
    QTemporaryDir dir;
    const model::ModelConfig config = leanLoadConfig(llama);
    const std::string path = writeLeanLoadModel(config, gguf::GgmlType(type), dir);
    catalog::LoadedModel full = loadFor(path, false);
    catalog::LoadedModel lean = loadFor(path, true);
    QVERIFY(full.storedMatrices && lean.storedMatrices);
    QVERIFY(!full.model->hasLeftOutMatrices());
    QVERIFY(lean.model->hasLeftOutMatrices());

    const std::vector<int32_t> expected = greedyTokens(full, "The river turned east below the mill");
    QCOMPARE(int(expected.size()), 12);
    QCOMPARE(greedyTokens(lean, "The river turned east below the mill"), expected);

    // The float model lost exactly the matrices' elements: each left-out weight holds
    // none, everything else (norms, biases, GPT-2's position embedding) is as in full.
    QCOMPARE(parameterElements(full.model), parameterElements(lean.model) + matrixElements(config));
    const auto fullParameters = full.model->named_parameters();
    for (const auto& item : lean.model->named_parameters()) {
        const bool matrix = item.value().dim() == 2 && item.key() != "wpe.weight";
        QVERIFY2(item.value().numel() == (matrix ? 0 : fullParameters[item.key()].numel()), item.key().c_str());
        if (!matrix)
            QVERIFY(torch::equal(item.value(), fullParameters[item.key()]));
    }
}

void TestGenerationLoad::floatUsesOfALeanModelFail()
{
    QTemporaryDir dir;
    const std::string path = writeLeanLoadModel(leanLoadConfig(false), gguf::GgmlType::Q4_0, dir);
    catalog::LoadedModel lean = loadFor(path, true);
    const torch::Tensor ids = torch::tensor({{464, 7850}}, torch::kLong);

    const QString forward = errorOf([&] { lean.model->forward(ids); });
    QVERIFY2(forward.contains("model.gguf") && forward.contains("loaded for generation"), qPrintable(forward));
    QVERIFY(!errorOf([&] { lean.model->loss(ids, ids); }).isEmpty());

    // The model's own forward pass through the Generator.
    generate::GeneratorOptions torchPath;
    torchPath.fusedCpu = false;
    generate::Generator generator(lean.model, lean.tokenizer.get(), torchPath);
    generate::GenerationRequest request;
    request.prompt = {464, 7850};
    request.settings.max_tokens = 2;
    QVERIFY(errorOf([&] { generator.generate(request); }).contains("loaded for generation"));

    // The fused decoder on float weights, and on the blocks without them.
    for (const char* weights : {"fp32", "bf16"}) {
        generate::GeneratorOptions options;
        options.weights = weights;
        options.storedMatrices = lean.storedMatrices;
        const QString e = errorOf([&] { generate::Generator(lean.model, lean.tokenizer.get(), options); });
        QVERIFY2(e.contains("loaded for generation"), qPrintable(e));
    }
    QVERIFY(errorOf([&] { generate::Generator(lean.model, lean.tokenizer.get()); }).contains("loaded for generation"));
}

void TestGenerationLoad::floatFilesLoadInFull()
{
    // An f32 file has no blocks to read: the option changes nothing.
    QTemporaryDir dir;
    const model::ModelConfig config = leanLoadConfig(false);
    const std::string path = writeLeanLoadModel(config, gguf::GgmlType::F32, dir);
    catalog::LoadedModel lean = loadFor(path, true);
    QVERIFY(!lean.storedMatrices);
    QVERIFY(!lean.model->hasLeftOutMatrices());
    QCOMPARE(parameterElements(lean.model), parameterElements(loadFor(path, false).model));
}

LW_TEST_GUILESS_MAIN(TestGenerationLoad)
#include "test_generation_load.moc"

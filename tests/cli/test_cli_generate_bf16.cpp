// A model stored in bf16, generated from with "auto" weights: `llmwb generate` builds it
// in bf16 straight from the file and runs the fused decoder's bf16 kernels, choosing the
// greedy ids that `--dtype bf16` chooses on the float32 load of the same file (the same
// bf16 weights). Hugging Face folders are written by the independent hf_reference.py
// (which also gives reference logits from its own float64 forward pass); the GGUF file
// by writeGgufModel with GPT-2's tokenizer. A folder of bf16 matrices with float32 norms
// and biases (as many models are published) keeps its matrices in bf16 and its vectors
// in float32, and decodes as the float32 load of it does with bf16 kernels. Float32 and
// f16 folders, a folder with one float32 matrix among bf16 ones, and every load without
// LoadOptions::bf16AsStored, stay float32.
#include "cli_runner.h"
#include "core/catalog/model_loader.h"
#include "core/generate/cpu_decoder.h"
#include "core/generate/known_models.h"
#include "core/gguf_model/gguf_model.h"
#include "core/hf/hf_test_support.h"
#include "test_paths.h"
#include "test_registry.h"

#include <QTemporaryDir>

using lw::test::runCli;


namespace {

const std::vector<int64_t> kPromptIds = {3, 141, 59, 26, 535, 89, 7, 93};

// Folders by their name's dtype part: "BF16", "F32", "F16", or bf16 matrices with
// float32 vectors ("BF16-F32"), and with one float32 matrix too ("BF16-F32-matrix").
const char* const kFolders[] = {"BF16", "F32", "F16", "BF16-F32", "BF16-F32-matrix"};

nlohmann::json qwen2Spec(const std::string& dtype)
{
    if (dtype.rfind("BF16-F32", 0) == 0) {
        nlohmann::json spec = qwen2Spec("BF16");
        spec["vector_dtype"] = "F32";
        if (dtype == "BF16-F32-matrix")
            spec["dtypes"] = {{"model.layers.1.mlp.down_proj.weight", "F32"}};
        return spec;
    }
    // Qwen2: grouped-query attention and biases on q, k and v (bf16 vectors too).
    return {{"family", "qwen2"},
            {"dtype", dtype},
            {"seed", 31},
            {"config",
             {{"vocab_size", 561}, {"max_position_embeddings", 64}, {"num_hidden_layers", 2},
              {"num_attention_heads", 4}, {"num_key_value_heads", 2}, {"hidden_size", 64},
              {"intermediate_size", 96}, {"rope_theta", 10000.0}, {"rms_norm_eps", 1e-6},
              {"tie_word_embeddings", false}}}};
}

lw::catalog::LoadedModel load(const QString& path, bool bf16AsStored)
{
    lw::catalog::LoadOptions options;
    options.forGeneration = true;
    options.bf16AsStored = bf16AsStored;
    return lw::catalog::loadModel(lw::catalog::locateModel(path.toStdString(), nullptr), torch::kCPU, options);
}

bool everyParameterIs(const lw::model::Transformer& m, torch::ScalarType dtype)
{
    for (const torch::Tensor& p : m->parameters())
        if (p.scalar_type() != dtype)
            return false;
    return true;
}

// Each parameter in the same values as the float32 load's (bf16 read into float32 is exact).
void requireValuesOf(const lw::catalog::LoadedModel& loaded, const lw::catalog::LoadedModel& floats)
{
    const auto reference = floats.model->named_parameters();
    for (const auto& item : loaded.model->named_parameters())
        QVERIFY2(torch::equal(item.value().to(torch::kFloat), reference[item.key()]), item.key().c_str());
}

// Logits of every position of `ids` through the fused decoder on `weights`, prefilled at once.
torch::Tensor fusedLogits(std::shared_ptr<lw::generate::CpuDecoderWeights> weights, const std::vector<int64_t>& ids)
{
    const int64_t vocab = weights->config().vocab_size;
    lw::generate::CpuModelRunner runner(weights, 1, 0);
    torch::Tensor out = torch::empty({int64_t(ids.size()), vocab});
    for (size_t t = 0; t < ids.size(); ++t)
        runner.forward({lw::generate::SlotInput{0, {int32_t(ids[t])}}}, out[int64_t(t)].data_ptr<float>());
    return out;
}

// Largest difference from the reference logits, relative to the largest reference logit.
double relativeError(const torch::Tensor& ours, const nlohmann::json& reference)
{
    std::vector<double> flat;
    for (const auto& row : reference)
        for (const auto& v : row)
            flat.push_back(v.get<double>());
    const torch::Tensor expected = torch::tensor(flat, torch::kDouble).view(ours.sizes());
    return ((ours.to(torch::kDouble) - expected).abs().max() / expected.abs().max()).item<double>();
}

// The fused decoder on the model as kept ("auto": its bf16 kernels) and on bf16 copies of
// the float32 load's matrices ("--dtype bf16") reads the same weights: the same logits,
// within bf16's precision of the reference.
void requireFusedBf16AsTheFloat32Load(const lw::catalog::LoadedModel& kept, const lw::catalog::LoadedModel& converted,
                                      const nlohmann::json& reference)
{
    using lw::generate::CpuDecoderWeights;
    const auto bf16 = lw::generate::kernels::WeightType::BF16;
    const torch::Tensor asStored = fusedLogits(std::make_shared<CpuDecoderWeights>(kept.model, bf16), kPromptIds);
    const torch::Tensor copied = fusedLogits(std::make_shared<CpuDecoderWeights>(converted.model, bf16), kPromptIds);
    QVERIFY(torch::equal(asStored, copied));
    const double fusedError = relativeError(asStored, reference);
    QVERIFY2(fusedError < 3e-2, qPrintable(QString::number(fusedError)));
}

QString idsText(const std::vector<int64_t>& ids)
{
    QStringList parts;
    for (int64_t id : ids)
        parts << QString::number(id);
    return parts.join(' ');
}

} // namespace

class TestCliGenerateBf16 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void bf16FolderLoadsInBf16();
    void otherFoldersLoadFloat32_data();
    void otherFoldersLoadFloat32();
    void bf16LogitsMatchTheFloat32Load();
    void bf16MatricesStayBf16BesideFloat32Vectors();
    void bf16MatricesWithFloat32VectorsDecodeAsTheFloat32Load();
    void generateChoosesTheIdsOfDtypeBf16_data();
    void generateChoosesTheIdsOfDtypeBf16();

private:
    QString folder(const char* dtype) const { return m_dir.filePath(QString("qwen2-") + dtype); }
    QTemporaryDir m_dir;
    QString m_gguf;
    nlohmann::json m_referenceLogits, m_mixedReferenceLogits;
};

void TestCliGenerateBf16::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    lw::test::HfReferenceBatch batch;
    for (const char* dtype : kFolders)
        batch.make(qwen2Spec(dtype), folder(dtype));
    const size_t logits = batch.logits(folder("BF16"), {kPromptIds});
    const size_t mixedLogits = batch.logits(folder("BF16-F32"), {kPromptIds});
    nlohmann::json results;
    QVERIFY(batch.run(results));
    m_referenceLogits = results[logits][0];
    m_mixedReferenceLogits = results[mixedLogits][0];
    const QString tokenizer = QString::fromUtf8(lw::test::sourceDir()) + "/tests/core/tokenizer/fixtures/hf/llama3.json";
    for (const char* dtype : kFolders)
        QVERIFY(QFile::copy(tokenizer, folder(dtype) + "/tokenizer.json"));

    lw::model::ModelConfig config = lw::test::knownModelConfig(50257, 64, 64);
    config.family = lw::model::Family::Llama;
    config.n_head = 4;
    config.n_kv_head = 2;
    config.d_ff = 128;
    config.tie_embeddings = false;
    lw::model::Transformer m(config);
    m->initializeWeights(5);
    auto gpt2 = lw::tokenizer::loadTokenizer(lw::test::gpt2TokenizerDir());
    m_gguf = m_dir.filePath("llama.bf16.gguf");
    lw::gguf_model::writeGgufModel(m, *gpt2, "", m_gguf.toStdString(), lw::gguf::GgmlType::BF16);
}

void TestCliGenerateBf16::bf16FolderLoadsInBf16()
{
    const lw::catalog::LoadedModel kept = load(folder("BF16"), true);
    QVERIFY(everyParameterIs(kept.model, torch::kBFloat16));
    // Without the option, as every float32 caller (training, eval, export) loads it.
    const lw::catalog::LoadedModel converted = load(folder("BF16"), false);
    QVERIFY(everyParameterIs(converted.model, torch::kFloat));
    requireValuesOf(kept, converted);

    // A GGUF file's bf16 matrices stay in the file for the decoder; the float model keeps
    // none of them (its float32 norms only).
    const lw::catalog::LoadedModel gguf = load(m_gguf, true);
    QVERIFY(gguf.storedMatrices && gguf.model->hasLeftOutMatrices());
    QVERIFY(!load(m_gguf, false).storedMatrices);
}

void TestCliGenerateBf16::otherFoldersLoadFloat32_data()
{
    QTest::addColumn<QString>("dtype");
    QTest::newRow("f32") << "F32";
    QTest::newRow("f16") << "F16"; // bf16 would round f16 values: float32 holds them exactly
    // The decoder runs all matrices in one type: bf16 kernels would round the float32 one.
    QTest::newRow("one f32 matrix among bf16") << "BF16-F32-matrix";
}

void TestCliGenerateBf16::otherFoldersLoadFloat32()
{
    QFETCH(QString, dtype);
    const lw::catalog::LoadedModel loaded = load(folder(qPrintable(dtype)), true);
    QVERIFY(everyParameterIs(loaded.model, torch::kFloat));
}

void TestCliGenerateBf16::bf16LogitsMatchTheFloat32Load()
{
    torch::NoGradGuard noGrad;
    lw::catalog::LoadedModel kept = load(folder("BF16"), true);
    lw::catalog::LoadedModel converted = load(folder("BF16"), false);
    const torch::Tensor ids = torch::tensor(kPromptIds).view({1, -1});

    // The model's own forward pass computes in bf16: within bf16's precision of the
    // independent float64 forward pass, where the float32 load is within float32's.
    const torch::Tensor floatLogits = converted.model->forward(ids).squeeze(0);
    const torch::Tensor bf16Logits = kept.model->forward(ids).squeeze(0);
    QCOMPARE(bf16Logits.scalar_type(), torch::kBFloat16);
    const double floatError = relativeError(floatLogits, m_referenceLogits);
    const double bf16Error = relativeError(bf16Logits, m_referenceLogits);
    QVERIFY2(floatError < 1e-5, qPrintable(QString::number(floatError)));
    QVERIFY2(bf16Error < 3e-2 && bf16Error > floatError, qPrintable(QString::number(bf16Error)));
    requireFusedBf16AsTheFloat32Load(kept, converted, m_referenceLogits);
}

void TestCliGenerateBf16::bf16MatricesStayBf16BesideFloat32Vectors()
{
    const lw::catalog::LoadedModel kept = load(folder("BF16-F32"), true);
    int matrices = 0, vectors = 0;
    for (const auto& item : kept.model->named_parameters()) {
        const bool matrix = item.value().dim() >= 2;
        (matrix ? matrices : vectors) += 1;
        QVERIFY2(item.value().scalar_type() == (matrix ? torch::kBFloat16 : torch::kFloat), item.key().c_str());
    }
    // 2 layers of q/k/v (one parameter), o, gate, up, down; embedding and head. Norms: 2 per
    // layer and the final one; q/k/v biases: one per layer.
    QCOMPARE(matrices, 2 * 5 + 2);
    QCOMPARE(vectors, 2 * 3 + 1);
    const lw::catalog::LoadedModel converted = load(folder("BF16-F32"), false);
    QVERIFY(everyParameterIs(converted.model, torch::kFloat));
    requireValuesOf(kept, converted);
}

void TestCliGenerateBf16::bf16MatricesWithFloat32VectorsDecodeAsTheFloat32Load()
{
    torch::NoGradGuard noGrad;
    lw::catalog::LoadedModel kept = load(folder("BF16-F32"), true);
    lw::catalog::LoadedModel converted = load(folder("BF16-F32"), false);
    // The reference's float64 forward pass agrees with the float32 load of the same values.
    const torch::Tensor ids = torch::tensor(kPromptIds).view({1, -1});
    const double floatError = relativeError(converted.model->forward(ids).squeeze(0), m_mixedReferenceLogits);
    QVERIFY2(floatError < 1e-5, qPrintable(QString::number(floatError)));
    // Its bf16 matrices and float32 vectors, as the float32 load's bf16 copies and vectors.
    requireFusedBf16AsTheFloat32Load(kept, converted, m_mixedReferenceLogits);
}

void TestCliGenerateBf16::generateChoosesTheIdsOfDtypeBf16_data()
{
    QTest::addColumn<QString>("folderDtype"); // empty: the GGUF file
    QTest::newRow("hf-folder") << "BF16";
    QTest::newRow("hf-folder-f32-vectors") << "BF16-F32";
    QTest::newRow("gguf") << "";
}

void TestCliGenerateBf16::generateChoosesTheIdsOfDtypeBf16()
{
    QFETCH(QString, folderDtype);
    const bool gguf = folderDtype.isEmpty();
    const QString model = gguf ? m_gguf : folder(qPrintable(folderDtype));
    const QStringList common{"generate", "--model", model, "--prompt-ids", idsText(kPromptIds), "--temperature", "0",
                             "--max-tokens", "10", "--stop-at-eos", "false", "--json"};
    auto asStored = runCli(common);
    QVERIFY2(asStored.exitCode == 0, qPrintable(asStored.all()));
    auto converted = runCli(common + QStringList{"--dtype", "bf16"});
    QVERIFY2(converted.exitCode == 0, qPrintable(converted.all()));
    const std::vector<int64_t> ids = lw::test::generatedIds(asStored);
    QCOMPARE(int(ids.size()), 10);
    QCOMPARE(ids, lw::test::generatedIds(converted));
    const QString runner = lw::test::lastJsonObject(asStored)["runner"].toString();
    QVERIFY2(runner.contains("bf16 weights"), qPrintable(runner));

    // A float32 folder still generates on float32 weights.
    if (folderDtype == "BF16") {
        auto floats = runCli({"generate", "--model", folder("F32"), "--prompt-ids", idsText(kPromptIds),
                              "--max-tokens", "2", "--json"});
        QVERIFY2(floats.exitCode == 0, qPrintable(floats.all()));
        QVERIFY(lw::test::lastJsonObject(floats)["runner"].toString().contains("fp32 weights"));
    }
}

LW_TEST_GUILESS_MAIN(TestCliGenerateBf16)
#include "test_cli_generate_bf16.moc"

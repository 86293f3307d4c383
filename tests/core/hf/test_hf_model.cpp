// Hugging Face folders of every supported architecture, written by an independent
// script (hf_reference.py, from transformers' published architectures) with random
// weights, are loaded and must give the logits that the script's own forward pass
// gives, through the model's forward and through the fused CPU decoder. Export writes
// folders that the same independent code reads back to the same logits.
#include "core/generate/cpu_decoder.h"
#include "core/hf/hf_model.h"
#include "core/util/error.h"
#include "hf_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using lw::hf::HfModelInfo;
using nlohmann::json;

namespace {

json llamaConfig(int64_t vocab, bool tied)
{
    return {{"vocab_size", vocab},
            {"max_position_embeddings", 48},
            {"num_hidden_layers", 2},
            {"num_attention_heads", 4},
            {"num_key_value_heads", 2},
            {"hidden_size", 32},
            {"intermediate_size", 40},
            {"rms_norm_eps", 1e-5},
            {"rope_theta", 500000.0},
            {"tie_word_embeddings", tied},
            {"hidden_act", "silu"}};
}

json gpt2Config()
{
    return {{"vocab_size", 70}, {"n_positions", 40}, {"n_layer", 2}, {"n_head", 4}, {"n_embd", 32},
            {"layer_norm_epsilon", 1e-5}, {"activation_function", "gelu_new"}};
}

std::vector<std::vector<int64_t>> sampleIds(int64_t vocab)
{
    std::vector<std::vector<int64_t>> ids;
    std::vector<int64_t> a, b;
    for (int64_t i = 0; i < 19; ++i)
        a.push_back((i * 7 + 3) % vocab);
    for (int64_t i = 0; i < 5; ++i)
        b.push_back((i * 11 + 1) % vocab);
    return {a, b};
}

torch::Tensor referenceTensor(const json& logits)
{
    std::vector<double> flat;
    const int64_t rows = int64_t(logits.size()), cols = int64_t(logits[0].size());
    for (const auto& row : logits)
        for (const auto& v : row)
            flat.push_back(v.get<double>());
    return torch::tensor(flat, torch::kDouble).view({rows, cols});
}

// Largest difference between our model's logits and the reference's, relative to the
// largest reference logit.
double compareModelForward(lw::model::Transformer& model, const json& reference)
{
    const auto ids = sampleIds(model->config().vocab_size);
    double worst = 0;
    torch::NoGradGuard noGrad;
    for (size_t i = 0; i < ids.size(); ++i) {
        auto ours = model->forward(torch::tensor(ids[i]).view({1, -1})).squeeze(0).to(torch::kDouble);
        auto expected = referenceTensor(reference[i]);
        worst = std::max(worst, ((ours - expected).abs().max() / expected.abs().max()).item<double>());
    }
    return worst;
}

// The fused CPU decoder, fed the first list token by token after a prefill of 6.
double compareFusedDecoder(lw::model::Transformer& model, const json& reference)
{
    using namespace lw::generate;
    const auto ids = sampleIds(model->config().vocab_size);
    auto expected = referenceTensor(reference[0]);
    const int64_t vocab = model->config().vocab_size;
    CpuModelRunner runner(std::make_shared<CpuDecoderWeights>(model, kernels::WeightType::F32), 1, 0);
    std::vector<float> logits(static_cast<size_t>(vocab));
    double worst = 0;
    const size_t prefill = 6;
    for (size_t t = prefill - 1; t < ids[0].size(); ++t) {
        std::vector<int32_t> feed;
        if (t == prefill - 1)
            feed.assign(ids[0].begin(), ids[0].begin() + prefill);
        else
            feed = {int32_t(ids[0][t])};
        runner.forward({{0, feed}}, logits.data());
        auto ours = torch::tensor(std::vector<double>(logits.begin(), logits.end()), torch::kDouble);
        auto row = expected[int64_t(t)];
        worst = std::max(worst, ((ours - row).abs().max() / row.abs().max()).item<double>());
    }
    return worst;
}

struct Case {
    const char* name;
    json spec;
};

// The architectures, each with the variant that exercises its particular code.
std::vector<Case> architectureCases()
{
    json llama3 = llamaConfig(90, false);
    llama3["rope_scaling"] = {{"rope_type", "llama3"}, {"factor", 8.0}, {"low_freq_factor", 1.0},
                              {"high_freq_factor", 4.0}, {"original_max_position_embeddings", 16}};
    json qwen = llamaConfig(64, true);
    qwen["rope_theta"] = 1000000.0;
    json mistral = llamaConfig(80, false);
    mistral["rope_theta"] = 10000.0;
    mistral["sliding_window"] = 4096;
    json tiny = llamaConfig(100, false);
    tiny["num_key_value_heads"] = 1;
    json linear = llamaConfig(60, true);
    linear["rope_scaling"] = {{"type", "linear"}, {"factor", 2.0}};
    // Heads of 16 where hidden_size / heads is 8: the attention is 64 wide, twice the model.
    json nemo = llamaConfig(72, false);
    nemo["head_dim"] = 16;
    return {
        {"gpt2 f32", {{"family", "gpt2"}, {"config", gpt2Config()}, {"dtype", "F32"}, {"seed", 1}}},
        {"gpt2 with a copy of the tied head", {{"family", "gpt2"}, {"config", gpt2Config()}, {"lm_head", true}, {"seed", 2}}},
        {"llama 3 rope scaling, untied", {{"family", "llama"}, {"config", llama3}, {"seed", 3}}},
        {"llama linear scaling, tied, f16", {{"family", "llama"}, {"config", linear}, {"dtype", "F16"}, {"seed", 4}}},
        {"qwen2 biases, tied, bf16 in 3 shards",
         {{"family", "qwen2"}, {"config", qwen}, {"dtype", "BF16"}, {"shards", 3}, {"seed", 5}}},
        {"mistral", {{"family", "mistral"}, {"config", mistral}, {"seed", 6}}},
        {"one key/value head (TinyLlama-like)", {{"family", "llama"}, {"config", tiny}, {"seed", 7}}},
        {"mistral head_dim 16 (Mistral-Nemo-like)", {{"family", "mistral"}, {"config", nemo}, {"seed", 8}}},
    };
}

} // namespace

class TestHfModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void loadsEveryArchitecture_data();
    void loadsEveryArchitecture();
    void exportReadsBackToTheSameLogits();
    void exportFromTheFilesEqualsExportFromTheModel_data();
    void exportFromTheFilesEqualsExportFromTheModel();
    void inspectReadsHeadersOnly();
    void badFoldersAreNamed_data();
    void badFoldersAreNamed();
    void parameterShapesMatchTheModel();
    void gpt2WithItsOwnHeadWidthIsRefused();

private:
    QString folderOf(const QString& name) const { return m_dir.filePath(QString(name).replace(' ', '_').replace(',', '_')); }
    QTemporaryDir m_dir;
    json m_logits = json::object(); // case name -> reference logits of its folder
};

// Every folder is written, and every reference forward pass run, in one Python process.
void TestHfModel::initTestCase()
{
    lw::test::HfReferenceBatch batch;
    std::map<std::string, size_t> jobs;
    for (const Case& c : architectureCases()) {
        const QString folder = folderOf(c.name);
        batch.make(c.spec, folder);
        jobs[c.name] = batch.logits(folder, sampleIds(c.spec["config"]["vocab_size"].get<int64_t>()));
    }
    json base = {{"family", "llama"}, {"config", llamaConfig(50, false)}, {"seed", 12}};
    batch.make(base, folderOf("bad base"));
    json extra = base;
    extra["extra"] = {{"model.layers.0.self_attn.q_norm.weight", {8}}};
    batch.make(extra, folderOf("bad extra"));
    json tied = base;
    tied["config"]["tie_word_embeddings"] = true;
    batch.make(tied, folderOf("bad tied"));
    json results;
    QVERIFY(batch.run(results));
    for (const auto& [name, index] : jobs)
        m_logits[name] = results[index];
}

void TestHfModel::loadsEveryArchitecture_data()
{
    QTest::addColumn<QString>("name");
    for (const Case& c : architectureCases())
        QTest::newRow(c.name) << QString(c.name);
}

void TestHfModel::loadsEveryArchitecture()
{
    QFETCH(QString, name);
    auto model = lw::hf::loadHfModel(folderOf(name).toStdString(), torch::kCPU, torch::kFloat);
    const json& reference = m_logits[name.toStdString()];
    const double forward = compareModelForward(model, reference);
    QVERIFY2(forward < 1e-5, qPrintable(QString("model forward differs by %1").arg(forward)));
    const double fused = compareFusedDecoder(model, reference);
    QVERIFY2(fused < 1e-5, qPrintable(QString("fused decoder differs by %1").arg(fused)));
}

// Exports (f32 and bf16) read by the independent reader: the family's names, the "pt"
// format, a tied embedding written once, and the logits of the model we hold.
void TestHfModel::exportReadsBackToTheSameLogits()
{
    struct Export {
        const char* source;
        const char* dtype;
    };
    const std::vector<Export> exports = {{"gpt2 f32", "f32"},
                                         {"llama 3 rope scaling, untied", "f32"},
                                         {"qwen2 biases, tied, bf16 in 3 shards", "bf16"},
                                         {"llama linear scaling, tied, f16", "f16"},
                                         {"mistral head_dim 16 (Mistral-Nemo-like)", "f32"}};
    lw::test::HfReferenceBatch batch;
    std::vector<lw::model::Transformer> models;
    std::vector<size_t> listings, logits;
    for (const Export& e : exports) {
        models.push_back(lw::hf::loadHfModel(folderOf(e.source).toStdString(), torch::kCPU));
        const QString out = folderOf(QString(e.source) + " exported " + e.dtype);
        QVERIFY(QDir().mkpath(out));
        lw::hf::writeHfWeights(models.back(), out.toStdString(), lw::hf::dtypeFromName(e.dtype), 1, 2);
        listings.push_back(batch.tensors(out));
        logits.push_back(batch.logits(out, sampleIds(models.back()->config().vocab_size)));
    }
    json results;
    QVERIFY(batch.run(results));
    for (size_t i = 0; i < exports.size(); ++i) {
        const Export& e = exports[i];
        const json& listing = results[listings[i]];
        QCOMPARE(listing["metadata"][0]["format"].get<std::string>(), std::string("pt"));
        const bool tied = models[i]->config().tie_embeddings;
        QCOMPARE(listing["tensors"].contains("lm_head.weight"), !tied);
        const std::string stored = std::string(e.dtype) == "f32" ? "F32" : std::string(e.dtype) == "f16" ? "F16" : "BF16";
        for (auto& [name, info] : listing["tensors"].items())
            QCOMPARE(info[0].get<std::string>(), stored);
        const QString out = folderOf(QString(e.source) + " exported " + e.dtype);
        // What we read back from the export computes what the independent code computes from it.
        auto again = lw::hf::loadHfModel(out.toStdString(), torch::kCPU);
        const double readBack = compareModelForward(again, results[logits[i]]);
        QVERIFY2(readBack < 1e-5, qPrintable(QString("%1: export read back differs by %2").arg(e.source).arg(readBack)));
        // An f32 export is the model itself.
        if (stored == "F32") {
            const double original = compareModelForward(models[i], results[logits[i]]);
            QVERIFY2(original < 1e-5, qPrintable(QString("%1: export changed the model by %2").arg(e.source).arg(original)));
        }
        QCOMPARE(lw::hf::inspectHfModel(out.toStdString()).config, models[i]->config());
    }
}

void TestHfModel::exportFromTheFilesEqualsExportFromTheModel_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("dtype");
    for (const Case& c : architectureCases())
        for (const char* dtype : {"f32", "f16", "bf16"})
            QTest::newRow((std::string(c.name) + " as " + dtype).c_str()) << QString(c.name) << QString(dtype);
}

// Export reads each tensor from the source's files as it writes it, without building the
// float32 model: the files must be, byte for byte, those written from the model loaded
// first (f32, f16, bf16 and mixed sources; fused q/k/v, transposed Conv1D, tied heads).
void TestHfModel::exportFromTheFilesEqualsExportFromTheModel()
{
    QFETCH(QString, name);
    QFETCH(QString, dtype);
    const std::string source = folderOf(name).toStdString();
    const torch::ScalarType type = lw::hf::dtypeFromName(dtype.toStdString());
    QTemporaryDir out;
    const QString fromModel = out.filePath("from model"), fromFiles = out.filePath("from files");
    QVERIFY(QDir().mkpath(fromModel) && QDir().mkpath(fromFiles));
    auto model = lw::hf::loadHfModel(source, torch::kCPU);
    lw::hf::writeHfWeights(model, fromModel.toStdString(), type, 1, 2);
    lw::hf::writeHfWeights(lw::hf::hfParameterSource(source), fromFiles.toStdString(), type, 1, 2);
    for (const char* file : {"model.safetensors", "config.json"}) {
        QFile a(QDir(fromModel).filePath(file)), b(QDir(fromFiles).filePath(file));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        const QByteArray expected = a.readAll();
        QVERIFY2(expected.size() > 0, file);
        QVERIFY2(expected == b.readAll(), file);
    }
}

void TestHfModel::inspectReadsHeadersOnly()
{
    HfModelInfo info = lw::hf::inspectHfModel(folderOf("qwen2 biases, tied, bf16 in 3 shards").toStdString());
    QCOMPARE(info.architecture->architecture, std::string("Qwen2ForCausalLM"));
    QVERIFY(info.config.qkv_bias);
    QVERIFY(info.config.tie_embeddings);
    QCOMPARE(info.config.kvHeads(), int64_t(2));
    QCOMPARE(info.storedDtype, torch::kBFloat16);
    QCOMPARE(info.weightFiles.size(), size_t(3));
    QCOMPARE(info.config.rope_theta, 1000000.0);
    HfModelInfo mistral = lw::hf::inspectHfModel(folderOf("mistral").toStdString());
    QCOMPARE(mistral.config.context_length, int64_t(48)); // the window is wider than the context
    QVERIFY(mistral.notes.empty());
}

void TestHfModel::badFoldersAreNamed_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("edit");
    QTest::addColumn<QString>("expected");
    auto row = [](const char* name, const char* base, const char* edit, const char* expected) {
        QTest::newRow(name) << QString(base) << edit << expected;
    };
    row("unexpected tensor", "bad extra", "", "unexpected tensor 'model.layers.0.self_attn.q_norm.weight'");
    row("config disagrees with a shape", "bad base", "intermediate_size=44",
        "tensor 'model.layers.0.mlp.gate_proj.weight' has shape [40, 32], expected [44, 32]");
    row("missing tensor", "bad tied", "untie", "tensor 'lm_head.weight' is missing");
    row("unknown architecture", "bad base", "architectures=GemmaForCausalLM",
        "architecture 'GemmaForCausalLM' is not supported");
    row("other activation", "bad base", "hidden_act=gelu", "\"hidden_act\": 'gelu' is not supported");
    row("missing key", "bad base", "drop-config:hidden_size", "\"hidden_size\": missing");
    row("yarn scaling", "bad base", "rope_scaling=yarn", "rope type 'yarn' is not supported");
    row("shard outside the folder", "bad base", "index:../elsewhere.safetensors", "not a file name in this folder");
    row("missing shard", "bad base", "index:model-00009.safetensors", "shard 'model-00009.safetensors' is missing");
    row("no weights", "bad base", "remove-weights", "no weights");
    row("truncated weights", "bad base", "truncate", "model.safetensors");
    row("head width zero", "bad base", "head_dim=0", "\"head_dim\": must be positive");
}

void TestHfModel::badFoldersAreNamed()
{
    QFETCH(QString, base);
    QFETCH(QString, edit);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString folder = dir.filePath("m");
    QVERIFY(QDir().mkpath(folder));
    for (const QString& file : QDir(folderOf(base)).entryList(QDir::Files))
        QVERIFY(QFile::copy(folderOf(base) + "/" + file, folder + "/" + file));
    const std::string configPath = (folder + "/config.json").toStdString();
    json config = json::parse(std::ifstream(configPath));
    const std::string e = edit.toStdString();
    auto setConfig = [&] { std::ofstream(configPath) << config.dump(); };
    if (e == "intermediate_size=44") {
        config["intermediate_size"] = 44;
        setConfig();
    } else if (e == "architectures=GemmaForCausalLM") {
        config["architectures"] = {"GemmaForCausalLM"};
        setConfig();
    } else if (e == "hidden_act=gelu") {
        config["hidden_act"] = "gelu";
        setConfig();
    } else if (e == "drop-config:hidden_size") {
        config.erase("hidden_size");
        setConfig();
    } else if (e == "head_dim=0") {
        config["head_dim"] = 0;
        setConfig();
    } else if (e == "rope_scaling=yarn") {
        config["rope_scaling"] = {{"rope_type", "yarn"}, {"factor", 4.0}};
        setConfig();
    } else if (e == "untie") {
        config["tie_word_embeddings"] = false;
        setConfig();
    } else if (e.rfind("index:", 0) == 0) {
        QFile::rename(folder + "/model.safetensors", folder + "/model-00001.safetensors");
        std::ofstream((folder + "/model.safetensors.index.json").toStdString())
            << json{{"weight_map", {{"model.norm.weight", e.substr(6)}}}}.dump();
    } else if (e == "remove-weights") {
        QFile::remove(folder + "/model.safetensors");
    } else if (e == "truncate") {
        QFile file(folder + "/model.safetensors");
        QVERIFY(file.resize(file.size() - 100));
    }
    try {
        lw::hf::inspectHfModel(folder.toStdString());
        QFAIL("no error");
    } catch (const lw::Error& error) {
        QVERIFY2(QString(error.what()).contains(expected), error.what());
    }
}

void TestHfModel::parameterShapesMatchTheModel()
{
    for (const auto& preset : lw::model::modelPresets()) {
        for (bool variant : {false, true}) {
            lw::model::ModelConfig c = preset.config;
            if (variant) {
                c.tie_embeddings = !c.tie_embeddings;
                if (c.family == lw::model::Family::Llama)
                    c.qkv_bias = true;
                else
                    c.bias = false;
            }
            if (c.parameterCount() > 20'000'000)
                continue;
            lw::model::Transformer model(c, false);
            auto shapes = lw::model::parameterShapes(c);
            auto parameters = model->named_parameters();
            QCOMPARE(shapes.size(), parameters.size());
            int64_t total = 0;
            for (size_t i = 0; i < shapes.size(); ++i) {
                QCOMPARE(shapes[i].first, parameters[i].key());
                QCOMPARE(shapes[i].second, parameters[i].value().sizes().vec());
                total += parameters[i].value().numel();
            }
            QCOMPARE(total, c.parameterCount());
        }
    }
}

// GPT-2's config.json has no head_dim: a GPT-2 model with narrower heads (pruned ones)
// is refused, naming the field, before any weight is written.
void TestHfModel::gpt2WithItsOwnHeadWidthIsRefused()
{
    lw::model::ModelConfig c = lw::model::presetConfig("tiny");
    c.n_head = 3;
    c.head_dim = 16;
    lw::model::Transformer model(c);
    QTemporaryDir dir;
    try {
        lw::hf::writeHfWeights(model, dir.path().toStdString(), torch::kFloat, -1, -1);
        QFAIL("no error");
    } catch (const lw::Error& error) {
        QVERIFY2(QString(error.what()).contains("head_dim"), error.what());
    }
    QVERIFY(QDir(dir.path()).entryList(QDir::Files).isEmpty());
}

LW_TEST_GUILESS_MAIN(TestHfModel)
#include "test_hf_model.moc"

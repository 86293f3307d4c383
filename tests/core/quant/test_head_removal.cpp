// Removing attention heads (pruning.h, pruned_model_copy.h) gives a smaller model that
// computes what the original computes with those heads cut off: the reference here is
// the original with the removed heads' columns of the output map zeroed by plain tensor
// ops, for GPT-2 and for Llama with grouped-query attention (each group then loses as
// many query heads). The smaller model's parameter count equals a hand count; the fused
// CPU decoder gives the torch forward's greedy tokens and logits on it, in float32 and
// after Q8_0 quantization; head_dim survives a checkpoint and a GGUF file; a GGUF file
// whose key and value widths differ is refused naming the key.
#include "core/generate/cpu_decoder.h"
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/quant/pruning.h"
#include "core/quant/quantize_model.h"
#include "core/train/checkpoint.h"
#include "core/util/error.h"
#include "calibration_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

namespace {

struct Pruned {
    model::Transformer model{nullptr};
    quant::PruneReport report;
};

Pruned removeHeads(const QString& family, int64_t count, const torch::Tensor& windows)
{
    quant::PruneSettings s;
    s.method = quant::PruneMethod::Heads;
    s.removeHeads = count;
    Pruned p;
    p.model = quant::pruneModel(test::calibrationTestModel(family), windows, s, p.report);
    return p;
}

std::string outputMapName(const model::ModelConfig& c, int64_t layer)
{
    return c.family == model::Family::Gpt2 ? "h." + std::to_string(layer) + ".attn.c_proj.weight"
                                           : "layers." + std::to_string(layer) + ".attention.wo.weight";
}

torch::Tensor lastLogits(model::Transformer& m, const std::vector<int32_t>& tokens)
{
    torch::NoGradGuard noGrad;
    const std::vector<int64_t> ids(tokens.begin(), tokens.end());
    const torch::Tensor logits = m->forward(torch::tensor(ids).view({1, -1}));
    return logits[0][logits.size(1) - 1];
}

// Greedy decoding with the runner, each step's logits checked against `reference`'s
// forward over the whole sequence: |ours - torch| <= tolerance * (1 + |torch|).
void checkGreedyAgainstForward(generate::CpuModelRunner& runner, model::Transformer& reference, float tolerance,
                               const char* label)
{
    const int64_t vocab = reference->config().vocab_size;
    std::vector<int32_t> sequence = {3, 17, 5, 29, 1, 40, 8};
    std::vector<int32_t> feed = sequence;
    std::vector<float> logits(size_t(vocab), 0.0f);
    for (int step = 0; step < 10; ++step) {
        runner.forward({{0, feed}}, logits.data());
        const torch::Tensor expected = lastLogits(reference, sequence);
        const torch::Tensor ours = torch::from_blob(logits.data(), {vocab}).clone();
        const double worst = ((ours - expected).abs() / (expected.abs() + 1)).max().item<double>();
        QVERIFY2(worst <= tolerance,
                 qPrintable(QString("%1, step %2: logits differ by %3").arg(label).arg(step).arg(worst)));
        const int32_t next = int32_t(expected.argmax().item<int64_t>());
        QCOMPARE(int32_t(ours.argmax().item<int64_t>()), next);
        sequence.push_back(next);
        feed = {next};
    }
}

void addCases()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("count");
    QTest::newRow("gpt2, 1 of 4 heads") << "gpt2" << 1;
    QTest::newRow("gpt2, 2 of 4 heads") << "gpt2" << 2;
    QTest::newRow("llama GQA, 2 of 4 heads (1 per group)") << "llama" << 2;
}

} // namespace

class TestHeadRemoval : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void removedHeadsEqualZeroedHeads_data() { addCases(); }

    void removedHeadsEqualZeroedHeads()
    {
        QFETCH(QString, family);
        QFETCH(int, count);
        model::Transformer original = test::calibrationTestModel(family);
        const model::ModelConfig c = original->config();
        const torch::Tensor windows = test::calibrationTestWindows(4, 20, c.vocab_size);
        Pruned pruned = removeHeads(family, count, windows);
        const model::ModelConfig& p = pruned.model->config();
        QCOMPARE(p.n_head, c.n_head - count);
        QCOMPARE(p.headDim(), c.headDim());
        QCOMPARE(p.queryWidth(), (c.n_head - count) * c.headDim());
        QCOMPARE(p.kvHeads(), c.kvHeads() == c.n_head ? p.n_head : c.kvHeads());
        QCOMPARE(pruned.model->named_parameters()[outputMapName(p, 0)].size(1), p.queryWidth());

        torch::NoGradGuard noGrad;
        auto parameters = original->named_parameters();
        const int64_t hd = c.headDim(), groupSize = c.n_head / c.kvHeads();
        for (int64_t layer = 0; layer < c.n_layer; ++layer) {
            const std::vector<int64_t>& heads = pruned.report.removed[size_t(layer)];
            QCOMPARE(int64_t(heads.size()), int64_t(count));
            std::vector<int64_t> perGroup(size_t(c.kvHeads()), 0);
            for (int64_t h : heads) {
                parameters[outputMapName(c, layer)].narrow(1, h * hd, hd).zero_();
                ++perGroup[size_t(h / groupSize)];
            }
            if (c.kvHeads() != c.n_head) // grouped: every group loses the same number
                for (int64_t n : perGroup)
                    QCOMPARE(n, int64_t(count) / c.kvHeads());
        }
        const torch::Tensor expected = original->forward(windows), actual = pruned.model->forward(windows);
        const double worst = (actual - expected).abs().max().item<double>();
        QVERIFY2(worst < 1e-5, qPrintable(QString("logits differ by %1").arg(worst)));
        QVERIFY(!torch::allclose(test::calibrationTestModel(family)->forward(windows), expected, 1e-3, 1e-3));
    }

    // The tiny presets (d_model 64, 4 heads of 16, 2 layers, vocab 512, context 64)
    // with 2 heads removed, counted by hand from the shapes the families have.
    void parameterCountEqualsAHandCount_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<qlonglong>("expected");
        // GPT-2: per layer ln_1, ln_2 (2 x 2 x 64), c_attn 64 x (32 + 32 + 32) + 96,
        // c_proj 32 x 64 + 64, c_fc 64 x 256 + 256, mlp c_proj 256 x 64 + 64; ln_f
        // 2 x 64; wte 512 x 64 (tied) and wpe 64 x 64.
        const qlonglong gpt2Layer = 256 + 64 * 96 + 96 + 32 * 64 + 64 + 64 * 256 + 256 + 256 * 64 + 64;
        QTest::newRow("gpt2") << "gpt2" << 2 * gpt2Layer + 128 + 512 * 64 + 64 * 64;
        // Llama: 2 query heads and both key/value heads of 16: wqkv 64 x (32 + 32 + 32),
        // wo 32 x 64, two norms of 64, SwiGLU d_ff 192 (the rule: 2/3 of 256 rounded
        // up to 64) x 3 matrices of 64 x 192; final norm 64; embedding and output 512 x 64.
        const qlonglong llamaLayer = 128 + 64 * 96 + 32 * 64 + 3 * 64 * 192;
        QTest::newRow("llama") << "llama" << 2 * llamaLayer + 64 + 2 * 512 * 64;
    }

    void parameterCountEqualsAHandCount()
    {
        QFETCH(QString, family);
        QFETCH(qlonglong, expected);
        model::Transformer m = test::calibrationTestModel(family);
        Pruned pruned = removeHeads(family, 2, test::calibrationTestWindows(2, 12, m->config().vocab_size));
        QCOMPARE(qlonglong(pruned.model->config().parameterCount()), expected);
        int64_t held = 0;
        for (const torch::Tensor& t : pruned.model->parameters())
            held += t.numel();
        QCOMPARE(qlonglong(held), expected);
        QCOMPARE(qlonglong(pruned.report.parametersAfter), expected);
        QCOMPARE(pruned.report.parametersBefore, m->config().parameterCount());
        quant::PruneSettings s;
        s.method = quant::PruneMethod::Heads;
        s.removeHeads = 2;
        QCOMPARE(quant::prunedConfig(m->config(), s), pruned.model->config());
    }

    void fusedDecoderFollowsTheForward_data()
    {
        QTest::addColumn<QString>("family");
        QTest::newRow("gpt2") << "gpt2";
        QTest::newRow("llama") << "llama";
    }

    // 2 of 4 heads leave an attention 32 wide: whole Q8_0 blocks, so every matrix is Q8_0.
    void fusedDecoderFollowsTheForward()
    {
        QFETCH(QString, family);
        model::Transformer m = test::calibrationTestModel(family);
        Pruned pruned = removeHeads(family, 2, test::calibrationTestWindows(4, 20, m->config().vocab_size));
        generate::CpuModelRunner floats(
            std::make_shared<generate::CpuDecoderWeights>(pruned.model, generate::kernels::WeightType::F32), 1, 0);
        checkGreedyAgainstForward(floats, pruned.model, 2e-5f, "float32");

        QTemporaryDir dir;
        const std::string path = dir.filePath("q8_0.gguf").toStdString();
        quant::QuantizeOptions options;
        options.method = "q8_0";
        options.source = "pruned test model";
        quant::quantizeModel(pruned.model, nullptr, path, options);
        gguf_model::GgufModel loaded = gguf_model::loadGgufModel(path, torch::kCPU);
        QCOMPARE(loaded.model->config().n_head, pruned.model->config().n_head);
        QCOMPARE(loaded.model->config().kvHeads(), pruned.model->config().kvHeads());
        QCOMPARE(loaded.model->config().headDim(), pruned.model->config().headDim());
        auto stored = gguf_model::GgufStoredMatrices::open(path);
        QVERIFY(stored != nullptr);
        QCOMPARE(stored->method(), std::string("q8_0"));
        generate::CpuModelRunner quantized(std::make_shared<generate::CpuDecoderWeights>(loaded.model, stored), 1, 0);
        // The quantized kernels round the activations to 8 bits as well (a relative
        // error of up to 1/254 per product), so their logits are within 1%.
        checkGreedyAgainstForward(quantized, loaded.model, 1e-2f, "q8_0");
    }

    // The file states the width in attention.key_length / value_length.
    void ggufKeepsHeadDim()
    {
        model::Transformer m = test::calibrationTestModel("llama");
        Pruned pruned = removeHeads("llama", 2, test::calibrationTestWindows(2, 12, m->config().vocab_size));
        QTemporaryDir dir;
        const std::string path = dir.filePath("pruned.gguf").toStdString();
        quant::QuantizeOptions options;
        options.method = "q8_0";
        quant::quantizeModel(pruned.model, nullptr, path, options);
        const gguf::GgufFile file(path);
        QCOMPARE(file.get<uint32_t>("llama.attention.key_length"), uint32_t(16));
        QCOMPARE(file.get<uint32_t>("llama.attention.value_length"), uint32_t(16));
        QCOMPARE(file.get<uint32_t>("llama.attention.head_count"), uint32_t(2));
        QCOMPARE(gguf_model::loadGgufModel(path, torch::kCPU).model->config().head_dim, int64_t(16));

        // Unequal key and value widths: refused, naming the key.
        const std::string original = dir.filePath("original.gguf").toStdString();
        quant::quantizeModel(m, nullptr, original, options);
        const gguf::GgufFile source(original);
        gguf::GgufWriter edited = gguf::GgufWriter::copyOf(source);
        edited.add("llama.attention.value_length", gguf::GgufValue::u32(8));
        const std::string bad = dir.filePath("unequal.gguf").toStdString();
        edited.write(bad);
        try {
            gguf_model::loadGgufModel(bad, torch::kCPU);
            QFAIL("a file with unequal key and value widths was read");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("llama.attention.value_length") != std::string::npos, e.what());
        }
    }

    void checkpointKeepsHeadDim()
    {
        model::Transformer m = test::calibrationTestModel("gpt2");
        Pruned pruned = removeHeads("gpt2", 1, test::calibrationTestWindows(2, 12, m->config().vocab_size));
        QVERIFY(pruned.model->config().hasOwnHeadDim());
        QCOMPARE(pruned.model->config().toJson()["head_dim"].get<int64_t>(), int64_t(16));
        QTemporaryDir dir;
        const std::string path = dir.filePath("pruned.ckpt").toStdString();
        train::saveCheckpoint(path, pruned.model, nullptr, nlohmann::json::object(), train::TrainerState{}, "");
        model::Transformer again = train::loadModelForInference(path, torch::kCPU);
        QCOMPARE(again->config().head_dim, int64_t(16));
        QCOMPARE(again->config().n_head, int64_t(3));
        const torch::Tensor windows = test::calibrationTestWindows(2, 12, m->config().vocab_size);
        torch::NoGradGuard noGrad;
        QVERIFY(torch::equal(again->forward(windows), pruned.model->forward(windows)));
        // A config whose heads are d_model / n_head wide is written as before, without head_dim.
        QVERIFY(!m->config().toJson().contains("head_dim"));
    }

    void refusesUnevenGroups()
    {
        const model::ModelConfig c = model::presetConfig("llama-tiny"); // 4 heads, 2 key/value heads
        quant::PruneSettings s;
        s.method = quant::PruneMethod::Heads;
        s.removeHeads = 1;
        try {
            s.validate(c);
            QFAIL("an uneven removal was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("remove_heads") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("n_kv_head") != std::string::npos, e.what());
        }
    }
};

LW_TEST_GUILESS_MAIN(TestHeadRemoval)
#include "test_head_removal.moc"

// What calibration hands to quantizeModel: precomputed blocks of a matrix are written
// byte for byte, each GGUF tensor of the fused qkv its row slice (llama's q and k rows in
// the file's interleaved order), in the type they come in; an importance vector makes a
// tensor's blocks those of gguf::quantizeWeighted on the same rows, while the other
// tensors stay plain round-to-nearest; blocks or vectors that fit no matrix are refused
// naming it. The expected bytes are computed here from the float rows in file order,
// permuted by the test's own copy of the rows, never from the code under test.
#include "core/gguf/gguf_file.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/quant/calibrated_method.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"
#include "quantize_model_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace lw;

namespace {

model::Transformer calibratedInputsModel(model::Family family, int64_t width)
{
    return test::quantTestModel(family, width, 5);
}

using test::partRowsInFileOrder;

std::vector<uint8_t> referenceBlocks(gguf::GgmlType type, const std::vector<float>& values, int64_t cols,
                                     const float* importance)
{
    uint64_t bytes = 0;
    gguf::ggmlByteSize(type, values.size(), bytes);
    std::vector<uint8_t> out(bytes);
    gguf::quantizeWeighted(type, values.data(), out.data(), int64_t(values.size()) / cols, cols, importance);
    return out;
}

std::vector<uint8_t> storedBytes(const gguf::GgufFile& file, const std::string& tensor)
{
    const gguf::GgufTensorInfo& info = file.tensor(tensor);
    return std::vector<uint8_t>(info.data, info.data + info.byteSize);
}

std::string calibratedInputsError(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

class TestQuantizeCalibratedInputs : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void precomputedBlocksWrittenByteForByte_data()
    {
        QTest::addColumn<int>("family");
        QTest::newRow("gpt2") << 0;
        QTest::newRow("llama") << 1;
    }
    void precomputedBlocksWrittenByteForByte()
    {
        QFETCH(int, family);
        model::Transformer m = calibratedInputsModel(family ? model::Family::Llama : model::Family::Gpt2, 64);
        const std::map<std::string, torch::Tensor> params = gguf_model::parametersByName(m);
        // Every matrix of layer 0 gets Q4_1 blocks of a different matrix (the weight
        // shifted and scaled), so plain rounding of the weight cannot match by accident.
        const std::string layer0 = family ? "layers.0." : "h.0.";
        std::map<std::string, torch::Tensor> altered;
        quant::QuantizeOptions options;
        options.method = "q8_0";
        for (const auto& [name, p] : params) {
            if (name.rfind(layer0, 0) != 0 || p.dim() != 2)
                continue;
            const torch::Tensor other = (p.detach() * 1.7 + 0.01).contiguous();
            altered[name] = other;
            torch::Tensor blocks = torch::empty({int64_t(referenceBlocks(gguf::GgmlType::Q4_1,
                                                                         std::vector<float>(other.numel()),
                                                                         other.size(1), nullptr)
                                                             .size())},
                                                torch::kUInt8);
            gguf::quantize(gguf::GgmlType::Q4_1, other.data_ptr<float>(), blocks.data_ptr<uint8_t>(),
                           uint64_t(other.numel()));
            options.precomputed[name] = {gguf::GgmlType::Q4_1, blocks};
        }
        QVERIFY(altered.size() >= 4);
        QTemporaryDir dir;
        const std::string path = dir.filePath("pre.gguf").toStdString();
        const quant::QuantizeResult result = quant::quantizeModel(m, nullptr, path, options);
        QCOMPARE(result.settings.value("precomputed_matrices", 0), int(altered.size()));

        gguf::GgufFile file(path);
        int checked = 0, qkvParts = 0;
        for (const gguf_model::GgufTensorPart& part :
             gguf_model::ggufTensorParts(m->config(), gguf_model::ggufArchitectureFor(m->config()))) {
            const torch::Tensor& p = params.at(part.ours);
            if (p.dim() != 2 || part.ours == "wpe.weight")
                continue;
            const int64_t cols = p.size(1);
            auto it = altered.find(part.ours);
            if (it == altered.end()) {
                QCOMPARE(file.tensor(part.gguf).type, gguf::GgmlType::Q8_0);
                QCOMPARE(storedBytes(file, part.gguf),
                         referenceBlocks(gguf::GgmlType::Q8_0, partRowsInFileOrder(p, part), cols, nullptr));
                continue;
            }
            QCOMPARE(file.tensor(part.gguf).type, gguf::GgmlType::Q4_1);
            const std::vector<uint8_t> expected =
                referenceBlocks(gguf::GgmlType::Q4_1, partRowsInFileOrder(it->second, part), cols, nullptr);
            QCOMPARE(storedBytes(file, part.gguf), expected);
            QVERIFY(expected != referenceBlocks(gguf::GgmlType::Q4_1, partRowsInFileOrder(p, part), cols, nullptr));
            ++checked;
            qkvParts += part.rows >= 0 ? 1 : 0;
        }
        QCOMPARE(checked, family ? 7 : 4); // llama: q, k, v, output, gate, up, down
        QCOMPARE(qkvParts, family ? 3 : 0);
    }

    void importanceVectorGivesWeightedBlocks_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("width");
        QTest::newRow("q4_0") << "q4_0" << 64;
        QTest::newRow("q5_1") << "q5_1" << 64;
        QTest::newRow("q4_k") << "q4_k" << 256;
    }
    void importanceVectorGivesWeightedBlocks()
    {
        QFETCH(QString, method);
        QFETCH(int, width);
        model::Transformer m = calibratedInputsModel(model::Family::Llama, width);
        const std::map<std::string, torch::Tensor> params = gguf_model::parametersByName(m);
        quant::QuantizeOptions options;
        options.method = method.toStdString();
        torch::manual_seed(3);
        const std::vector<std::string> weighted = {"blk.0.attn_k.weight", "blk.1.ffn_down.weight"};
        for (const std::string& tensor : weighted) {
            const int64_t cols = tensor.find("ffn_down") != std::string::npos ? 2 * width : width;
            const torch::Tensor v = torch::rand({cols}).square().mul(4).add(0.01).contiguous();
            options.importance[tensor] = std::vector<float>(v.data_ptr<float>(), v.data_ptr<float>() + cols);
        }
        QTemporaryDir dir;
        const std::string path = dir.filePath("imp.gguf").toStdString();
        quant::quantizeModel(m, nullptr, path, options);
        gguf::GgufFile file(path);
        const gguf::GgmlType type = file.tensor("blk.0.attn_q.weight").type;
        for (const gguf_model::GgufTensorPart& part :
             gguf_model::ggufTensorParts(m->config(), gguf_model::ggufArchitectureFor(m->config()))) {
            if (part.gguf.rfind("blk.", 0) != 0 || part.gguf.find("norm") != std::string::npos)
                continue;
            const torch::Tensor& p = params.at(part.ours);
            const std::vector<float> rows = partRowsInFileOrder(p, part);
            const std::vector<uint8_t> plain = referenceBlocks(type, rows, p.size(1), nullptr);
            auto it = options.importance.find(part.gguf);
            if (it == options.importance.end()) {
                QCOMPARE(storedBytes(file, part.gguf), plain);
                continue;
            }
            const std::vector<uint8_t> expected = referenceBlocks(type, rows, p.size(1), it->second.data());
            QCOMPARE(storedBytes(file, part.gguf), expected);
            QVERIFY(expected != plain);
        }
    }

    void mismatchedInputsRefusedNamingTheMatrix()
    {
        model::Transformer m = calibratedInputsModel(model::Family::Llama, 64);
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.gguf").toStdString();
        quant::QuantizeOptions options;
        options.method = "q4_0";
        options.importance["blk.1.attn_v.weight"] = std::vector<float>(63, 1.0f);
        std::string e = calibratedInputsError([&] { quant::quantizeModel(m, nullptr, path, options); });
        QVERIFY2(e.find("blk.1.attn_v.weight") != std::string::npos && e.find("63") != std::string::npos, e.c_str());

        options.importance.clear();
        options.importance["blk.7.attn_v.weight"] = std::vector<float>(64, 1.0f);
        e = calibratedInputsError([&] { quant::quantizeModel(m, nullptr, path, options); });
        QVERIFY2(e.find("blk.7.attn_v.weight") != std::string::npos, e.c_str());

        options.importance.clear();
        options.precomputed["layers.0.attention.wo.weight"] = {gguf::GgmlType::Q4_0,
                                                               torch::zeros({100}, torch::kUInt8)};
        e = calibratedInputsError([&] { quant::quantizeModel(m, nullptr, path, options); });
        QVERIFY2(e.find("layers.0.attention.wo.weight") != std::string::npos, e.c_str());

        options.precomputed.clear();
        options.precomputedTensors["blk.0.attn_v.weight"] = {gguf::GgmlType::Q8_0, torch::zeros({34}, torch::kUInt8)};
        e = calibratedInputsError([&] { quant::quantizeModel(m, nullptr, path, options); });
        QVERIFY2(e.find("blk.0.attn_v.weight") != std::string::npos, e.c_str());
        options.precomputedTensors.clear();
        options.precomputedTensors["blk.0.attn_x.weight"] = {gguf::GgmlType::Q8_0, torch::zeros({34}, torch::kUInt8)};
        e = calibratedInputsError([&] { quant::quantizeModel(m, nullptr, path, options); });
        QVERIFY2(e.find("blk.0.attn_x.weight") != std::string::npos, e.c_str());
        QVERIFY(!QFileInfo::exists(QString::fromStdString(path)));
    }

    void calibratedMethodNamesSplit()
    {
        const quant::MethodParts gptq = quant::methodParts("gptq-q4_1");
        QCOMPARE(int(gptq.calibration), int(quant::Calibration::Gptq));
        QCOMPARE(gptq.rounding, std::string("q4_1"));
        QCOMPARE(gptq.format, gguf::GgmlType::Q4_1);
        QCOMPARE(quant::roundingMethod("awq-q8_0"), std::string("q8_0"));
        QCOMPARE(int(quant::methodParts("q4_k_m").calibration), int(quant::Calibration::None));
        const quant::MethodParts kQuant = quant::methodParts("awq-q6_k");
        QCOMPARE(int(kQuant.calibration), int(quant::Calibration::Awq));
        QCOMPARE(kQuant.rounding, std::string("q6_k"));
        QCOMPARE(kQuant.format, gguf::GgmlType::Q6_K);
        QCOMPARE(quant::calibratedMethods().size(), size_t(2 * 12)); // 8 formats and 4 mixes, GPTQ and AWQ
        QCOMPARE(quant::methodParts("gptq-q4_k_m").rounding, std::string("q4_k_m"));
        QCOMPARE(quant::methodParts("gptq-q4_k_m").format, gguf::GgmlType::Q4_K);
        QCOMPARE(quant::methodParts("awq-q5_k_m").rounding, std::string("q5_k_m"));
        QCOMPARE(quant::methodParts("awq-q5_k_m").format, gguf::GgmlType::Q5_K);
        QCOMPARE(quant::methodParts("gptq-q4_k_s").format, gguf::GgmlType::Q4_K);
        QCOMPARE(quant::methodParts("gptq-q5_k_s").format, gguf::GgmlType::Q5_K);
        const std::string e = calibratedInputsError([] { quant::methodParts("gptq-q3_k"); });
        QVERIFY2(e.find("gptq-q3_k") != std::string::npos && e.find("awq-q6_k") != std::string::npos, e.c_str());
    }
};

LW_TEST_GUILESS_MAIN(TestQuantizeCalibratedInputs)
#include "test_quantize_calibrated_inputs.moc"

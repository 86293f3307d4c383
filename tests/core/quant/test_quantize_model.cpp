// Whole-model round-to-nearest quantization into GGUF: every stored matrix equals the
// float weight quantized independently here (gguf::quantize for the block formats, a
// per-row int8 written in this test, quant::quantizeNf4 for NF4), in the file's row
// order; the size estimate from the config alone equals the tensors written; the fused
// decoder reading the stored blocks gives the float decoder's logits on the
// dequantized weights and the same greedy tokens; a cancel leaves no file; bad files are
// refused naming the file and tensor.
#include "core/generate/cpu_decoder.h"
#include "core/generate/cpu_kernels_quant.h"
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/quant/nf4.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"
#include "quantize_model_test_support.h"
#include "test_paths.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace lw;

namespace {

using test::fileOrderRows;
using test::quantTestModel;

// What the test expects one matrix to read back as, quantized here without the code under test.
std::vector<float> expectedValues(const std::string& method, const std::vector<float>& w, int64_t rows, int64_t cols,
                                  gguf::GgmlType type)
{
    std::vector<float> out(w.size());
    if (method == "int8") {
        for (int64_t r = 0; r < rows; ++r) {
            float maxAbs = 0;
            for (int64_t c = 0; c < cols; ++c)
                maxAbs = std::max(maxAbs, std::fabs(w[size_t(r * cols + c)]));
            const float scale = maxAbs / 127.0f;
            for (int64_t c = 0; c < cols; ++c) {
                const float q = scale > 0 ? std::round(w[size_t(r * cols + c)] / scale) : 0.0f;
                out[size_t(r * cols + c)] = scale * q;
            }
        }
        return out;
    }
    if (method == "nf4") {
        std::vector<float> copy = w;
        const quant::Nf4Tensor t = quant::quantizeNf4(torch::from_blob(copy.data(), {rows, cols}), "w");
        const torch::Tensor back = quant::dequantizeNf4(t).contiguous();
        return std::vector<float>(back.data_ptr<float>(), back.data_ptr<float>() + back.numel());
    }
    uint64_t bytes = 0;
    gguf::ggmlByteSize(type, w.size(), bytes);
    std::vector<uint8_t> blocks(bytes);
    gguf::quantize(type, w.data(), blocks.data(), w.size());
    gguf::dequantize(type, blocks.data(), out.data(), w.size());
    return out;
}

std::string quantizeToFile(model::Transformer& m, const QTemporaryDir& dir, const std::string& method)
{
    const std::string path = dir.filePath(QString::fromStdString(method + ".gguf")).toStdString();
    quant::QuantizeOptions options;
    options.method = method;
    options.source = "test model";
    quant::quantizeModel(m, nullptr, path, options);
    return path;
}

bool kQuantsWritable()
{
    return gguf::ggmlTypeInfo(gguf::GgmlType::Q4_K).quantizable && gguf::ggmlTypeInfo(gguf::GgmlType::Q6_K).quantizable;
}

// Logits of `prompt` then `steps` greedy tokens through a runner; returns the tokens and
// the logits of every step.
std::vector<int32_t> quantGreedy(generate::CpuModelRunner& runner, std::vector<int32_t> prompt, int steps,
                            std::vector<std::vector<float>>& logits)
{
    const int64_t vocab = runner.config().vocab_size;
    std::vector<int32_t> out;
    std::vector<int32_t> input = std::move(prompt);
    for (int s = 0; s < steps; ++s) {
        std::vector<float> l(static_cast<size_t>(vocab));
        runner.forward({{0, input}}, l.data());
        const int32_t next = int32_t(std::max_element(l.begin(), l.end()) - l.begin());
        logits.push_back(l);
        out.push_back(next);
        input = {next};
    }
    return out;
}

std::string quantizeErrorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

// Sends every quantized product through the kernels' float route (weight rows
// dequantized, then float dot products) while it lives: the stored-matrix decoder then
// computes what the float decoder computes, to float rounding. The integer kernels'
// own accuracy (inputs rounded to 8 bits) is test_quantized_kernels' subject.
struct ExactQuantizedProducts {
    static constexpr generate::kernels::WeightType kTypes[] = {
        generate::kernels::WeightType::Q8_0, generate::kernels::WeightType::Q4_0, generate::kernels::WeightType::Q4_1,
        generate::kernels::WeightType::Q5_0, generate::kernels::WeightType::Q5_1, generate::kernels::WeightType::Q4_K,
        generate::kernels::WeightType::Q5_K, generate::kernels::WeightType::Q6_K, generate::kernels::WeightType::I8Rows,
        generate::kernels::WeightType::NF4};
    ExactQuantizedProducts()
    {
        for (auto type : kTypes)
            generate::kernels::setQuantFloatRouteRows(type, 1);
    }
    ~ExactQuantizedProducts()
    {
        for (auto type : kTypes)
            generate::kernels::setQuantFloatRouteRows(type, 0);
    }
};

} // namespace

class TestQuantizeModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void storedMatricesEqualIndependentQuantization_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("family");
        for (const char* m : {"q8_0", "q4_0", "int8", "nf4", "q4_k_m", "q6_k"})
            for (int f : {0, 1}) {
                const std::string row = std::string(m) + (f ? "-llama" : "-gpt2");
                QTest::newRow(row.c_str()) << QString(m) << f;
            }
    }
    void storedMatricesEqualIndependentQuantization()
    {
        QFETCH(QString, method);
        QFETCH(int, family);
        const std::string m = method.toStdString();
        const bool kQuant = m.find("_k") != std::string::npos;
        if (kQuant && !kQuantsWritable())
            QSKIP("K-quant quantization is not in this build yet");
        const auto fam = family ? model::Family::Llama : model::Family::Gpt2;
        model::Transformer model = quantTestModel(fam, kQuant ? 256 : 64, 11);
        QTemporaryDir dir;
        const std::string path = quantizeToFile(model, dir, m);
        gguf::GgufFile file(path);
        QCOMPARE(file.get<std::string>(gguf_model::kQuantizationKey), m);
        QCOMPARE(file.get<std::string>(gguf_model::kQuantizationSourceKey), std::string("test model"));
        const auto settings = nlohmann::json::parse(file.get<std::string>(gguf_model::kQuantizationSettingsKey));
        QCOMPARE(settings.at("method").get<std::string>(), m);

        std::map<std::string, quant::MatrixPlan> plans;
        for (const quant::MatrixPlan& p : quant::planMatrices(model->config(), m))
            plans[p.tensor] = p;
        int checked = 0;
        for (const gguf_model::GgufTensorPart& part :
             gguf_model::ggufTensorParts(model->config(), gguf_model::ggufArchitectureFor(model->config()))) {
            const gguf::GgufTensorInfo& t = file.tensor(part.gguf);
            auto plan = plans.find(part.gguf);
            if (plan == plans.end()) {
                QCOMPARE(t.type, gguf::GgmlType::F32); // norms, biases, position embedding
                continue;
            }
            const quant::MatrixPlan& p = plan->second;
            const std::vector<float> w = fileOrderRows(model, part);
            const std::vector<float> expected = expectedValues(m, w, p.rows, p.cols, p.encoding.type);
            const std::vector<float> stored =
                gguf_model::storedMatrixValues(gguf_model::readStoredMatrix(file, part.gguf, p.rows, p.cols));
            QCOMPARE(stored.size(), expected.size());
            for (size_t i = 0; i < stored.size(); ++i)
                if (stored[i] != expected[i])
                    QFAIL(qPrintable(QString("%1[%2]: %3 != %4").arg(QString::fromStdString(part.gguf)).arg(i)
                                         .arg(stored[i]).arg(expected[i])));
            ++checked;
        }
        QCOMPARE(checked, int(plans.size()));
    }

    void estimateEqualsTheTensorsWritten_data()
    {
        QTest::addColumn<QString>("method");
        for (const char* m : {"q8_0", "q4_1", "q5_0", "int8", "nf4"})
            QTest::newRow(m) << QString(m);
    }
    void estimateEqualsTheTensorsWritten()
    {
        QFETCH(QString, method);
        model::Transformer model = quantTestModel(model::Family::Llama, 64, 3);
        QTemporaryDir dir;
        gguf::GgufFile file(quantizeToFile(model, dir, method.toStdString()));
        int64_t bytes = 0;
        for (const auto& t : file.tensors())
            bytes += int64_t(t.byteSize);
        const quant::QuantizeEstimate e = quant::estimateQuantizedSize(model->config(), method.toStdString());
        QCOMPARE(e.bytes, bytes);
        QCOMPARE(e.parameters, model->config().parameterCount());
        QCOMPARE(e.bitsPerWeight, 8.0 * double(bytes) / double(e.parameters));
    }

    // The stored-matrix decoder against the float decoder on the same model loaded as
    // floats (every weight dequantized): with exact products (ExactQuantizedProducts) the
    // same function, so the logits agree to float rounding and greedy decoding picks the
    // same tokens.
    void quantizedDecoderMatchesFloatDecoder_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<int>("family");
        for (const char* m : {"q8_0", "q4_0", "int8", "nf4", "q4_k_m"})
            for (int f : {0, 1}) {
                const std::string row = std::string(m) + (f ? "-llama" : "-gpt2");
                QTest::newRow(row.c_str()) << QString(m) << f;
            }
    }
    void quantizedDecoderMatchesFloatDecoder()
    {
        QFETCH(QString, method);
        QFETCH(int, family);
        const std::string m = method.toStdString();
        const bool kQuant = m.find("_k") != std::string::npos;
        if (kQuant && !kQuantsWritable())
            QSKIP("K-quant quantization is not in this build yet");
        model::Transformer model =
            quantTestModel(family ? model::Family::Llama : model::Family::Gpt2, kQuant ? 256 : 64, 5);
        QTemporaryDir dir;
        const std::string path = quantizeToFile(model, dir, m);
        gguf_model::GgufModel floats = gguf_model::loadGgufModel(path, torch::kCPU);
        auto stored = gguf_model::GgufStoredMatrices::open(path);
        QVERIFY(stored != nullptr);
        QCOMPARE(stored->method(), m);
        const ExactQuantizedProducts exact;
        generate::CpuModelRunner quantized(std::make_shared<generate::CpuDecoderWeights>(floats.model, stored), 1, 0);
        generate::CpuModelRunner reference(
            std::make_shared<generate::CpuDecoderWeights>(floats.model, generate::kernels::WeightType::F32), 1, 0);
        QVERIFY(quantized.description().find(m == "int8" ? "int8" : m == "nf4" ? "nf4" : "q") != std::string::npos);
        std::vector<std::vector<float>> a, b;
        const std::vector<int32_t> prompt = {3, 17, 5, 29, 1};
        const std::vector<int32_t> ta = quantGreedy(quantized, prompt, 12, a);
        const std::vector<int32_t> tb = quantGreedy(reference, prompt, 12, b);
        QCOMPARE(ta, tb);
        for (size_t s = 0; s < a.size(); ++s)
            for (size_t i = 0; i < a[s].size(); ++i)
                QVERIFY2(std::fabs(a[s][i] - b[s][i]) <= 1e-3f * (1.0f + std::fabs(b[s][i])),
                         qPrintable(QString("step %1 logit %2: %3 vs %4").arg(s).arg(i).arg(a[s][i]).arg(b[s][i])));
        // The stored matrices take what the format says, not float32's 4 bytes a weight.
        int64_t floatBytes = 0;
        for (const quant::MatrixPlan& p : quant::planMatrices(model->config(), m))
            floatBytes += p.rows * p.cols * 4;
        QVERIFY(stored->bytes() < floatBytes / 3);
    }

    // A file laid out by llama.cpp's gguf-py (tests/core/gguf_model/fixtures, q4_K, q5_K
    // and q6_K blocks, q and k rows interleaved for llama's rotary): the decoder reads
    // its blocks with the rows put back in our order and agrees with the float decoder.
    void llamaCppKQuantFileDecodesFromItsBlocks()
    {
        const std::string path = std::string(test::sourceDir()) + "/tests/core/gguf_model/fixtures/kquant.k.gguf";
        gguf_model::GgufModel floats = gguf_model::loadGgufModel(path, torch::kCPU);
        auto stored = gguf_model::GgufStoredMatrices::open(path);
        QVERIFY(stored != nullptr);
        const auto* qkv = stored->find("layers.0.attention.wqkv.weight");
        QVERIFY(qkv && qkv->size() == 3);
        const ExactQuantizedProducts exact;
        generate::CpuModelRunner quantized(std::make_shared<generate::CpuDecoderWeights>(floats.model, stored), 1, 0);
        generate::CpuModelRunner reference(
            std::make_shared<generate::CpuDecoderWeights>(floats.model, generate::kernels::WeightType::F32), 1, 0);
        std::vector<std::vector<float>> a, b;
        QCOMPARE(quantGreedy(quantized, {1, 5, 9}, 6, a), quantGreedy(reference, {1, 5, 9}, 6, b));
        for (size_t s = 0; s < a.size(); ++s)
            for (size_t i = 0; i < a[s].size(); ++i)
                QVERIFY(std::fabs(a[s][i] - b[s][i]) <= 1e-3f * (1.0f + std::fabs(b[s][i])));
    }

    void cancelLeavesNoFile()
    {
        model::Transformer model = quantTestModel(model::Family::Llama, 64, 2);
        QTemporaryDir dir;
        const std::string path = dir.filePath("cancelled.gguf").toStdString();
        quant::QuantizeOptions options;
        options.method = "q8_0";
        int calls = 0;
        quant::QuantizeProgress last;
        const std::string error = quantizeErrorOf([&] {
            quant::quantizeModel(model, nullptr, path, options, [&](const quant::QuantizeProgress& p) {
                last = p;
                return ++calls < 3;
            });
        });
        QCOMPARE(error, std::string("cancelled"));
        QCOMPARE(calls, 3);
        QVERIFY(last.tensorsDone == 3 && last.tensorsTotal > 3);
        QVERIFY(!std::filesystem::exists(path));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);
    }

    void unknownMethodIsRefused()
    {
        model::Transformer model = quantTestModel(model::Family::Gpt2, 64, 2);
        QTemporaryDir dir;
        quant::QuantizeOptions options;
        options.method = "q3_k";
        const std::string error =
            quantizeErrorOf([&] { quant::quantizeModel(model, nullptr, dir.filePath("x.gguf").toStdString(), options); });
        QVERIFY2(error.find("method") != std::string::npos && error.find("q3_k") != std::string::npos, error.c_str());
    }

    void truncatedFileIsRefused()
    {
        model::Transformer model = quantTestModel(model::Family::Llama, 64, 4);
        QTemporaryDir dir;
        const std::string path = quantizeToFile(model, dir, "q4_0");
        std::filesystem::resize_file(path, std::filesystem::file_size(path) - 700);
        const std::string error = quantizeErrorOf([&] { gguf_model::loadGgufModel(path, torch::kCPU); });
        QVERIFY2(error.find(path) != std::string::npos, error.c_str());
        QVERIFY2(error.find("tensor") != std::string::npos, error.c_str());
    }

    // A file written again without one of an NF4 matrix's companions, or with a matrix
    // whose dims do not fit its NF4 layout.
    void mismatchedNf4FileIsRefused_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("missing absmax") << "missing";
        QTest::newRow("wrong dims") << "dims";
    }
    void mismatchedNf4FileIsRefused()
    {
        QFETCH(QString, change);
        model::Transformer model = quantTestModel(model::Family::Llama, 64, 4);
        QTemporaryDir dir;
        const std::string source = quantizeToFile(model, dir, "nf4");
        gguf::GgufFile file(source);
        gguf::GgufWriter writer;
        for (const auto& kv : file.metadata())
            writer.add(kv.key, kv.value);
        const std::string victim = "blk.1.ffn_up.weight";
        std::vector<int8_t> wrong;
        for (const auto& t : file.tensors()) {
            if (change == "missing" && t.name == victim + gguf_model::kNf4AbsmaxSuffix)
                continue;
            if (change == "dims" && t.name == victim) {
                wrong.assign(size_t(t.dims[1] * t.dims[0] * 2), 0); // [cols, rows]: one byte a weight
                writer.addTensor(t.name, {t.dims[0] * 2, t.dims[1]}, gguf::GgmlType::I8, wrong.data(), wrong.size());
                continue;
            }
            writer.addTensor(t.name, t.dims, t.type, t.data, t.byteSize);
        }
        const std::string path = dir.filePath("bad.gguf").toStdString();
        writer.write(path);
        for (const auto& load : std::vector<std::function<void()>>{
                 [&] { gguf_model::loadGgufModel(path, torch::kCPU); },
                 [&] { gguf_model::GgufStoredMatrices::open(path); }}) {
            const std::string error = quantizeErrorOf(load);
            QVERIFY2(error.find(path) != std::string::npos, error.c_str());
            QVERIFY2(error.find(victim) != std::string::npos, error.c_str());
        }
    }
};

LW_TEST_GUILESS_MAIN(TestQuantizeModel)
#include "test_quantize_model.moc"

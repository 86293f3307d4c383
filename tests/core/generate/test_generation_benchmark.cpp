// The generation bench on a quantized GGUF file decodes from the file's blocks (its
// formats and their bytes), not from float copies of the shape.
#include "core/generate/generation_benchmark.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/model/transformer.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using lw::generate::GenerationBenchmarkOptions;

class TestGenerationBenchmark : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quantizedFileIsReadAsStored();
    void methodAndFileTogetherAreRefused();

private:
    static lw::model::ModelConfig benchShape();
    // The shape with random weights written by `llmwb quantize`'s core as `method`.
    QString quantizedFile(const QString& method);
    QTemporaryDir m_dir;
};

lw::model::ModelConfig TestGenerationBenchmark::benchShape()
{
    lw::model::ModelConfig c;
    c.family = lw::model::Family::Llama;
    c.vocab_size = 96;
    c.context_length = 32;
    c.n_layer = 2;
    c.n_head = 4;
    c.n_kv_head = 2;
    c.d_model = 64;
    c.d_ff = 128;
    c.bias = false;
    c.tie_embeddings = false;
    return c;
}

QString TestGenerationBenchmark::quantizedFile(const QString& method)
{
    lw::model::Transformer model(benchShape());
    model->initializeWeights(5);
    const QString path = m_dir.filePath(method + ".gguf");
    lw::quant::QuantizeOptions options;
    options.method = method.toStdString();
    options.source = "random weights";
    lw::quant::quantizeModel(model, nullptr, path.toStdString(), options);
    return path;
}

void TestGenerationBenchmark::quantizedFileIsReadAsStored()
{
    GenerationBenchmarkOptions o;
    o.model = benchShape();
    o.promptTokens = 5;
    o.newTokens = 3;
    o.runs = 1;
    o.threads = 1;
    o.storedMatricesFile = quantizedFile("q8_0").toStdString();
    const auto r = lw::generate::benchmarkGeneration(o);
    QCOMPARE(QString::fromStdString(r.storedFormats), QString("q8_0"));
    QVERIFY(r.runner.find("q8_0") != std::string::npos);
    // Q8_0 stores each 32 weights in 34 bytes (a half-precision scale and 32 int8).
    // Per layer: q 64x64, k and v 32x64, o 64x64, gate and up 128x64, down 64x128;
    // then the 96x64 output head. A step reads all of them, one embedding row and the
    // float32 RMSNorm gains (2 per layer and the final one, 64 each).
    const int64_t perLayer = 64 * 64 + 2 * 32 * 64 + 64 * 64 + 2 * 128 * 64 + 64 * 128;
    const int64_t matrices = 2 * perLayer + 96 * 64;
    QCOMPARE(r.quantizedMatrixBytes, (matrices + 96 * 64) / 32 * 34); // the embedding is stored too
    const int64_t gains = (2 * 2 + 1) * 64 * 4;
    QCOMPARE(int64_t(r.weightBytesPerToken), matrices / 32 * 34 + 64 / 32 * 34 + gains);

    // The same shape from no file reads float32 matrices: 4 bytes a weight.
    o.storedMatricesFile.clear();
    const auto f = lw::generate::benchmarkGeneration(o);
    QVERIFY(f.storedFormats.empty());
    QCOMPARE(int64_t(f.weightBytesPerToken), (matrices + 64) * 4 + gains);
}

void TestGenerationBenchmark::methodAndFileTogetherAreRefused()
{
    GenerationBenchmarkOptions o;
    o.model = benchShape();
    o.promptTokens = 2;
    o.newTokens = 2;
    o.runs = 1;
    o.threads = 1;
    o.quant = "q4_0";
    o.storedMatricesFile = quantizedFile("q4_0").toStdString();
    QVERIFY_THROWS_EXCEPTION(lw::Error, lw::generate::benchmarkGeneration(o));
}

LW_TEST_GUILESS_MAIN(TestGenerationBenchmark)
#include "test_generation_benchmark.moc"

// GPTQ and AWQ on the K-quant grids (Q4_K, Q5_K, Q6_K; block_grid.h):
//   - the grid's levels by round-to-nearest, packed, are byte for byte the blocks of the
//     K-quant quantizer the grid came from (gguf::quantize, itself checked against
//     llama.cpp's bytes in tests/core/gguf), and those blocks read back through
//     gguf::dequantize as level * scale + offset with the grid's scales and offsets;
//   - GPTQ's Hessian-weighted error tr((W - Q) H (W - Q)^T) is never above that of
//     round-to-nearest on the same grid, for random W and H = 2/n X^T X of random inputs;
//   - GPTQ's blocks keep the grid's super-block fields (d, dmin, sub-block scales), and
//     every value they read back is a level of the grid within [qmin, qmax];
//   - a matrix whose rows are not whole super-blocks falls back as round-to-nearest's
//     plan does, and one that fits no format is refused naming the matrix;
//   - row ranges of one matrix may take different formats (a mix's fused qkv);
//   - AWQ's search on a K-quant never ends above plain rounding;
//   - with an importance matrix, GPTQ's grid is the one round-to-nearest with it stores:
//     its blocks keep byte for byte the fields (d, dmin, sub-block scales; a legacy
//     block's d and m) of gguf::quantizeWeighted's blocks (what `llmwb quantize
//     --imatrix` writes), which differ from the plain quantizer's on columns weighted
//     this unevenly, and GPTQ's error stays at or below round-to-nearest's on that grid.
#include "core/gguf/ggml_types.h"
#include "core/quant/awq.h"
#include "core/quant/block_grid.h"
#include "core/quant/gptq.h"
#include "core/util/error.h"
#include "calibration_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using gguf::GgmlType;

namespace {

GgmlType kQuantNamed(const QString& name)
{
    for (GgmlType t : {GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K})
        if (name == QLatin1String(gguf::ggmlTypeInfo(t).name))
            return t;
    throw Error("unknown K-quant " + name.toStdString());
}

void addKQuants()
{
    QTest::addColumn<QString>("format");
    for (const char* f : {"q4_K", "q5_K", "q6_K"})
        QTest::newRow(f) << f;
}

// Each column's scale or offset from the grid's per-block ones: (rows, cols).
torch::Tensor perColumn(const torch::Tensor& perBlock, int64_t blockSize)
{
    return perBlock.repeat_interleave(blockSize, 1);
}

// Weights with a different spread and centre in every sub-block, so the K-quants'
// sub-block scales and minimums all differ.
torch::Tensor unevenWeights(int64_t rows, int64_t cols, uint64_t seed)
{
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    const torch::Tensor spread = torch::rand({rows, cols / 16, 1}, generator, torch::kFloat) * 0.08 + 0.01;
    const torch::Tensor centre = torch::randn({rows, cols / 16, 1}, generator, torch::kFloat) * 0.02;
    return (torch::randn({rows, cols / 16, 16}, generator, torch::kFloat) * spread + centre).view({rows, cols});
}

// tr((W - Q) H (W - Q)^T) in double.
double hessianWeightedError(const torch::Tensor& w, const torch::Tensor& q, const torch::Tensor& h)
{
    const torch::Tensor d = w.to(torch::kDouble) - q.to(torch::kDouble);
    return d.mm(h.to(torch::kDouble)).mm(d.t()).trace().item<double>();
}

// The bytes of every block apart from its level bits: Q4_K's and Q5_K's d, dmin and
// scales (the first 16 bytes), Q6_K's int8 scales and d (the last 18); a legacy block's
// f16 d (and Q4_1's and Q5_1's m after it).
torch::Tensor gridFields(const torch::Tensor& blocks, GgmlType type)
{
    const int64_t bytes = gguf::ggmlTypeInfo(type).bytesPerBlock;
    const torch::Tensor b = blocks.view({-1, bytes});
    if (type == GgmlType::Q6_K)
        return b.narrow(1, 192, 18);
    if (type == GgmlType::Q4_K || type == GgmlType::Q5_K)
        return b.narrow(1, 0, 16);
    return b.narrow(1, 0, type == GgmlType::Q4_1 || type == GgmlType::Q5_1 ? 4 : 2);
}

GgmlType formatNamed(const QString& name)
{
    for (GgmlType t : {GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1})
        if (name == QLatin1String(gguf::ggmlTypeInfo(t).name))
            return t;
    return kQuantNamed(name);
}

// What `llmwb quantize --imatrix` writes for a matrix: gguf::quantizeWeighted's blocks.
torch::Tensor importanceWeightedBlocks(const torch::Tensor& w, GgmlType type, const std::vector<float>& importance)
{
    uint64_t bytes = 0;
    if (!gguf::ggmlByteSize(type, uint64_t(w.numel()), bytes))
        throw Error("not whole blocks");
    torch::Tensor out = torch::empty({int64_t(bytes)}, torch::kUInt8);
    const torch::Tensor values = w.contiguous();
    gguf::quantizeWeighted(type, values.data_ptr<float>(), out.data_ptr<uint8_t>(), w.size(0), w.size(1),
                           importance.data());
    return out;
}

} // namespace

class TestGptqKQuant : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundToNearestLevelsPackToTheQuantizersBytes_data() { addKQuants(); }

    void roundToNearestLevelsPackToTheQuantizersBytes()
    {
        QFETCH(QString, format);
        const GgmlType type = kQuantNamed(format);
        const int64_t rows = 12, cols = 768;
        const torch::Tensor w = unevenWeights(rows, cols, 21);
        const quant::BlockGrid grid = quant::blockGridOf(w, type);
        QCOMPARE(grid.blockSize, int64_t(type == GgmlType::Q6_K ? 16 : 32));
        QCOMPARE(grid.scale.size(1), cols / grid.blockSize);
        const torch::Tensor scale = perColumn(grid.scale, grid.blockSize);
        const torch::Tensor offset = perColumn(grid.offset, grid.blockSize);
        const torch::Tensor levels = quant::nearestLevels(w, scale, offset, grid.qmin, grid.qmax);
        const torch::Tensor rtn = quant::roundToNearestBlocks(w, type);
        QVERIFY(torch::equal(quant::packBlocks(levels, grid), rtn));
        // The quantizer's blocks read back as the grid says they do.
        QVERIFY(torch::equal(quant::dequantizeBlocks(rtn, type, rows, cols), levels * scale + offset));
        // The Q4_K and Q5_K minimums are in use (offsets below zero somewhere).
        if (type != GgmlType::Q6_K)
            QVERIFY(grid.offset.lt(0).any().item<bool>());
    }

    void gptqErrorNeverAboveRoundToNearest_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("seed");
        for (const char* f : {"q4_K", "q5_K", "q6_K"})
            for (int seed : {1, 2, 3})
                QTest::newRow((std::string(f) + " seed " + std::to_string(seed)).c_str()) << f << seed;
    }

    void gptqErrorNeverAboveRoundToNearest()
    {
        QFETCH(QString, format);
        QFETCH(int, seed);
        const GgmlType type = kQuantNamed(format);
        torch::manual_seed(uint64_t(seed));
        const int64_t n = 700, rows = 24, cols = 512;
        const torch::Tensor x = test::correlatedInputs(n, cols, uint64_t(seed) + 100);
        const torch::Tensor h = x.t().mm(x) * (2.0 / double(n));
        const torch::Tensor w = unevenWeights(rows, cols, uint64_t(seed) + 200);
        quant::GptqSettings s;
        s.format = type;
        s.actOrder = seed != 2; // both column orders
        const quant::GptqResult r = quant::gptqQuantizeMatrix(w, h, s);
        const torch::Tensor rtn = quant::dequantizeBlocks(quant::roundToNearestBlocks(w, type), type, rows, cols);
        const double gptqError = hessianWeightedError(w, r.dequantized, h);
        const double rtnError = hessianWeightedError(w, rtn, h);
        QVERIFY2(gptqError <= rtnError, (std::to_string(gptqError) + " vs " + std::to_string(rtnError)).c_str());
        // The error it reports is half that trace.
        QVERIFY(std::abs(r.error - gptqError / 2) <= 1e-3 * gptqError);
    }

    void gptqBlocksLieOnTheGrid_data() { addKQuants(); }

    void gptqBlocksLieOnTheGrid()
    {
        QFETCH(QString, format);
        const GgmlType type = kQuantNamed(format);
        const int64_t n = 400, rows = 10, cols = 512;
        const torch::Tensor x = test::correlatedInputs(n, cols, 31);
        const torch::Tensor w = unevenWeights(rows, cols, 32);
        quant::GptqSettings s;
        s.format = type;
        const quant::GptqResult r = quant::gptqQuantizeMatrix(w, x.t().mm(x) * (2.0 / double(n)), s);
        QCOMPARE(r.blocks.numel(), int64_t(rows * cols / 256 * gguf::ggmlTypeInfo(type).bytesPerBlock));
        const torch::Tensor rtn = quant::roundToNearestBlocks(w, type);
        QVERIFY(torch::equal(gridFields(r.blocks, type), gridFields(rtn, type)));
        QVERIFY(!torch::equal(r.blocks, rtn)); // GPTQ moved some levels

        const torch::Tensor read = quant::dequantizeBlocks(r.blocks, type, rows, cols);
        QVERIFY(torch::equal(read, r.dequantized));
        const quant::BlockGrid grid = quant::blockGridOf(w, type);
        const torch::Tensor scale = perColumn(grid.scale, grid.blockSize).to(torch::kDouble);
        const torch::Tensor offset = perColumn(grid.offset, grid.blockSize).to(torch::kDouble);
        const torch::Tensor nonzero = scale.ne(0);
        const torch::Tensor levels = ((read.to(torch::kDouble) - offset) / scale.masked_fill(~nonzero, 1));
        const torch::Tensor rounded = levels.round();
        QVERIFY((levels - rounded).abs().masked_select(nonzero).max().item<double>() < 1e-4);
        QVERIFY(rounded.masked_select(nonzero).min().item<double>() >= double(grid.qmin));
        QVERIFY(rounded.masked_select(nonzero).max().item<double>() <= double(grid.qmax));
    }

    void rowsNotWholeSuperBlocksFallBack()
    {
        QCOMPARE(quant::calibratedFormatFor(GgmlType::Q4_K, 512, "m"), GgmlType::Q4_K);
        QCOMPARE(quant::calibratedFormatFor(GgmlType::Q4_K, 96, "m"), GgmlType::Q5_0);
        QCOMPARE(quant::calibratedFormatFor(GgmlType::Q5_K, 96, "m"), GgmlType::Q5_1);
        QCOMPARE(quant::calibratedFormatFor(GgmlType::Q6_K, 96, "m"), GgmlType::Q8_0);
        QCOMPARE(quant::calibratedFormatFor(GgmlType::Q4_0, 96, "m"), GgmlType::Q4_0);
        try {
            quant::calibratedFormatFor(GgmlType::Q4_K, 40, "layers.0.feed_forward.w2");
            QFAIL("40 columns fit no format");
        } catch (const Error& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains("layers.0.feed_forward.w2") && message.contains("40"), e.what());
        }
        // The tiny GPT-2 is 64 wide: only its MLP output map (256 inputs) is whole
        // super-blocks; the other maps fall back to Q5_0, calibrated all the same.
        model::Transformer m = test::calibrationTestModel("gpt2");
        const torch::Tensor windows = test::calibrationTestWindows(2, 16, m->config().vocab_size);
        quant::GptqSettings s;
        s.format = GgmlType::Q4_K;
        int kQuants = 0, fallbacks = 0;
        for (const quant::QuantizedMatrix& q : quant::gptqQuantizeModel(*m, windows, s)) {
            QCOMPARE(q.type, q.cols % 256 == 0 ? GgmlType::Q4_K : GgmlType::Q5_0);
            (q.type == GgmlType::Q4_K ? kQuants : fallbacks) += 1;
            QCOMPARE(q.blocks.numel(), q.rows * q.cols / int64_t(gguf::ggmlTypeInfo(q.type).blockSize) *
                                           int64_t(gguf::ggmlTypeInfo(q.type).bytesPerBlock));
        }
        QCOMPARE(kQuants, 2);   // one per layer
        QCOMPARE(fallbacks, 6); // qkv, attention output, MLP input per layer
    }

    // A mix stores the value rows of the fused qkv map in another type than the query
    // and key rows: each range is quantized apart and holds blocks of its own type
    // that read back as the model's new weights; ranges that do not cover the rows are
    // refused naming the matrix.
    void rowFormatsSplitAMatrix()
    {
        model::Transformer m = test::calibrationTestModel("llama");
        const torch::Tensor windows = test::calibrationTestWindows(2, 16, m->config().vocab_size);
        quant::GptqSettings s;
        s.format = GgmlType::Q4_0;
        s.rowFormats = [](const std::string& matrix) -> std::vector<quant::RowFormat> {
            if (matrix.find("wqkv") == std::string::npos)
                return {};
            return {{0, 96, GgmlType::Q4_0, {}}, {96, 32, GgmlType::Q8_0, {}}};
        };
        const std::vector<quant::QuantizedMatrix> matrices = quant::gptqQuantizeModel(*m, windows, s);
        QCOMPARE(int(matrices.size()), 2 * 5 + 2);
        auto params = m->named_parameters();
        int split = 0;
        for (const quant::QuantizedMatrix& q : matrices) {
            const torch::Tensor rows = params[q.name + ".weight"].narrow(0, q.rowStart, q.rows);
            QVERIFY(torch::equal(quant::dequantizeBlocks(q.blocks, q.type, q.rows, q.cols), rows));
            if (q.name.find("wqkv") != std::string::npos) {
                QCOMPARE(q.type, q.rowStart == 0 ? GgmlType::Q4_0 : GgmlType::Q8_0);
                ++split;
            }
        }
        QCOMPARE(split, 4);

        s.rowFormats = [](const std::string&) -> std::vector<quant::RowFormat> { return {{0, 10, GgmlType::Q8_0, {}}}; };
        try {
            quant::gptqQuantizeModel(*m, windows, s);
            QFAIL("ranges that do not cover the rows were taken");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("layers.0."), e.what());
        }
    }

    void awqSearchOnKQuantNeverAbovePlainRounding_data() { addKQuants(); }

    void awqSearchOnKQuantNeverAbovePlainRounding()
    {
        QFETCH(QString, format);
        const GgmlType type = kQuantNamed(format);
        torch::Tensor x = test::correlatedInputs(256, 512, 41);
        x.narrow(1, 7, 3).mul_(20); // a few outlier channels
        const std::vector<torch::Tensor> weights = {unevenWeights(16, 512, 42), unevenWeights(8, 512, 43)};
        const quant::AwqSearchResult r = quant::awqSearchScales(x, x.abs().mean(0), weights, type, 10);
        QVERIFY(r.error <= r.plainError);
        QVERIFY(r.ratio >= 0); // the outliers make some scaling pay
    }

    void importanceFixesTheGrid_data()
    {
        QTest::addColumn<QString>("format");
        for (const char* f : {"q4_K", "q5_K", "q6_K", "q5_0", "q4_1"})
            QTest::newRow(f) << f;
    }

    void importanceFixesTheGrid()
    {
        QFETCH(QString, format);
        const GgmlType type = formatNamed(format);
        const int64_t n = 600, rows = 16, cols = 512;
        const torch::Tensor x = test::correlatedInputs(n, cols, 51);
        const torch::Tensor h = x.t().mm(x) * (2.0 / double(n));
        const torch::Tensor w = unevenWeights(rows, cols, 52);
        // An imatrix's mean squared input per column, with 2 columns in 8 made to matter
        // a thousand times more than the rest.
        const torch::Tensor heavy = (torch::arange(cols) % 8).lt(2);
        const torch::Tensor weights = (x.square().mean(0) * (heavy.to(torch::kFloat) * (1 - 1e-3) + 1e-3)).contiguous();
        const std::vector<float> importance(weights.data_ptr<float>(), weights.data_ptr<float>() + cols);

        quant::GptqSettings s;
        s.format = type;
        s.importance = importance;
        const quant::GptqResult r = quant::gptqQuantizeMatrix(w, h, s);
        const torch::Tensor weighted = importanceWeightedBlocks(w, type, importance);
        const torch::Tensor plain = quant::roundToNearestBlocks(w, type);
        QVERIFY(torch::equal(gridFields(r.blocks, type), gridFields(weighted, type)));
        QVERIFY(!torch::equal(gridFields(weighted, type), gridFields(plain, type)));
        QVERIFY(!torch::equal(r.blocks, weighted)); // GPTQ moved some levels

        // Round-to-nearest on the same grid; for the K-quants, the very blocks
        // quantizeWeighted wrote (its levels are the nearest ones under its scales).
        const quant::BlockGrid grid = quant::blockGridOf(w, type, importance);
        const torch::Tensor scale = perColumn(grid.scale, grid.blockSize);
        const torch::Tensor offset = perColumn(grid.offset, grid.blockSize);
        const torch::Tensor levels = quant::nearestLevels(w, scale, offset, grid.qmin, grid.qmax);
        if (grid.superBlocks.defined())
            QVERIFY(torch::equal(quant::packBlocks(levels, grid), weighted));
        const double gptqError = hessianWeightedError(w, r.dequantized, h);
        const double rtnError = hessianWeightedError(w, levels * scale + offset, h);
        QVERIFY2(gptqError <= rtnError, (std::to_string(gptqError) + " vs " + std::to_string(rtnError)).c_str());

        s.importance.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, quant::gptqQuantizeMatrix(w, h, s));
    }
};

LW_TEST_GUILESS_MAIN(TestGptqKQuant)
#include "test_gptq_kquant.moc"

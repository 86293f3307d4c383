// GPTQ: on small fixed inputs it picks the same quantized values as a second
// implementation written from the paper in numpy (gptq_reference.py, without lazy
// batches), for every target format, with and without act-order, here with lazy
// batches of 16 and of 128 columns; its blocks read back through gguf::dequantize as
// the values it reports; on correlated inputs its output error ||WX - QX||^2 is below
// round-to-nearest's for every format, and the error it reports is that measure; the
// model driver quantizes every map of every layer of both families, leaves the model
// computing what the blocks hold, reports progress and cancels; bad input is refused.
// The fast column loop picks the levels of the straightforward one kept as reference.
#include "core/gguf/ggml_types.h"
#include "core/quant/block_grid.h"
#include "core/quant/gptq.h"
#include "core/quant/gptq_problem.h"
#include "core/util/error.h"
#include "calibration_test_support.h"
#include "test_paths.h"
#include "test_registry.h"

#include <QtTest>

#include <fstream>
#include <nlohmann/json.hpp>

using namespace lw;
using gguf::GgmlType;

namespace {

GgmlType formatNamed(const std::string& name)
{
    for (GgmlType t : {GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1})
        if (name == gguf::ggmlTypeInfo(t).name)
            return t;
    throw Error("unknown format " + name);
}

torch::Tensor doubleMatrix(const nlohmann::json& rows)
{
    std::vector<double> values;
    for (const auto& row : rows)
        for (const auto& v : row)
            values.push_back(v.get<double>());
    return torch::tensor(values, torch::kDouble).view({int64_t(rows.size()), -1});
}

const nlohmann::json& gptqReference()
{
    static const nlohmann::json reference = [] {
        std::ifstream in(std::string(test::sourceDir()) + "/tests/core/quant/gptq_reference.json");
        return nlohmann::json::parse(in);
    }();
    return reference;
}

// ||(W - Q) X^T||^2 over the rows of X, computed directly.
double outputSquaredError(const torch::Tensor& w, const torch::Tensor& q, const torch::Tensor& x)
{
    return x.to(torch::kDouble).mm((w.to(torch::kDouble) - q.to(torch::kDouble)).t()).square().sum().item<double>();
}

void addFormats()
{
    QTest::addColumn<QString>("format");
    for (const char* f : {"q8_0", "q4_0", "q4_1", "q5_0", "q5_1"})
        QTest::newRow(f) << f;
}

} // namespace

class TestGptq : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesThePapersAlgorithm_data()
    {
        QTest::addColumn<int>("caseIndex");
        QTest::addColumn<int>("batchColumns");
        const auto& cases = gptqReference()["cases"];
        for (size_t i = 0; i < cases.size(); ++i)
            for (int batch : {16, 128}) {
                const std::string name = cases[i]["format"].get<std::string>() +
                                         (cases[i]["act_order"].get<bool>() ? " act-order" : "") + " batch " +
                                         std::to_string(batch);
                QTest::newRow(name.c_str()) << int(i) << batch;
            }
    }

    void matchesThePapersAlgorithm()
    {
        QFETCH(int, caseIndex);
        QFETCH(int, batchColumns);
        const auto& ref = gptqReference();
        const auto& c = ref["cases"][size_t(caseIndex)];
        quant::GptqSettings s;
        s.format = formatNamed(c["format"].get<std::string>());
        s.actOrder = c["act_order"].get<bool>();
        s.dampPercent = ref["damp_percent"].get<double>();
        s.batchColumns = batchColumns;
        const torch::Tensor w = doubleMatrix(ref["weight"]);
        const quant::GptqResult r = gptqQuantizeMatrix(w, doubleMatrix(ref["hessian"]), s);
        const torch::Tensor expected = doubleMatrix(c["quantized"]);
        // Levels are at least a block scale (over 1e-4 here) apart; one level chosen
        // differently would be far beyond float rounding.
        const double worst = (r.dequantized.to(torch::kDouble) - expected).abs().max().item<double>();
        QVERIFY2(worst < 1e-7, std::to_string(worst).c_str());
        // The dead input (column 5) takes the level nearest zero whatever its weights
        // were: zero itself on the symmetric grids.
        if (s.format == GgmlType::Q8_0 || s.format == GgmlType::Q4_0 || s.format == GgmlType::Q5_0)
            QCOMPARE(r.dequantized.select(1, 5).abs().sum().item<double>(), 0.0);
    }

    void blocksReadBackAsReported_data() { addFormats(); }

    void blocksReadBackAsReported()
    {
        QFETCH(QString, format);
        const GgmlType type = formatNamed(format.toStdString());
        const torch::Tensor x = test::correlatedInputs(200, 96);
        const torch::Tensor w = torch::randn({5, 96}) * 0.1;
        quant::GptqSettings s;
        s.format = type;
        const quant::GptqResult r = gptqQuantizeMatrix(w, x.t().mm(x) * (2.0 / 200), s);
        QCOMPARE(r.blocks.numel(), int64_t(5 * 3 * gguf::ggmlTypeInfo(type).bytesPerBlock));
        const torch::Tensor read = quant::dequantizeBlocks(r.blocks, type, 5, 96);
        QVERIFY(torch::allclose(read, r.dequantized, 1e-6, 1e-7));
    }

    void errorBelowRoundToNearest_data() { addFormats(); }

    void errorBelowRoundToNearest()
    {
        QFETCH(QString, format);
        const GgmlType type = formatNamed(format.toStdString());
        torch::manual_seed(5);
        const int64_t n = 1024, rows = 48, cols = 256;
        const torch::Tensor x = test::correlatedInputs(n, cols);
        const torch::Tensor w = torch::randn({rows, cols}) * 0.05;
        const torch::Tensor h = x.t().mm(x) * (2.0 / double(n));
        quant::GptqSettings s;
        s.format = type;
        const quant::GptqResult r = gptqQuantizeMatrix(w, h, s);
        const torch::Tensor rtn = quant::dequantizeBlocks(quant::roundToNearestBlocks(w, type), type, rows, cols);
        const double gptqError = outputSquaredError(w, r.dequantized, x);
        const double rtnError = outputSquaredError(w, rtn, x);
        QVERIFY2(gptqError < rtnError, (std::to_string(gptqError) + " vs " + std::to_string(rtnError)).c_str());
        // The reported error is the mean over inputs of ||(W - Q) x||^2.
        QVERIFY(std::abs(r.error - gptqError / double(n)) < 1e-3 * gptqError / double(n));
        QVERIFY(std::abs(r.relativeError - gptqError / x.mm(w.t()).square().sum().item<double>()) < 1e-3 * r.relativeError);
        // Without act-order it still beats rounding on these inputs.
        s.actOrder = false;
        QVERIFY(outputSquaredError(w, gptqQuantizeMatrix(w, h, s).dequantized, x) < rtnError);
    }

    void fastLoopMatchesReference_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<bool>("actOrder");
        QTest::addColumn<bool>("doublePrecision");
        for (const char* f : {"q4_0", "q4_1", "q8_0"})
            for (bool act : {false, true})
                for (bool dbl : {false, true})
                    QTest::newRow((std::string(f) + (act ? " act-order" : "") + (dbl ? " float64" : " float32")).c_str())
                        << f << act << dbl;
    }

    // The raw-pointer column loop against the tensor-operation one on the same problem:
    // 45 rows (not a whole number of row tasks), 320 columns (a last lazy batch of 64).
    // In float64 both choose the same levels and the values agree to rounding. In
    // float32 the products are summed in another order, so a weight lying within
    // rounding of a level boundary may go to the other level: at most 0.2% of the
    // levels may differ, and the output error stays within 1% of the reference's.
    void fastLoopMatchesReference()
    {
        QFETCH(QString, format);
        QFETCH(bool, actOrder);
        QFETCH(bool, doublePrecision);
        torch::manual_seed(9);
        const int64_t n = 900, rows = 45, cols = 320;
        const auto dtype = doublePrecision ? torch::kDouble : torch::kFloat;
        const torch::Tensor x = test::correlatedInputs(n, cols, 4).to(dtype);
        const torch::Tensor w = (torch::randn({rows, cols}) * 0.05).to(dtype);
        const torch::Tensor h = x.t().mm(x) * (2.0 / double(n));
        quant::GptqSettings s;
        s.format = formatNamed(format.toStdString());
        s.actOrder = actOrder;
        const quant::GptqResult fast = quant::gptqQuantizeMatrix(w, h, s);
        const quant::GptqResult reference = quant::gptqQuantizeMatrixReference(w, h, s);
        const torch::Tensor differs = fast.dequantized.ne(reference.dequantized);
        if (doublePrecision) {
            QVERIFY(torch::equal(fast.blocks, reference.blocks));
            QVERIFY(std::abs(fast.error - reference.error) <= 1e-9 * reference.error);
        } else {
            const double share = differs.to(torch::kDouble).mean().item<double>();
            QVERIFY2(share <= 0.002, std::to_string(share).c_str());
            QVERIFY(std::abs(fast.error - reference.error) <= 0.01 * reference.error);
        }
        QVERIFY(torch::allclose(quant::dequantizeBlocks(fast.blocks, s.format, rows, cols), fast.dequantized, 1e-6, 1e-7));
    }

    void modelDriverQuantizesEveryLayerMap_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<int>("maps");
        QTest::newRow("gpt2") << "gpt2" << 8;
        QTest::newRow("llama") << "llama" << 10;
    }

    void modelDriverQuantizesEveryLayerMap()
    {
        QFETCH(QString, family);
        QFETCH(int, maps);
        model::Transformer m = test::calibrationTestModel(family);
        const torch::Tensor windows = test::calibrationTestWindows(6, 32, m->config().vocab_size);
        const torch::Tensor before = m->forward(windows);
        quant::GptqSettings s;
        s.format = GgmlType::Q8_0;
        int64_t lastDone = 0, reportedTotal = 0;
        const auto matrices = quant::gptqQuantizeModel(*m, windows, s, [&](int64_t done, int64_t total, const std::string&) {
            lastDone = done;
            reportedTotal = total;
            return true;
        });
        QCOMPARE(int(matrices.size()), maps);
        QCOMPARE(lastDone, int64_t(maps));
        QCOMPARE(reportedTotal, int64_t(maps));
        auto params = m->named_parameters();
        for (const auto& q : matrices) {
            const torch::Tensor weight = params[q.name + ".weight"];
            QCOMPARE(weight.size(0), q.rows);
            QCOMPARE(weight.size(1), q.cols);
            QVERIFY(torch::equal(quant::dequantizeBlocks(q.blocks, q.type, q.rows, q.cols), weight));
            QVERIFY(q.relativeError > 0 && q.relativeError < 1e-3); // Q8_0 moves a layer's output little
        }
        // Q8_0 everywhere keeps the logits close.
        const torch::Tensor after = m->forward(windows);
        QVERIFY((after - before).abs().max().item<double>() < 0.05 * before.abs().max().item<double>());
    }

    void modelDriverCancels()
    {
        model::Transformer m = test::calibrationTestModel("gpt2");
        const torch::Tensor windows = test::calibrationTestWindows(2, 16, m->config().vocab_size);
        QVERIFY_THROWS_EXCEPTION(Error, quant::gptqQuantizeModel(*m, windows, {}, [](int64_t done, int64_t, const std::string&) {
            return done < 3;
        }));
    }

    void refusesBadInput()
    {
        quant::GptqSettings s;
        QVERIFY_THROWS_EXCEPTION(Error, quant::gptqQuantizeMatrix(torch::randn({4, 48}), torch::eye(48), s));
        QVERIFY_THROWS_EXCEPTION(Error, quant::gptqQuantizeMatrix(torch::randn({4, 64}), torch::eye(32), s));
        s.format = GgmlType::Q4_K;
        QVERIFY_THROWS_EXCEPTION(Error, quant::gptqQuantizeMatrix(torch::randn({4, 64}), torch::eye(64), s));
    }

    // The column loop's factor U is upper triangular with U^T U the inverse of the damped
    // Hessian, here checked against LibTorch's general inverse in double precision, for
    // a float32 and a float64 problem (each its own LAPACK routine).
    void inverseFactorIsCholeskyOfDampedInverse_data()
    {
        QTest::addColumn<bool>("float64");
        QTest::newRow("float32") << false;
        QTest::newRow("float64") << true;
    }
    void inverseFactorIsCholeskyOfDampedInverse()
    {
        QFETCH(bool, float64);
        torch::manual_seed(11);
        const torch::ScalarType dtype = float64 ? torch::kDouble : torch::kFloat;
        const torch::Tensor x = torch::randn({400, 96}, torch::kDouble);
        const torch::Tensor h = x.t().mm(x) * (2.0 / 400);
        quant::GptqSettings s;
        s.actOrder = false;
        s.dampPercent = 0.01;
        const quant::detail::GptqProblem p =
            quant::detail::prepareGptq(torch::randn({8, 96}, dtype), h.to(dtype), s);
        const torch::Tensor u = p.factor.to(torch::kDouble);
        QVERIFY(torch::equal(u, u.triu()));
        const torch::Tensor damped = h + 0.01 * h.diagonal().mean() * torch::eye(96, torch::kDouble);
        const torch::Tensor inverse = torch::linalg_inv(damped);
        const double difference = (u.t().mm(u) - inverse).abs().max().item<double>() / inverse.abs().max().item<double>();
        QVERIFY2(difference < (float64 ? 1e-12 : 1e-4), std::to_string(difference).c_str());
    }
};

LW_TEST_GUILESS_MAIN(TestGptq)
#include "test_gptq.moc"

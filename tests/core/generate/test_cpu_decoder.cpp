// The fused CPU decoder computes what model::Transformer::forward computes: its matrix
// kernels against a double-precision reference (every tile shape, fp32 and bf16, each
// instruction set the CPU has), its bfloat16 rounding against torch's, its
// logits against the model's for both families (and heads of their own width) through
// prefill (short and long prompts) and decode steps, several slots at different
// positions in one step, and slot copies and truncation.
#include "core/generate/cpu_decoder.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>
#include <array>

using namespace lw::generate;
using lw::model::ModelConfig;
using lw::model::Transformer;

namespace {

ModelConfig tinyConfig(const QString& family)
{
    ModelConfig c = lw::model::presetConfig(family.startsWith("llama") ? "llama-tiny" : "tiny");
    c.vocab_size = 101; // not a multiple of the 4-row tiles
    c.context_length = 160;
    // Heads of their own width (pruned heads, Mistral-Nemo): an attention narrower or
    // wider than d_model = 64.
    if (family == "gpt2, 3 heads of 16") {
        c.n_head = 3;
        c.head_dim = 16;
    } else if (family == "llama, 4 heads of 24") {
        c.head_dim = 24;
    }
    return c;
}

void addFamilies()
{
    QTest::addColumn<QString>("family");
    QTest::newRow("gpt2") << "gpt2";
    QTest::newRow("llama") << "llama";
}

torch::Tensor modelLastLogits(Transformer& model, const std::vector<int32_t>& tokens)
{
    torch::NoGradGuard noGrad;
    std::vector<int64_t> ids(tokens.begin(), tokens.end());
    auto logits = model->forward(torch::tensor(ids).view({1, -1}));
    return logits[0][logits.size(1) - 1];
}

torch::Tensor rowOf(const std::vector<float>& logits, int64_t row, int64_t vocab)
{
    return torch::from_blob(const_cast<float*>(logits.data()) + row * vocab, {vocab}).clone();
}

std::vector<int32_t> randomTokens(int64_t n, int64_t vocab, uint64_t seed)
{
    auto t = torch::randint(vocab, {n}, torch::make_generator<at::CPUGeneratorImpl>(seed), torch::kLong);
    std::vector<int32_t> out;
    for (int64_t i = 0; i < n; ++i)
        out.push_back(int32_t(t[i].item<int64_t>()));
    return out;
}

const char* const kFloatKernelIsas[] = {"generic", "avx2", "avx512", "avx512-bf16"};

void addFloatKernelIsas()
{
    QTest::addColumn<QString>("isa");
    for (const char* isa : kFloatKernelIsas)
        QTest::newRow(isa) << isa;
}

// Runs the float kernels with `isa`, or skips the row on a CPU without it.
#define LW_USE_ISA_OR_SKIP(isa)                                                                                                    \
    if (QString::fromStdString(kernels::setFloatKernelIsa((isa).toStdString())) != (isa))                             \
    QSKIP("this CPU lacks the instruction set")

} // namespace

class TestCpuDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void cleanup() { kernels::setFloatKernelIsa("best"); }
    void linearMatchesDoubleReference_data();
    void linearMatchesDoubleReference();
    void bf16RoundingMatchesTorch_data() { addFloatKernelIsas(); }
    void bf16RoundingMatchesTorch();
    void isaNamesFallBackToWhatTheCpuHas();
    void logitsMatchModelForward_data();
    void logitsMatchModelForward();
    void bf16WeightsStayCloseToFloat_data() { addFamilies(); }
    void bf16WeightsStayCloseToFloat();
    void slotsAtDifferentPositionsShareOneStep();
    void copiedAndTruncatedSlotsContinueAlike();
    void passingTheCapacityIsAnError();
};

void TestCpuDecoder::linearMatchesDoubleReference_data()
{
    QTest::addColumn<bool>("bf16");
    QTest::addColumn<QString>("isa");
    for (const char* isa : kFloatKernelIsas)
        for (bool bf16 : {false, true})
            QTest::newRow(qPrintable(QString("%1 %2").arg(bf16 ? "bf16" : "fp32", isa))) << bf16 << isa;
}

void TestCpuDecoder::linearMatchesDoubleReference()
{
    QFETCH(bool, bf16);
    QFETCH(QString, isa);
    LW_USE_ISA_OR_SKIP(isa);
    auto g = torch::make_generator<at::CPUGeneratorImpl>(5);
    // Every tile shape and tail, on one thread; then matrices large enough to be split
    // across threads.
    std::vector<std::array<int64_t, 3>> shapes;
    for (int64_t rows : {1, 3, 5, 8, 13, 37})
        for (int64_t cols : {1, 15, 16, 17, 33, 64, 100})
            for (int64_t m : {1, 2, 3, 4, 5, 9})
                shapes.push_back({rows, cols, m});
    shapes.push_back({4099, 768, 1});
    shapes.push_back({1001, 300, 3});
    for (const auto& [rows, cols, m] : shapes) {
        auto w = torch::randn({rows, cols}, g);
        auto x = torch::randn({m, cols}, g);
        auto bias = torch::randn({rows}, g);
        auto y = torch::randn({m, rows}, g);
        auto stored = bf16 ? w.to(torch::kBFloat16) : w;
        kernels::WeightMatrix wm{stored.data_ptr(), bf16 ? kernels::WeightType::BF16 : kernels::WeightType::F32,
                                 rows, cols};
        // The bf16 kernels may round the inputs to bf16 too.
        auto wRef = stored.to(torch::kDouble);
        auto xRef = bf16 ? x.to(torch::kBFloat16).to(torch::kDouble) : x.to(torch::kDouble);
        auto expected = y.to(torch::kDouble) + xRef.matmul(wRef.t()) + bias.to(torch::kDouble);
        auto out = y.clone();
        kernels::linear(x.data_ptr<float>(), m, cols, wm, bias.data_ptr<float>(), out.data_ptr<float>(), rows,
                        true);
        const torch::Tensor difference = (out.to(torch::kDouble) - expected).abs();
        double error = 0;
        if (bf16) {
            error = difference.max().item<double>() / std::sqrt(double(cols)) / 2e-2;
        } else {
            // Float32 sums in any order: within sqrt(n) unit roundoffs of the sum of the
            // terms' magnitudes (Higham's probabilistic bound; the SIMD width sets the order,
            // so AVX2 and AVX-512 differ in the last bits). A wrong element is off by the
            // size of the terms, about 1 / (sqrt(n) u) times more than this allows.
            const torch::Tensor magnitude =
                xRef.abs().matmul(wRef.abs().t()) + y.to(torch::kDouble).abs() + bias.to(torch::kDouble).abs();
            const double unitRoundoff = std::ldexp(1.0, -24);
            error = (difference / (magnitude * std::sqrt(double(cols + 2)) * unitRoundoff)).max().item<double>();
        }
        QVERIFY2(error < 1, qPrintable(QString("%1x%2, m %3: %4 of the bound").arg(rows).arg(cols).arg(m).arg(error)));
    }
}

// Round to nearest even, NaN kept, as torch's float -> bfloat16: ties both ways, values
// that round up into the next binade or to infinity, subnormals, every tail length.
void TestCpuDecoder::bf16RoundingMatchesTorch()
{
    QFETCH(QString, isa);
    LW_USE_ISA_OR_SKIP(isa);
    auto g = torch::make_generator<at::CPUGeneratorImpl>(11);
    std::vector<float> special = {0.0f, -0.0f, 1.0f, 1.00390625f, 1.01171875f, 1.0078125f, 1.99999988f,
                                  3.3895314e38f, -3.4028235e38f, 1e-40f, -1e-45f, INFINITY, -INFINITY, NAN};
    for (int64_t n : {1, 7, 8, 9, 31, 257}) {
        auto x = torch::randn({n}, g) * 100;
        for (int64_t i = 0; i < n && i < int64_t(special.size()); ++i)
            x[i] = special[size_t(i)];
        std::vector<uint16_t> ours(size_t(n) + 1, 0xABCD);
        kernels::floatToBf16(x.data_ptr<float>(), ours.data(), n);
        auto expected = x.to(torch::kBFloat16);
        const uint16_t* want = reinterpret_cast<const uint16_t*>(expected.data_ptr());
        for (int64_t i = 0; i < n; ++i) {
            const bool nan = std::isnan(x[i].item<float>());
            // Any quiet NaN will do for a NaN; torch's keeps the sign and payload top bits.
            QVERIFY2(nan ? (ours[size_t(i)] & 0x7FC0) == 0x7FC0 : ours[size_t(i)] == want[i],
                     qPrintable(QString("n %1, element %2: %3, torch %4")
                                    .arg(n)
                                    .arg(i)
                                    .arg(ours[size_t(i)], 0, 16)
                                    .arg(want[i], 0, 16)));
        }
        QCOMPARE(ours[size_t(n)], uint16_t(0xABCD)); // nothing written past the end
    }
}

// An unknown name is an error; a set the CPU lacks falls to one it has, and the
// quantized kernels' names (LW_KERNEL_ISA sets both) map to the float ones.
void TestCpuDecoder::isaNamesFallBackToWhatTheCpuHas()
{
    QVERIFY_THROWS_EXCEPTION(lw::Error, kernels::setFloatKernelIsa("avx1024"));
    QCOMPARE(QString::fromStdString(kernels::setFloatKernelIsa("generic")), QString("generic"));
    QCOMPARE(QString::fromStdString(kernels::kernelName()), QString("generic"));
    const QString best = QString::fromStdString(kernels::setFloatKernelIsa("best"));
    QVERIFY(QStringList({"generic", "avx2", "avx512", "avx512-bf16"}).contains(best));
    QCOMPARE(QString::fromStdString(kernels::setFloatKernelIsa("avx512-zmm")), best);
    const QString avx2 = QString::fromStdString(kernels::setFloatKernelIsa("avx2-vnni"));
    QVERIFY(avx2 == "avx2" || avx2 == "generic");
    QCOMPARE(QString::fromStdString(kernels::setFloatKernelIsa("avx2")), avx2);
}

void TestCpuDecoder::logitsMatchModelForward_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("promptLength");
    for (const char* family : {"gpt2", "llama", "gpt2, 3 heads of 16", "llama, 4 heads of 24"})
        for (int length : {1, 20, 90}) // 90: the blocked attention kernel for the prompt
            QTest::newRow(qPrintable(QString("%1, prompt %2").arg(family).arg(length))) << family << length;
}

void TestCpuDecoder::logitsMatchModelForward()
{
    QFETCH(QString, family);
    QFETCH(int, promptLength);
    Transformer model(tinyConfig(family));
    model->initializeWeights(3);
    model->eval();
    const int64_t vocab = model->config().vocab_size;
    auto weights = std::make_shared<CpuDecoderWeights>(model, kernels::WeightType::F32);
    CpuModelRunner runner(weights, 1, 0);
    auto tokens = randomTokens(promptLength + 12, vocab, 9);
    std::vector<int32_t> fed(tokens.begin(), tokens.begin() + promptLength);
    std::vector<float> logits(static_cast<size_t>(vocab));
    runner.forward({{0, fed}}, logits.data());
    for (size_t next = size_t(promptLength);; ++next) {
        auto expected = modelLastLogits(model, fed);
        const double error = (rowOf(logits, 0, vocab) - expected).abs().max().item<double>();
        QVERIFY2(error < 2e-5, qPrintable(QString("after %1 tokens: %2").arg(fed.size()).arg(error)));
        if (next == tokens.size())
            break;
        fed.push_back(tokens[next]);
        runner.forward({{0, {tokens[next]}}}, logits.data());
    }
    QCOMPARE(runner.length(0), int64_t(tokens.size()));
}

void TestCpuDecoder::bf16WeightsStayCloseToFloat()
{
    QFETCH(QString, family);
    Transformer model(tinyConfig(family));
    model->initializeWeights(4);
    model->eval();
    const int64_t vocab = model->config().vocab_size;
    CpuModelRunner runner(std::make_shared<CpuDecoderWeights>(model, kernels::WeightType::BF16), 1, 0);
    auto tokens = randomTokens(30, vocab, 2);
    std::vector<float> logits(static_cast<size_t>(vocab));
    runner.forward({{0, tokens}}, logits.data());
    auto expected = modelLastLogits(model, tokens);
    auto got = rowOf(logits, 0, vocab);
    // bf16 keeps 8 bits of mantissa: logits agree to a few parts in a thousand of their
    // spread, and the distributions almost exactly.
    const double spread = expected.abs().max().item<double>();
    QVERIFY((got - expected).abs().max().item<double>() < 0.02 * spread);
    auto p = torch::softmax(expected, 0), q = torch::softmax(got, 0);
    QVERIFY((p - q).abs().sum().item<double>() < 0.01);
    QVERIFY(runner.description().find("bf16") != std::string::npos);
    // It names the instruction set the kernels use on this CPU.
    QVERIFY(runner.description().find(", " + kernels::kernelName() + " kernels") != std::string::npos);
}

void TestCpuDecoder::slotsAtDifferentPositionsShareOneStep()
{
    Transformer model(tinyConfig("llama"));
    model->initializeWeights(6);
    model->eval();
    const int64_t vocab = model->config().vocab_size;
    auto weights = std::make_shared<CpuDecoderWeights>(model, kernels::WeightType::F32);
    CpuModelRunner together(weights, 3, 0);
    const std::vector<std::vector<int32_t>> prompts = {randomTokens(5, vocab, 1), randomTokens(17, vocab, 2),
                                                       randomTokens(1, vocab, 3)};
    std::vector<float> logits(static_cast<size_t>(3 * vocab));
    // Slot order in a step need not follow slot numbers.
    together.forward({{2, prompts[2]}, {0, prompts[0]}, {1, prompts[1]}}, logits.data());
    const std::vector<int64_t> slotOfRow = {2, 0, 1};
    for (int64_t row = 0; row < 3; ++row) {
        auto expected = modelLastLogits(model, prompts[size_t(slotOfRow[size_t(row)])]);
        QVERIFY((rowOf(logits, row, vocab) - expected).abs().max().item<double>() < 2e-5);
    }
    together.forward({{0, {7}}, {1, {8}}, {2, {9}}}, logits.data());
    for (int64_t slot = 0; slot < 3; ++slot) {
        auto tokens = prompts[size_t(slot)];
        tokens.push_back(int32_t(7 + slot));
        QVERIFY((rowOf(logits, slot, vocab) - modelLastLogits(model, tokens)).abs().max().item<double>() < 2e-5);
    }
}

void TestCpuDecoder::copiedAndTruncatedSlotsContinueAlike()
{
    Transformer model(tinyConfig("gpt2"));
    model->initializeWeights(8);
    model->eval();
    const int64_t vocab = model->config().vocab_size;
    CpuModelRunner runner(std::make_shared<CpuDecoderWeights>(model, kernels::WeightType::F32), 2, 0);
    std::vector<float> a(static_cast<size_t>(vocab)), b(static_cast<size_t>(vocab));
    runner.forward({{0, randomTokens(12, vocab, 4)}}, a.data());
    runner.copySlot(0, 1);
    QCOMPARE(runner.length(1), int64_t(12));
    runner.forward({{0, {5}}}, a.data());
    runner.forward({{1, {5}}}, b.data());
    QCOMPARE(a, b);
    runner.truncate(0, 12);
    runner.forward({{0, {5}}}, b.data());
    QCOMPARE(a, b);
}

void TestCpuDecoder::passingTheCapacityIsAnError()
{
    Transformer model(tinyConfig("gpt2"));
    CpuModelRunner runner(std::make_shared<CpuDecoderWeights>(model, kernels::WeightType::F32), 1, 8);
    std::vector<float> logits(static_cast<size_t>(model->config().vocab_size));
    runner.forward({{0, std::vector<int32_t>(8, 1)}}, logits.data());
    QVERIFY_EXCEPTION_THROWN(runner.forward({{0, {1}}}, logits.data()), lw::Error);
}

LW_TEST_GUILESS_MAIN(TestCpuDecoder)
#include "test_cpu_decoder.moc"

// Sliding-window perplexity against a direct computation: each scored token's
// log-probability from its own full forward pass over exactly the context its window
// gives it (window j = the first whose inputs reach the token's predecessor, found here
// by arithmetic, not by perplexityWindows), then summed and exponentiated in the test.
#include "core/eval/perplexity.h"
#include "core/util/error.h"
#include "eval_test_support.h"
#include "test_registry.h"

#include <QtTest>
#include <cmath>

using namespace lw;

class TestPerplexity : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowsScoreEveryTokenOnce_data();
    void windowsScoreEveryTokenOnce();
    void perplexityEqualsPerTokenPasses_data();
    void perplexityEqualsPerTokenPasses();
    void shortTextIsOneWindow();
    void bitsPerByteFromTheNll();
    void badSettingsAreRefused();
    void cancelStopsTheJob();
};

namespace {

std::vector<int32_t> perplexityTestTokens(int64_t count, int32_t vocab)
{
    std::vector<int32_t> tokens;
    for (int64_t i = 0; i < count; ++i)
        tokens.push_back(int32_t((i * 17 + i * i * 3 + 5) % vocab));
    return tokens;
}

// log p(tokens[t] | tokens[from, t)) through a plain forward and log-softmax in float64.
double directLogProb(model::Transformer& m, const std::vector<int32_t>& tokens, int64_t from, int64_t t)
{
    torch::NoGradGuard noGrad;
    const std::vector<int64_t> input(tokens.begin() + from, tokens.begin() + t);
    const auto logits = m->forward(torch::tensor(input).unsqueeze(0)).squeeze(0).to(torch::kFloat64);
    return logits[int64_t(input.size()) - 1].log_softmax(0)[tokens[size_t(t)]].item<double>();
}

// The first input of the window that scores token t: window j reads [jS, jS + N), so its
// last target is jS + N; the first j with jS + N >= t.
int64_t scoringWindowBegin(int64_t t, int64_t context, int64_t stride)
{
    if (t <= context)
        return 0;
    return ((t - context + stride - 1) / stride) * stride;
}

} // namespace

void TestPerplexity::windowsScoreEveryTokenOnce_data()
{
    QTest::addColumn<int>("tokens");
    QTest::addColumn<int>("context");
    QTest::addColumn<int>("stride");
    QTest::newRow("half") << 61 << 24 << 12;
    QTest::newRow("stride = context") << 61 << 24 << 24;
    QTest::newRow("stride 1") << 40 << 8 << 1;
    QTest::newRow("uneven") << 50 << 10 << 7;
    QTest::newRow("two tokens") << 2 << 24 << 12;
}

void TestPerplexity::windowsScoreEveryTokenOnce()
{
    QFETCH(int, tokens);
    QFETCH(int, context);
    QFETCH(int, stride);
    const auto windows = eval::perplexityWindows(tokens, context, stride);
    std::vector<int> timesScored(size_t(tokens), 0);
    for (size_t j = 0; j < windows.size(); ++j) {
        const auto& w = windows[j];
        QCOMPARE(w.begin, int64_t(j) * stride);
        QVERIFY(w.end - w.begin <= context);
        QVERIFY(w.firstTarget > w.begin); // every target has at least one input before it
        for (int64_t t = w.firstTarget; t <= w.end; ++t) {
            ++timesScored[size_t(t)];
            QCOMPARE(w.begin, scoringWindowBegin(t, context, stride));
        }
    }
    QCOMPARE(timesScored[0], 0);
    for (int t = 1; t < tokens; ++t)
        QCOMPARE(timesScored[size_t(t)], 1);
    QCOMPARE(windows.back().end, int64_t(tokens - 1));
}

void TestPerplexity::perplexityEqualsPerTokenPasses_data()
{
    QTest::addColumn<int>("family");
    QTest::addColumn<int>("context");
    QTest::addColumn<int>("stride");
    QTest::newRow("gpt2 24/12") << int(model::Family::Gpt2) << 24 << 12;
    QTest::newRow("gpt2 24/24") << int(model::Family::Gpt2) << 24 << 24;
    QTest::newRow("gpt2 6/1") << int(model::Family::Gpt2) << 6 << 1;
    QTest::newRow("llama 24/12") << int(model::Family::Llama) << 24 << 12;
    QTest::newRow("llama 10/7") << int(model::Family::Llama) << 10 << 7;
    QTest::newRow("llama 3/1") << int(model::Family::Llama) << 3 << 1;
}

void TestPerplexity::perplexityEqualsPerTokenPasses()
{
    QFETCH(int, family);
    QFETCH(int, context);
    QFETCH(int, stride);
    auto m = test::evalTinyModel(model::Family(family), 11);
    const auto tokens = perplexityTestTokens(61, 50);
    const auto r = eval::computePerplexity(m, tokens, 200, {context, stride});
    QCOMPARE(r.context, int64_t(context));
    QCOMPARE(r.stride, int64_t(stride));
    QCOMPARE(r.tokens, int64_t(60));

    double nll = 0;
    std::map<int64_t, double> nllByWindow;
    for (int64_t t = 1; t < 61; ++t) {
        const int64_t begin = scoringWindowBegin(t, context, stride);
        const double lp = directLogProb(m, tokens, begin, t);
        nll -= lp;
        nllByWindow[begin] -= lp;
    }
    QVERIFY2(std::abs(r.nll - nll) < 1e-4 * nll, qPrintable(QString("%1 vs %2").arg(r.nll).arg(nll)));
    QVERIFY(std::abs(r.perplexity - std::exp(nll / 60)) < 1e-4 * r.perplexity);
    QCOMPARE(r.windows.size(), nllByWindow.size());
    int64_t scored = 0;
    for (const auto& w : r.windows) {
        QVERIFY(nllByWindow.count(w.begin));
        QVERIFY(std::abs(w.nll - nllByWindow[w.begin]) < 1e-4 * std::max(1.0, w.nll));
        scored += w.scored;
    }
    QCOMPARE(scored, int64_t(60));
}

void TestPerplexity::shortTextIsOneWindow()
{
    auto m = test::evalTinyModel(model::Family::Gpt2, 5);
    const auto tokens = perplexityTestTokens(9, 50);
    const auto r = eval::computePerplexity(m, tokens, 30, {});
    QCOMPARE(r.context, int64_t(24)); // the model's context by default
    QCOMPARE(r.stride, int64_t(12));  // half of it
    QCOMPARE(r.windows.size(), size_t(1));
    QCOMPARE(r.windows[0].scored, int64_t(8));
    double nll = 0;
    for (int64_t t = 1; t < 9; ++t)
        nll -= directLogProb(m, tokens, 0, t);
    QVERIFY(std::abs(r.nll - nll) < 1e-4 * nll);
}

void TestPerplexity::bitsPerByteFromTheNll()
{
    auto m = test::evalTinyModel(model::Family::Llama, 2);
    const auto tokens = perplexityTestTokens(30, 50);
    const auto r = eval::computePerplexity(m, tokens, 123, {});
    // bits per byte = nats / ln 2 / bytes: 123 bytes of text.
    QVERIFY(std::abs(r.bitsPerByte - r.nll / 0.6931471805599453 / 123.0) < 1e-12);
    QCOMPARE(r.bytes, int64_t(123));
}

void TestPerplexity::badSettingsAreRefused()
{
    auto m = test::evalTinyModel(model::Family::Gpt2, 5);
    const auto tokens = perplexityTestTokens(30, 50);
    QVERIFY_THROWS_EXCEPTION(lw::Error, eval::computePerplexity(m, tokens, 30, {25, 0})); // N > model context
    QVERIFY_THROWS_EXCEPTION(lw::Error, eval::computePerplexity(m, tokens, 30, {8, 9}));  // S > N
    QVERIFY_THROWS_EXCEPTION(lw::Error, eval::computePerplexity(m, tokens, 30, {-1, 0}));
    QVERIFY_THROWS_EXCEPTION(lw::Error, eval::computePerplexity(m, {7}, 1, {}));           // one token
}

void TestPerplexity::cancelStopsTheJob()
{
    auto m = test::evalTinyModel(model::Family::Gpt2, 5);
    const auto tokens = perplexityTestTokens(61, 50);
    std::vector<double> fractions;
    eval::computePerplexity(m, tokens, 61, {8, 4}, [&](double f) {
        fractions.push_back(f);
        return true;
    });
    QVERIFY(!fractions.empty());
    QCOMPARE(fractions.back(), 1.0);
    int calls = 0;
    try {
        eval::computePerplexity(m, tokens, 61, {8, 4}, [&](double) {
            ++calls;
            return false;
        });
        QFAIL("expected a cancel");
    } catch (const lw::Error& e) {
        QCOMPARE(QString(e.what()), QString("cancelled"));
    }
    QCOMPARE(calls, 1);
}

LW_TEST_GUILESS_MAIN(TestPerplexity)
#include "test_perplexity.moc"

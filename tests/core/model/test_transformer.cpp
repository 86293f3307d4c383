// The transformer as a whole, both families: causality, gradients against finite
// differences, the KV cache, and GPT-2's initialisation statistics.
#include "core/model/kv_cache.h"
#include "core/model/transformer.h"
#include "test_registry.h"

#include <QtTest>

using lw::model::ModelConfig;
using lw::model::Transformer;

namespace {

ModelConfig tinyConfig(const QString& family)
{
    ModelConfig c = lw::model::presetConfig(family == "llama" ? "llama-tiny" : "tiny");
    c.vocab_size = 37;
    c.context_length = 80;
    c.d_model = 32;
    c.n_head = 4;
    return c;
}

void addFamilies()
{
    QTest::addColumn<QString>("family");
    QTest::newRow("gpt2") << "gpt2";
    QTest::newRow("llama") << "llama";
}

} // namespace

class TestTransformer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void changingTokenNeverChangesEarlierLogits_data() { addFamilies(); }
    void changingTokenNeverChangesEarlierLogits();
    void gradientsMatchFiniteDifferences_data() { addFamilies(); }
    void gradientsMatchFiniteDifferences();
    void fusedFloatGradientsMatchDoubleReference_data() { addFamilies(); }
    void fusedFloatGradientsMatchDoubleReference();
    void kvCacheDecodingMatchesFullForward_data() { addFamilies(); }
    void kvCacheDecodingMatchesFullForward();
    void initialLossIsNearLogVocab();
    void initialisationFollowsGpt2();
    void initialisationIsSeeded();
};

void TestTransformer::changingTokenNeverChangesEarlierLogits()
{
    QFETCH(QString, family);
    Transformer model(tinyConfig(family));
    model->initializeWeights(1);
    model->eval();
    torch::NoGradGuard noGrad;
    auto idx = torch::randint(37, {2, 80}, torch::kLong);
    auto before = model->forward(idx);
    for (int t : {0, 17, 64, 79}) {
        auto changed = idx.clone();
        changed.index_put_({torch::indexing::Slice(), t}, (idx.index({torch::indexing::Slice(), t}) + 5) % 37);
        auto after = model->forward(changed);
        if (t > 0)
            QCOMPARE((before.narrow(1, 0, t) - after.narrow(1, 0, t)).abs().max().item<double>(), 0.0);
        QVERIFY((before.narrow(1, t, 1) - after.narrow(1, t, 1)).abs().max().item<double>() > 1e-4);
    }
}

void TestTransformer::gradientsMatchFiniteDifferences()
{
    // In double precision (the reference kernels), central differences on a sample of
    // entries of every parameter.
    QFETCH(QString, family);
    ModelConfig c = tinyConfig(family);
    c.context_length = 12;
    Transformer model(c);
    model->initializeWeights(2);
    model->to(torch::kDouble);
    auto idx = torch::randint(37, {2, 12}, torch::kLong);
    auto targets = torch::randint(37, {2, 12}, torch::kLong);
    model->zero_grad();
    model->loss(idx, targets).backward();
    const double eps = 1e-6;
    torch::NoGradGuard noGrad;
    int checked = 0;
    for (auto& item : model->named_parameters()) {
        auto p = item.value();
        auto flat = p.view({-1});
        auto grad = p.grad().view({-1});
        for (int64_t k = 0; k < 3; ++k) {
            int64_t i = (k * 7919 + 13) % flat.numel();
            double saved = flat[i].item<double>();
            flat[i] = saved + eps;
            double up = model->loss(idx, targets).item<double>();
            flat[i] = saved - eps;
            double down = model->loss(idx, targets).item<double>();
            flat[i] = saved;
            double numeric = (up - down) / (2 * eps);
            double analytic = grad[i].item<double>();
            QVERIFY2(std::abs(numeric - analytic) < 1e-6 + 1e-4 * std::abs(numeric),
                     qPrintable(QString("%1[%2]: numeric %3 analytic %4")
                                    .arg(QString::fromStdString(item.key()))
                                    .arg(i)
                                    .arg(numeric)
                                    .arg(analytic)));
            ++checked;
        }
    }
    QVERIFY(checked > 20);
}

void TestTransformer::fusedFloatGradientsMatchDoubleReference()
{
    // The float32 path runs the fused kernels; the same weights in double run the
    // reference ones (already checked against finite differences above).
    QFETCH(QString, family);
    ModelConfig c = tinyConfig(family);
    Transformer fused(c), reference(c);
    fused->initializeWeights(3);
    reference->initializeWeights(3);
    reference->to(torch::kDouble);
    auto idx = torch::randint(37, {3, 80}, torch::kLong);
    auto targets = torch::randint(37, {3, 80}, torch::kLong);
    auto lf = fused->loss(idx, targets);
    lf.backward();
    auto lr = reference->loss(idx, targets);
    lr.backward();
    QVERIFY(std::abs(lf.item<double>() - lr.item<double>()) < 1e-5);
    auto fp = fused->named_parameters(), rp = reference->named_parameters();
    for (auto& item : fp) {
        auto diff = (item.value().grad().to(torch::kDouble) - rp[item.key()].grad()).abs().max().item<double>();
        QVERIFY2(diff < 1e-5, qPrintable(QString::fromStdString(item.key()) + QString(" differs by %1").arg(diff)));
    }
}

void TestTransformer::kvCacheDecodingMatchesFullForward()
{
    QFETCH(QString, family);
    ModelConfig c = tinyConfig(family);
    Transformer model(c);
    model->initializeWeights(4);
    model->eval();
    torch::NoGradGuard noGrad;
    auto idx = torch::randint(37, {2, 30}, torch::kLong);
    auto full = model->forward(idx);
    lw::model::KvCache cache(c, 2, c.context_length, torch::TensorOptions().dtype(torch::kFloat));
    auto prefill = model->forward(idx.narrow(1, 0, 20), &cache);
    QVERIFY((prefill - full.narrow(1, 0, 20)).abs().max().item<double>() < 1e-5);
    for (int t = 20; t < 30; ++t) {
        auto step = model->forward(idx.narrow(1, t, 1), &cache);
        QVERIFY((step - full.narrow(1, t, 1)).abs().max().item<double>() < 1e-5);
    }
    QCOMPARE(cache.length(), int64_t(30));
}

void TestTransformer::initialLossIsNearLogVocab()
{
    ModelConfig c = lw::model::presetConfig("tiny");
    Transformer model(c);
    model->initializeWeights(5);
    torch::NoGradGuard noGrad;
    auto idx = torch::randint(c.vocab_size, {4, 64}, torch::kLong);
    double loss = model->loss(idx, torch::randint(c.vocab_size, {4, 64}, torch::kLong)).item<double>();
    QVERIFY2(std::abs(loss - std::log(double(c.vocab_size))) < 0.1, qPrintable(QString::number(loss)));
}

void TestTransformer::initialisationFollowsGpt2()
{
    ModelConfig c = lw::model::presetConfig("small");
    Transformer model(c);
    model->initializeWeights(6);
    auto params = model->named_parameters();
    QVERIFY(std::abs(params["wte.weight"].std().item<double>() - 0.02) < 5e-4);
    const double residual = 0.02 / std::sqrt(2.0 * 6);
    QVERIFY(std::abs(params["h.3.mlp.c_proj.weight"].std().item<double>() - residual) < 2e-4);
    QCOMPARE(params["h.0.ln_1.weight"].min().item<double>(), 1.0);
    QCOMPARE(params["h.0.attn.c_attn.bias"].abs().max().item<double>(), 0.0);
}

void TestTransformer::initialisationIsSeeded()
{
    ModelConfig c = tinyConfig("gpt2");
    Transformer a(c), b(c), other(c);
    a->initializeWeights(9);
    b->initializeWeights(9);
    other->initializeWeights(10);
    auto pa = a->named_parameters(), pb = b->named_parameters(), po = other->named_parameters();
    QVERIFY(torch::equal(pa["h.1.attn.c_attn.weight"], pb["h.1.attn.c_attn.weight"]));
    QVERIFY(!torch::equal(pa["h.1.attn.c_attn.weight"], po["h.1.attn.c_attn.weight"]));
}

LW_TEST_GUILESS_MAIN(TestTransformer)
#include "test_transformer.moc"

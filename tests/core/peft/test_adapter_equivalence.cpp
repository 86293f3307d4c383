// Adapted models against plain ones: fresh adapters (B = 0) leave the logits as they
// were; trained adapters (random B, DoRA magnitudes away from the norms) give the
// logits of the model whose weights were replaced by the merged ones; the merged
// weight is the one PEFT's formulas give; parameter counts agree with the sets made.
#include "core/peft/adapter_set.h"
#include "peft_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using peft::AdapterMethod;

Q_DECLARE_METATYPE(lw::model::ModelConfig)
Q_DECLARE_METATYPE(lw::peft::AdapterMethod)
Q_DECLARE_METATYPE(std::vector<std::string>)

class TestAdapterEquivalence : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void freshAdaptersKeepLogits_data();
    void freshAdaptersKeepLogits();
    void adaptedEqualsMerged_data();
    void adaptedEqualsMerged();
    void mergedWeightFollowsPeft();
    void parameterCountWithoutModel();
};

void TestAdapterEquivalence::freshAdaptersKeepLogits_data()
{
    QTest::addColumn<model::ModelConfig>("config");
    QTest::addColumn<AdapterMethod>("method");
    QTest::newRow("gpt2 lora") << test::tinyGpt2() << AdapterMethod::Lora;
    QTest::newRow("gpt2 dora") << test::tinyGpt2() << AdapterMethod::Dora;
    QTest::newRow("llama lora") << test::tinyLlama() << AdapterMethod::Lora;
    QTest::newRow("llama dora") << test::tinyLlama() << AdapterMethod::Dora;
}

void TestAdapterEquivalence::freshAdaptersKeepLogits()
{
    QFETCH(model::ModelConfig, config);
    QFETCH(AdapterMethod, method);
    auto model = test::tinyModel(config, 3);
    const auto& arch = hf::architectureForExport(config);
    const torch::Tensor ids = test::sampleIds(config);
    torch::NoGradGuard noGrad;
    const torch::Tensor before = model->forward(ids);

    // Every module of the family, the head included.
    auto set = peft::AdapterSet::create(*model, arch, test::adapterSettings(method, peft::targetChoices(arch)), 11);
    set->attach(*model);
    QCOMPARE(int64_t(set->adapters().size()), config.n_layer * (config.family == model::Family::Gpt2 ? 4 : 5) + 1);
    const torch::Tensor after = model->forward(ids);
    // B = 0 adds exact zeros and DoRA's m / ||W|| is exactly 1, so Llama's logits are
    // bit for bit the same. GPT-2's adapted MLP takes the unfused GELU path instead of
    // the fused bias-GELU kernel, which rounds differently (1.5e-8 measured).
    const double diff = test::maxAbsDiff(before, after);
    if (config.family == model::Family::Llama)
        QVERIFY2(torch::equal(before, after), qPrintable(QString::number(diff)));
    else
        QVERIFY2(diff < 1e-6, qPrintable(QString::number(diff)));
    // A fresh A is not zero (kaiming-uniform), so the update is B that is zero.
    for (auto& [name, t] : set->namedParameters())
        if (name.find("lora_A") != std::string::npos)
            QVERIFY(t.abs().max().item<float>() > 0);
}

void TestAdapterEquivalence::adaptedEqualsMerged_data()
{
    QTest::addColumn<model::ModelConfig>("config");
    QTest::addColumn<AdapterMethod>("method");
    QTest::addColumn<std::vector<std::string>>("targets");
    const std::vector<std::string> qv = {"q_proj", "v_proj"};
    const std::vector<std::string> llamaAll = {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
                                               "up_proj", "down_proj", "lm_head"};
    for (AdapterMethod m : {AdapterMethod::Lora, AdapterMethod::Dora}) {
        const char* name = m == AdapterMethod::Lora ? "lora" : "dora";
        QTest::addRow("gpt2 %s c_attn", name) << test::tinyGpt2() << m << std::vector<std::string>{"c_attn"};
        QTest::addRow("gpt2 %s c_proj c_fc", name) << test::tinyGpt2() << m << std::vector<std::string>{"c_proj", "c_fc"};
        QTest::addRow("gpt2 %s all-linear", name) << test::tinyGpt2() << m << std::vector<std::string>{"all-linear"};
        QTest::addRow("llama %s q v", name) << test::tinyLlama() << m << qv;
        QTest::addRow("llama %s all and head", name) << test::tinyLlama() << m << llamaAll;
    }
}

void TestAdapterEquivalence::adaptedEqualsMerged()
{
    QFETCH(model::ModelConfig, config);
    QFETCH(AdapterMethod, method);
    QFETCH(std::vector<std::string>, targets);
    auto adapted = test::tinyModel(config, 5);
    auto merged = test::tinyModel(config, 5);
    const auto& arch = hf::architectureForExport(config);
    auto set = peft::AdapterSet::create(*adapted, arch, test::adapterSettings(method, targets), 13);
    test::randomizeAdapters(*set, 17);
    set->attach(*adapted);
    const torch::Tensor ids = test::sampleIds(config);
    torch::NoGradGuard noGrad;
    const torch::Tensor base = merged->forward(ids);
    const torch::Tensor viaAdapters = adapted->forward(ids);

    const auto sitesBefore = model::linearSites(*merged);
    std::vector<torch::Tensor> weightsBefore;
    for (const auto& site : sitesBefore)
        weightsBefore.push_back(site.weight.clone());
    set->mergeInto(*merged);
    const torch::Tensor viaMerged = merged->forward(ids);

    QVERIFY2(test::maxAbsDiff(base, viaAdapters) > 1e-3, "the adapters changed nothing: the test would prove nothing");
    const double diff = test::maxAbsDiff(viaAdapters, viaMerged);
    QVERIFY2(diff < 1e-5, qPrintable(QString("max |adapted - merged| = %1").arg(diff)));

    // Rows of untargeted modules keep their weights exactly: k of a q/v adapter, and
    // every untargeted map.
    const auto sitesAfter = model::linearSites(*merged);
    for (size_t i = 0; i < sitesAfter.size(); ++i) {
        const bool qkv = sitesAfter[i].role == model::LinearRole::Qkv;
        if (qkv && targets == std::vector<std::string>{"q_proj", "v_proj"}) {
            const int64_t q = config.d_model, kv = config.kvHeads() * config.headDim();
            QVERIFY(torch::equal(sitesAfter[i].weight.narrow(0, q, kv), weightsBefore[i].narrow(0, q, kv)));
            QVERIFY(!torch::equal(sitesAfter[i].weight.narrow(0, 0, q), weightsBefore[i].narrow(0, 0, q)));
            QVERIFY(!torch::equal(sitesAfter[i].weight.narrow(0, q + kv, kv), weightsBefore[i].narrow(0, q + kv, kv)));
        }
        if (targets == std::vector<std::string>{"c_attn"} && !qkv)
            QVERIFY(torch::equal(sitesAfter[i].weight, weightsBefore[i]));
    }
}

// The merged weight of a fused q/k/v with q and v adapted, computed here row block by
// row block in float64 from PEFT's formulas.
void TestAdapterEquivalence::mergedWeightFollowsPeft()
{
    const model::ModelConfig config = test::tinyLlama(1);
    for (AdapterMethod method : {AdapterMethod::Lora, AdapterMethod::Dora}) {
        auto m = test::tinyModel(config, 9);
        auto settings = test::adapterSettings(method, {"v_proj", "q_proj"});
        settings.rslora = true; // scale alpha / sqrt(r) = 8 / 2 = 4
        QCOMPARE(settings.scale(), 4.0);
        auto set = peft::AdapterSet::create(*m, hf::architectureForExport(config), settings, 21);
        test::randomizeAdapters(*set, 23);
        const auto& adapter = set->adapters().front();
        QCOMPARE(adapter->layout().site, std::string("layers.0.attention.wqkv"));
        const torch::Tensor w = m->layers[0]->as<model::Block>()->attention->qkv->weight.detach().to(torch::kDouble);
        torch::Tensor expected = w.clone();
        for (const peft::LowRankPart& part : adapter->parts()) {
            torch::Tensor rows = w.narrow(0, part.where.rowOffset, part.where.rows);
            torch::Tensor updated = rows + 4.0 * part.b.detach().to(torch::kDouble).mm(part.a.detach().to(torch::kDouble));
            if (method == AdapterMethod::Dora) {
                torch::Tensor norms = updated.pow(2).sum(1).sqrt();
                updated = updated * (part.magnitude.detach().to(torch::kDouble) / norms).unsqueeze(1);
            }
            expected.narrow(0, part.where.rowOffset, part.where.rows).copy_(updated);
        }
        QCOMPARE(int(adapter->parts().size()), 2);
        QCOMPARE(adapter->parts()[0].where.module, std::string("model.layers.0.self_attn.q_proj"));
        QCOMPARE(adapter->parts()[1].where.rowOffset, int64_t(16 + 8)); // after q (16 rows) and k (2 heads of 4)
        const double diff = test::maxAbsDiff(adapter->mergedWeight(w.to(torch::kFloat)), expected);
        QVERIFY2(diff < 1e-5, qPrintable(QString::number(diff)));
    }
}

void TestAdapterEquivalence::parameterCountWithoutModel()
{
    // By hand: GPT-2, d = 16, 2 layers, r = 4, c_attn (48 x 16): A 4*16 + B 48*4 = 256
    // per layer, 512 in all; DoRA adds 48 magnitudes per layer: 608. Llama q/v: A 64 +
    // B 16*4 for q, A 64 + B 8*4 for v = 224 per layer, 448 in all.
    struct Case {
        model::ModelConfig config;
        peft::AdapterSettings settings;
        int64_t byHand;
    };
    std::vector<Case> cases = {
        {test::tinyGpt2(), test::adapterSettings(AdapterMethod::Lora, {"c_attn"}), 512},
        {test::tinyGpt2(), test::adapterSettings(AdapterMethod::Dora, {"c_attn"}), 608},
        {test::tinyLlama(), test::adapterSettings(AdapterMethod::Lora, {"q_proj", "v_proj"}), 448},
        {test::tinyGpt2(), test::adapterSettings(AdapterMethod::Dora, {"all-linear"}), -1},
        {test::tinyLlama(), test::adapterSettings(AdapterMethod::Dora, {"gate_proj", "lm_head", "k_proj"}), -1},
    };
    cases[3].settings.rank = 3;
    for (const Case& c : cases) {
        const auto& arch = hf::architectureForExport(c.config);
        auto m = test::tinyModel(c.config, 1);
        const int64_t counted = peft::adapterParameterCount(c.config, arch, c.settings);
        QCOMPARE(counted, peft::AdapterSet::create(*m, arch, c.settings, 1)->parameterCount());
        if (c.byHand >= 0)
            QCOMPARE(counted, c.byHand);
    }
}

LW_TEST_GUILESS_MAIN(TestAdapterEquivalence)
#include "test_adapter_equivalence.moc"

// Another base under the adapters (as QLoRA's 4-bit weight will be): forward and the
// merged weight of the adapter use it, while mergeInto writes into the model's own
// dense weights. And a tied head cannot be merged without changing the embedding.
#include "core/peft/adapter_set.h"
#include "core/util/error.h"
#include "peft_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using peft::AdapterMethod;

class TestFrozenBase : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void adapterUsesTheBase();
    void tiedHeadIsNotMerged();
};

namespace {

// A base that holds its weight rounded to bfloat16, a stand-in for a quantised one.
class RoundedBase : public peft::FrozenBase {
public:
    explicit RoundedBase(const torch::Tensor& weight) : m_weight(weight.detach().to(torch::kBFloat16).to(torch::kFloat)) { }
    torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& bias) const override
    {
        return torch::nn::functional::linear(x, m_weight, bias);
    }
    torch::Tensor dense() const override { return m_weight; }

private:
    torch::Tensor m_weight;
};

} // namespace

void TestFrozenBase::adapterUsesTheBase()
{
    const model::ModelConfig config = test::tinyLlama(1);
    for (AdapterMethod method : {AdapterMethod::Lora, AdapterMethod::Dora}) {
        auto m = test::tinyModel(config, 3);
        auto set = peft::AdapterSet::create(*m, hf::architectureForExport(config),
                                            test::adapterSettings(method, {"o_proj"}), 4);
        test::randomizeAdapters(*set, 5);
        auto& adapter = *set->adapters().front();
        const torch::Tensor w = m->layers[0]->as<model::Block>()->attention->proj->weight.detach();
        auto base = std::make_shared<RoundedBase>(w);
        QVERIFY(!torch::equal(base->dense(), w));
        const torch::Tensor mergedDense = adapter.mergedWeight(w);
        set->setBase("layers.0.attention.wo", base);

        torch::NoGradGuard noGrad;
        // Through the base: the merged weight is that of the rounded weight, and forward
        // equals a plain product with it.
        const torch::Tensor mergedRounded = adapter.mergedWeight(w);
        QVERIFY(test::maxAbsDiff(mergedRounded, adapter.mergeWith(base->dense())) == 0);
        QVERIFY(test::maxAbsDiff(mergedRounded, mergedDense) > 1e-5);
        auto g = at::make_generator<at::CPUGeneratorImpl>(6);
        const torch::Tensor x = torch::empty({2, 3, config.d_model}).normal_(0, 1, g);
        QVERIFY(test::maxAbsDiff(adapter.forward(x, torch::Tensor(), torch::Tensor()),
                                 torch::nn::functional::linear(x, mergedRounded)) < 1e-5);

        // mergeInto writes the update on top of the model's dense weight, not the rounded one.
        set->mergeInto(*m);
        QVERIFY(test::maxAbsDiff(m->layers[0]->as<model::Block>()->attention->proj->weight, mergedDense) == 0);
    }
    QVERIFY_EXCEPTION_THROWN(
        [] {
            auto m = test::tinyModel(test::tinyGpt2(1), 1);
            peft::AdapterSet::create(*m, hf::architectureForExport(test::tinyGpt2(1)),
                                     test::adapterSettings(AdapterMethod::Lora, {"c_fc"}), 1)
                ->setBase("h.0.attn.c_attn", nullptr);
        }(),
        Error);
}

void TestFrozenBase::tiedHeadIsNotMerged()
{
    auto m = test::tinyModel(test::tinyGpt2(1), 1);
    auto set = peft::AdapterSet::create(*m, hf::architectureForExport(test::tinyGpt2(1)),
                                        test::adapterSettings(AdapterMethod::Lora, {"lm_head"}), 1);
    const torch::Tensor embedding = m->tokenEmbedding->weight.detach().clone();
    try {
        set->mergeInto(*m);
        QFAIL("merged into a tied head");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).contains("lm_head"), e.what());
    }
    QVERIFY(torch::equal(m->tokenEmbedding->weight, embedding));
}

LW_TEST_GUILESS_MAIN(TestFrozenBase)
#include "test_frozen_base.moc"

// Training through adapters: only adapter tensors receive gradients, and DoRA's weight
// norm is a constant to backward (PEFT detaches it, after section 4.3 of the DoRA paper).
#include "core/peft/adapter_set.h"
#include "peft_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;
using peft::AdapterMethod;

class TestAdapterGradients : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void onlyAdaptersLearn_data();
    void onlyAdaptersLearn();
    void doraNormIsDetached();
    void dropoutOnlyWhileTraining();
};

void TestAdapterGradients::onlyAdaptersLearn_data()
{
    test::addFamilyAndMethodRows();
}

void TestAdapterGradients::onlyAdaptersLearn()
{
    QFETCH(bool, llama);
    QFETCH(bool, dora);
    const model::ModelConfig config = llama ? test::tinyLlama() : test::tinyGpt2();
    auto m = test::tinyModel(config, 4);
    for (auto& p : m->parameters())
        p.set_requires_grad(false); // as the fine-tune freezes the base
    const auto& arch = hf::architectureForExport(config);
    auto settings = test::adapterSettings(dora ? AdapterMethod::Dora : AdapterMethod::Lora, peft::targetChoices(arch));
    auto set = peft::AdapterSet::create(*m, arch, settings, 5);
    test::randomizeAdapters(*set, 6);
    set->attach(*m);
    set->setTraining(true);
    m->train();
    const torch::Tensor ids = test::sampleIds(config);
    m->loss(ids, ids.roll(-1, 1)).backward();

    for (auto& p : m->named_parameters())
        QVERIFY2(!p.value().grad().defined(), p.key().c_str());
    for (auto& [name, t] : set->namedParameters()) {
        QVERIFY2(t.requires_grad() && t.grad().defined(), name.c_str());
        QVERIFY2(t.grad().abs().max().item<float>() > 0, name.c_str());
    }
}

// One adapted map, y = adapter(x) with W, bias, random B and m, and L = sum(y * R).
// With n = ||W + s B A|| per row held constant:
//   y = x W^T + bias + (m/n - 1) * (x W^T) + (m/n) * s * (x A^T B^T)
//   dL/dm_j = sum_t R_tj * ((x W^T)_tj + s (x A^T B^T)_tj) / n_j
void TestAdapterGradients::doraNormIsDetached()
{
    const model::ModelConfig config = test::tinyGpt2(1);
    auto m = test::tinyModel(config, 8);
    auto settings = test::adapterSettings(AdapterMethod::Dora, {"c_fc"});
    settings.dropout = 0;
    auto set = peft::AdapterSet::create(*m, hf::architectureForExport(config), settings, 9);
    test::randomizeAdapters(*set, 10);
    auto& adapter = *set->adapters().front();
    const auto& fc = m->layers[0]->as<model::Block>()->feedForward->up;
    const torch::Tensor w = fc->weight.detach(), bias = fc->bias.detach();

    auto g = at::make_generator<at::CPUGeneratorImpl>(12);
    const torch::Tensor x = torch::empty({3, 5, config.d_model}).normal_(0, 1, g);
    const torch::Tensor r = torch::empty({3, 5, w.size(0)}).normal_(0, 1, g);
    (adapter.forward(x, w, bias) * r).sum().backward();
    const peft::LowRankPart& part = adapter.parts().front();

    const double s = settings.scale();
    const auto wd = w.to(torch::kDouble), ad = part.a.detach().to(torch::kDouble), bd = part.b.detach().to(torch::kDouble);
    const auto md = part.magnitude.detach().to(torch::kDouble);
    const auto xd = x.to(torch::kDouble).reshape({-1, w.size(1)}), rd = r.to(torch::kDouble).reshape({-1, w.size(0)});
    const torch::Tensor n = (wd + s * bd.mm(ad)).pow(2).sum(1).sqrt();
    const torch::Tensor xw = xd.mm(wd.t()), xab = xd.mm(ad.t()).mm(bd.t());
    const torch::Tensor expected = (rd * (xw + s * xab)).sum(0) / n;
    const double diff = test::maxAbsDiff(part.magnitude.grad(), expected);
    QVERIFY2(diff < 1e-3 * expected.abs().max().item<double>(), qPrintable(QString::number(diff)));

    // B's gradient through the same formula by autograd in float64, norm constant; it
    // differs from the one where the norm is differentiated too.
    auto bGrad = [&](bool normDetached) {
        torch::Tensor b = bd.clone().set_requires_grad(true);
        torch::Tensor norm = (wd + s * b.mm(ad)).pow(2).sum(1).sqrt();
        if (normDetached)
            norm = norm.detach();
        const torch::Tensor ms = md / norm;
        const torch::Tensor y = xw + bias.to(torch::kDouble) + (ms - 1) * xw + ms * s * xd.mm(ad.t()).mm(b.t());
        (y * rd).sum().backward();
        return b.grad();
    };
    const torch::Tensor detachedGrad = bGrad(true), attachedGrad = bGrad(false);
    const double scaleOfGrad = detachedGrad.abs().max().item<double>();
    QVERIFY(test::maxAbsDiff(part.b.grad(), detachedGrad) < 1e-4 * scaleOfGrad);
    QVERIFY(test::maxAbsDiff(attachedGrad, detachedGrad) > 1e-2 * scaleOfGrad);
}

// Dropout changes the output only while training; evaluation is deterministic.
void TestAdapterGradients::dropoutOnlyWhileTraining()
{
    const model::ModelConfig config = test::tinyLlama(1);
    for (AdapterMethod method : {AdapterMethod::Lora, AdapterMethod::Dora}) {
        auto m = test::tinyModel(config, 2);
        auto settings = test::adapterSettings(method, {"q_proj", "down_proj"});
        settings.dropout = 0.5;
        auto set = peft::AdapterSet::create(*m, hf::architectureForExport(config), settings, 3);
        test::randomizeAdapters(*set, 4);
        set->attach(*m);
        const torch::Tensor ids = test::sampleIds(config);
        torch::NoGradGuard noGrad;
        const torch::Tensor eval1 = m->forward(ids), eval2 = m->forward(ids);
        QVERIFY(torch::equal(eval1, eval2));
        set->setTraining(true);
        torch::manual_seed(1);
        const torch::Tensor train = m->forward(ids);
        QVERIFY(test::maxAbsDiff(train, eval1) > 1e-4);
        set->setTraining(false);
        QVERIFY(torch::equal(m->forward(ids), eval1));
    }
}

LW_TEST_GUILESS_MAIN(TestAdapterGradients)
#include "test_adapter_gradients.moc"

// Adapter gradients through the model's fused float32 CPU paths (attention, add +
// LayerNorm, bias + GELU, the fused loss) with frozen base weights equal central finite
// differences of the loss: freezing the base must not change what flows back to the
// adapters.
#include "core/hf/hf_architecture.h"
#include "core/model/transformer.h"
#include "core/peft/adapter_set.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;

class TestAdapterGradients : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fusedPathsGiveTheFiniteDifferenceGradients_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("method");
        QTest::newRow("gpt2 lora") << "gpt2" << "lora";
        QTest::newRow("llama lora") << "llama" << "lora";
        // DoRA is left out on purpose: it holds the weight norm constant in backward (as
        // PEFT does), so its gradient is not the loss's exact gradient.
    }
    void fusedPathsGiveTheFiniteDifferenceGradients()
    {
        QFETCH(QString, family);
        QFETCH(QString, method);
        model::ModelConfig c = model::presetConfig(family == "llama" ? "llama-tiny" : "tiny");
        c.vocab_size = 50;
        c.context_length = 40;
        c.d_model = 64;
        c.n_head = 4;
        c.n_layer = 2;
        c.dropout = 0.0;
        torch::manual_seed(3);
        const auto idx = torch::randint(50, {3, 33}, torch::kLong);
        auto targets = torch::randint(50, {3, 33}, torch::kLong);
        targets.index_put_({0, torch::indexing::Slice(0, 10)}, -1);

        model::Transformer m(c);
        m->initializeWeights(5);
        {
            torch::NoGradGuard g;
            m->tokenEmbedding->weight.mul_(20.0); // logits that move: clear differences
        }
        for (auto& p : m->parameters())
            p.set_requires_grad(false);
        peft::AdapterSettings s;
        s.method = method == "dora" ? peft::AdapterMethod::Dora : peft::AdapterMethod::Lora;
        s.rank = 4;
        s.dropout = 0.0;
        s.targets = {"all-linear"};
        auto adapters = peft::AdapterSet::create(*m, hf::architectureForExport(c), s, 9);
        {
            torch::NoGradGuard g;
            for (auto& [name, p] : adapters->namedParameters())
                if (name.find("lora_B") != std::string::npos) // B = 0 would hide A's gradient
                    p.copy_(torch::randn(p.sizes()) * 0.2);
        }
        adapters->attach(*m);
        m->train();
        m->loss(idx, targets).backward();

        auto lossAt = [&] {
            torch::NoGradGuard g;
            return m->loss(idx, targets).to(torch::kDouble).item<double>();
        };
        int checked = 0;
        for (auto& [name, p] : adapters->namedParameters()) {
            QVERIFY2(p.grad().defined(), name.c_str());
            const auto grad = p.grad().flatten();
            auto flat = p.detach().view({-1});
            // The entry with the largest gradient: the best-conditioned difference.
            const int64_t i = grad.abs().argmax().item<int64_t>();
            const double eps = 2e-2;
            const float original = flat[i].item<float>();
            flat[i] = original + eps;
            const double up = lossAt();
            flat[i] = original - eps;
            const double down = lossAt();
            flat[i] = original;
            const double numeric = (up - down) / (2 * eps), analytic = grad[i].item<double>();
            QVERIFY2(std::abs(numeric - analytic) <= 0.03 * std::abs(analytic) + 2e-4,
                     qPrintable(QString("%1: autograd %2, finite differences %3").arg(name.c_str()).arg(analytic).arg(numeric)));
            ++checked;
        }
        QVERIFY(checked >= 12);
    }
};

LW_TEST_GUILESS_MAIN(TestAdapterGradients)
#include "test_adapter_gradients.moc"

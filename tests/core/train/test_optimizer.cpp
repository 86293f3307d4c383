// The fused AdamW against torch::optim::AdamW, and the learning-rate schedule against
// its closed form.
#include "core/train/adamw.h"
#include "core/train/lr_schedule.h"
#include "test_registry.h"

#include <QtTest>

class TestOptimizer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void fusedAdamWMatchesTorchAdamW();
    void gradScaleEqualsClippingTheGradients();
    void gradientNormIsTheGlobalL2Norm();
    void stateRoundTrips();
    void scheduleWarmsUpThenDecays();
};

void TestOptimizer::fusedAdamWMatchesTorchAdamW()
{
    torch::manual_seed(1);
    auto a = torch::randn({300, 70}), b = torch::randn({70});
    auto pa = a.clone().requires_grad_(true), pb = b.clone().requires_grad_(true);
    auto qa = a.clone().requires_grad_(true), qb = b.clone().requires_grad_(true);
    lw::train::FusedAdamW fused({0.9, 0.95, 1e-8, 0.1});
    fused.addParameter("a", pa, true);
    fused.addParameter("b", pb, false);
    torch::optim::AdamW reference(
        std::vector<torch::optim::OptimizerParamGroup>{
            torch::optim::OptimizerParamGroup({qa}, std::make_unique<torch::optim::AdamWOptions>(
                                                        torch::optim::AdamWOptions(1e-3).betas({0.9, 0.95}).eps(1e-8).weight_decay(0.1))),
            torch::optim::OptimizerParamGroup({qb}, std::make_unique<torch::optim::AdamWOptions>(
                                                        torch::optim::AdamWOptions(1e-3).betas({0.9, 0.95}).eps(1e-8).weight_decay(0.0)))},
        torch::optim::AdamWOptions(1e-3));
    for (int step = 0; step < 6; ++step) {
        auto ga = torch::randn({300, 70}), gb = torch::randn({70});
        pa.mutable_grad() = ga.clone();
        pb.mutable_grad() = gb.clone();
        qa.mutable_grad() = ga.clone();
        qb.mutable_grad() = gb.clone();
        fused.step(1e-3);
        reference.step();
    }
    QVERIFY((pa - qa).abs().max().item<double>() < 1e-6);
    QVERIFY((pb - qb).abs().max().item<double>() < 1e-6);
    QVERIFY((pa - a).abs().max().item<double>() > 1e-3); // it did move
    QCOMPARE(fused.stepCount(), int64_t(6));
}

void TestOptimizer::gradScaleEqualsClippingTheGradients()
{
    torch::manual_seed(2);
    auto w = torch::randn({1000});
    auto p1 = w.clone().requires_grad_(true), p2 = w.clone().requires_grad_(true);
    lw::train::FusedAdamW o1({0.9, 0.95, 1e-8, 0.0}), o2({0.9, 0.95, 1e-8, 0.0});
    o1.addParameter("w", p1, false);
    o2.addParameter("w", p2, false);
    for (int i = 0; i < 3; ++i) {
        auto g = torch::randn({1000}) * 5;
        p1.mutable_grad() = g.clone();
        p2.mutable_grad() = g * 0.25;
        o1.step(1e-2, 0.25);
        o2.step(1e-2, 1.0);
    }
    QVERIFY(torch::equal(p1, p2));
}

void TestOptimizer::gradientNormIsTheGlobalL2Norm()
{
    auto p1 = torch::zeros({200000}).requires_grad_(true), p2 = torch::zeros({3, 5}).requires_grad_(true);
    lw::train::FusedAdamW o({});
    o.addParameter("p1", p1, true);
    o.addParameter("p2", p2, true);
    p1.mutable_grad() = torch::randn({200000}, torch::kDouble).to(torch::kFloat);
    p2.mutable_grad() = torch::randn({3, 5});
    const double expected = std::sqrt(p1.grad().to(torch::kDouble).pow(2).sum().item<double>() +
                                      p2.grad().to(torch::kDouble).pow(2).sum().item<double>());
    QVERIFY(std::abs(o.gradientNorm() - expected) < 1e-6 * expected);
}

void TestOptimizer::stateRoundTrips()
{
    auto p = torch::randn({10}).requires_grad_(true);
    lw::train::FusedAdamW o({});
    o.addParameter("p", p, true);
    p.mutable_grad() = torch::randn({10});
    o.step(1e-3);
    std::map<std::string, torch::Tensor> state;
    for (auto& [k, v] : o.stateTensors())
        state[k] = v.clone();
    auto q = p.detach().clone().requires_grad_(true);
    lw::train::FusedAdamW restored({});
    restored.addParameter("p", q, true);
    restored.loadState(state, o.stepCount());
    auto g = torch::randn({10});
    p.mutable_grad() = g.clone();
    q.mutable_grad() = g.clone();
    o.step(1e-3);
    restored.step(1e-3);
    QVERIFY(torch::equal(p, q));
}

void TestOptimizer::scheduleWarmsUpThenDecays()
{
    lw::train::LrSchedule s{"cosine", 1e-3, 0.1, 10, 110};
    QCOMPARE(s.at(0), 1e-4);
    QCOMPARE(s.at(9), 1e-3);
    QVERIFY(std::abs(s.at(10) - 1e-3) < 1e-12);
    QVERIFY(std::abs(s.at(60) - (1e-4 + 0.5 * 9e-4)) < 1e-12); // half way: cos(pi/2) = 0
    QVERIFY(std::abs(s.at(110) - 1e-4) < 1e-12);
    lw::train::LrSchedule linear{"linear", 1e-3, 0.0, 0, 100};
    QVERIFY(std::abs(linear.at(25) - 0.75e-3) < 1e-12);
    lw::train::LrSchedule constant{"constant", 5e-4, 0.1, 0, 100};
    QCOMPARE(constant.at(99), 5e-4);
}

LW_TEST_GUILESS_MAIN(TestOptimizer)
#include "test_optimizer.moc"

// The merge driver: tensor by tensor (each loaded once, merged and handed on before the
// next is loaded), in the base's order, with progress and cancel; results that do not
// depend on the order of the tensors; and one clear error for models that do not fit.
#include "core/merge/merge_models.h"
#include "core/merge/merge_tensor.h"
#include "core/util/error.h"
#include "merge_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <map>

using namespace lw;

namespace {

using TensorMap = std::map<std::string, torch::Tensor>;

// A model in memory, listing its tensors in `order`; every load and every sink call is
// written to `events`, so the tests see what was held when.
merge::MergeInput inputOf(const std::string& label, const TensorMap& tensors, std::vector<std::string> order,
                          std::vector<std::string>* events = nullptr, double weight = 1.0, double density = 1.0)
{
    merge::MergeInput input;
    input.label = label;
    input.names = std::move(order);
    input.tensor = [label, tensors, events](const std::string& name) {
        if (events)
            events->push_back("load " + label + " " + name);
        return tensors.at(name);
    };
    input.weight = weight;
    input.density = density;
    return input;
}

TensorMap fineTune(const TensorMap& base, uint64_t seed)
{
    TensorMap tuned;
    for (const auto& [name, t] : base)
        tuned[name] = t + lw::test::randomTensor(t.sizes().vec(), seed++, 0.05);
    return tuned;
}

const std::vector<std::string> kNames = {"embed.weight", "layers.0.attn.weight", "layers.0.norm.weight", "head.weight"};

TensorMap smallModel(uint64_t seed)
{
    return {{"embed.weight", lw::test::randomTensor({32, 8}, seed)},
            {"layers.0.attn.weight", lw::test::randomTensor({8, 8}, seed + 1)},
            {"layers.0.norm.weight", lw::test::randomTensor({8}, seed + 2)},
            {"head.weight", lw::test::randomTensor({32, 8}, seed + 3)}};
}

void expectError(const std::function<void()>& f, const QStringList& parts)
{
    try {
        f();
    } catch (const Error& e) {
        for (const QString& part : parts)
            QVERIFY2(QString(e.what()).contains(part), qPrintable(QString("'%1' lacks '%2'").arg(e.what(), part)));
        return;
    }
    QFAIL("no lw::Error");
}

} // namespace

class TestMergeModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mergesTensorByTensorInTheBasesOrder();
    void resultDoesNotDependOnTensorOrder();
    void cancelStopsAfterTheCurrentTensor();
    void slerpBaseIsTheFirstEnd();
    void tensorMissingFromAModelIsNamed();
    void shapeMismatchNamesTensorAndShapes();
    void differentVocabulariesAreRefused();
    void nonFloatTensorsAreRefused();
    void dtypeOfTheBaseIsKept();
};

void TestMergeModels::mergesTensorByTensorInTheBasesOrder()
{
    const TensorMap base = smallModel(1), a = fineTune(base, 10), b = fineTune(base, 20);
    const std::vector<std::string> reversed(kNames.rbegin(), kNames.rend());
    std::vector<std::string> events;
    merge::MergeOptions options;
    options.method = "ties";
    options.baseIndex = 1;
    std::vector<merge::MergeInput> inputs = {inputOf("A", a, reversed, &events, 0.7, 0.5),
                                             inputOf("BASE", base, kNames, &events),
                                             inputOf("B", b, kNames, &events, 0.4, 0.6)};
    std::map<std::string, torch::Tensor> merged;
    std::vector<double> fractions;
    merge::mergeModels(
        inputs, options,
        [&](const std::string& name, torch::Tensor t) {
            events.push_back("sink " + name);
            merged[name] = t;
        },
        [&](double fraction, const std::string&) {
            fractions.push_back(fraction);
            return true;
        });

    // Per tensor: the two models, then the base, then the sink; in the base's order.
    std::vector<std::string> expectedEvents;
    for (const auto& name : kNames)
        for (const char* step : {"load A ", "load B ", "load BASE ", "sink "})
            expectedEvents.push_back(step + name);
    QCOMPARE(events, expectedEvents);
    QCOMPARE(fractions, (std::vector<double>{0.25, 0.5, 0.75, 1.0}));
    for (const auto& name : kNames) {
        torch::Tensor alone = merge::mergeTensor(name, {a.at(name), b.at(name)}, &base.at(name), options,
                                                 {{0.7, 0.5}, {0.4, 0.6}});
        QVERIFY(torch::equal(merged.at(name), alone));
    }
}

void TestMergeModels::resultDoesNotDependOnTensorOrder()
{
    const TensorMap base = smallModel(2), a = fineTune(base, 30), b = fineTune(base, 40);
    const std::vector<std::string> shuffled = {kNames[2], kNames[0], kNames[3], kNames[1]};
    merge::MergeOptions options;
    options.method = "dare_ties";
    options.seed = 77;
    options.baseIndex = 0;
    auto run = [&](const std::vector<std::string>& order) {
        std::map<std::string, torch::Tensor> merged;
        merge::mergeModels({inputOf("base", base, order), inputOf("a", a, order, nullptr, 1.0, 0.5),
                            inputOf("b", b, order, nullptr, 1.0, 0.5)},
                           options, [&](const std::string& name, torch::Tensor t) { merged[name] = t; });
        return merged;
    };
    const auto inOrder = run(kNames), inOtherOrder = run(shuffled);
    for (const auto& name : kNames) {
        QVERIFY(torch::equal(inOrder.at(name), inOtherOrder.at(name)));
        QVERIFY(!torch::equal(inOrder.at(name), base.at(name))); // something was merged
    }
}

void TestMergeModels::cancelStopsAfterTheCurrentTensor()
{
    const TensorMap a = smallModel(3), b = smallModel(4);
    int sunk = 0;
    expectError(
        [&] {
            merge::mergeModels({inputOf("a", a, kNames), inputOf("b", b, kNames)}, merge::MergeOptions{},
                               [&](const std::string&, torch::Tensor) { ++sunk; },
                               [&](double, const std::string&) { return false; });
        },
        {"cancelled"});
    QCOMPARE(sunk, 1);
}

void TestMergeModels::slerpBaseIsTheFirstEnd()
{
    const TensorMap a = smallModel(5), b = smallModel(6);
    merge::MergeOptions options;
    options.method = "slerp";
    options.baseIndex = 1;
    for (double t : {0.0, 1.0}) {
        options.t = t;
        std::map<std::string, torch::Tensor> merged;
        merge::mergeModels({inputOf("a", a, kNames), inputOf("b", b, kNames)}, options,
                           [&](const std::string& name, torch::Tensor x) { merged[name] = x; });
        const TensorMap& expected = t == 0 ? b : a;
        for (const auto& name : kNames)
            QVERIFY(torch::allclose(merged.at(name), expected.at(name), 1e-6, 1e-6));
    }
}

void TestMergeModels::tensorMissingFromAModelIsNamed()
{
    const TensorMap a = smallModel(7), b = smallModel(8);
    std::vector<std::string> fewer = {kNames[0], kNames[1], kNames[3]};
    auto sink = [](const std::string&, torch::Tensor) {};
    expectError([&] { merge::mergeModels({inputOf("first", a, kNames), inputOf("second", b, fewer)}, {}, sink); },
                {"layers.0.norm.weight", "first", "second"});
    expectError([&] { merge::mergeModels({inputOf("first", a, fewer), inputOf("second", b, kNames)}, {}, sink); },
                {"layers.0.norm.weight", "is in second but not in first"});
}

void TestMergeModels::shapeMismatchNamesTensorAndShapes()
{
    TensorMap a = smallModel(9), b = smallModel(10);
    b["layers.0.attn.weight"] = lw::test::randomTensor({8, 4}, 11);
    expectError(
        [&] {
            merge::mergeModels({inputOf("first", a, kNames), inputOf("second", b, kNames)}, {},
                               [](const std::string&, torch::Tensor) {});
        },
        {"layers.0.attn.weight", "[8, 8]", "[8, 4]", "first", "second"});
}

void TestMergeModels::differentVocabulariesAreRefused()
{
    TensorMap a = smallModel(12), b = smallModel(13);
    b["embed.weight"] = lw::test::randomTensor({40, 8}, 14);
    merge::MergeOptions options;
    options.method = "task_arithmetic";
    options.baseIndex = 0;
    expectError(
        [&] {
            merge::mergeModels({inputOf("base", a, kNames), inputOf("tuned", b, kNames)}, options,
                               [](const std::string&, torch::Tensor) {});
        },
        {"embed.weight", "[32, 8]", "[40, 8]", "vocabularies differ"});
}

void TestMergeModels::nonFloatTensorsAreRefused()
{
    TensorMap a = smallModel(15), b = smallModel(16);
    b["layers.0.norm.weight"] = torch::arange(8);
    expectError(
        [&] {
            merge::mergeModels({inputOf("a", a, kNames), inputOf("b", b, kNames)}, {},
                               [](const std::string&, torch::Tensor) {});
        },
        {"layers.0.norm.weight", "Long", "floating-point"});
}

void TestMergeModels::dtypeOfTheBaseIsKept()
{
    TensorMap base = smallModel(17), tuned = fineTune(base, 50);
    for (auto& [name, t] : base)
        t = t.to(torch::kBFloat16);
    merge::MergeOptions options;
    options.method = "task_arithmetic";
    options.baseIndex = 0;
    std::map<std::string, torch::Tensor> merged;
    merge::mergeModels({inputOf("base", base, kNames), inputOf("tuned", tuned, kNames, nullptr, 0.5)}, options,
                       [&](const std::string& name, torch::Tensor x) { merged[name] = x; });
    for (const auto& name : kNames) {
        QCOMPARE(merged.at(name).scalar_type(), torch::kBFloat16);
        // base + 0.5 (tuned - base), to bfloat16's precision (8 significant bits).
        torch::Tensor b = base.at(name).to(torch::kDouble);
        torch::Tensor expected = b + 0.5 * (tuned.at(name).to(torch::kDouble) - b);
        const double error = ((merged.at(name).to(torch::kDouble) - expected).abs() / expected.abs()).max().item<double>();
        QVERIFY2(error <= 1.0 / 256, qPrintable(QString::number(error)));
    }
}

LW_TEST_GUILESS_MAIN(TestMergeModels)
#include "test_merge_models.moc"

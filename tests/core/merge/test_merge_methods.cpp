// Every merge method against an independent numpy reference written from mergekit's
// definitions (merge_reference.py), to 1e-6 relative per element; DARE with the drop
// masks our generator drew, handed to the reference. Merging copies of one model gives
// it back bit for bit, and DARE at density 1 is task arithmetic.
#include "core/merge/merge_tensor.h"
#include "core/merge/sparsify.h"
#include "merge_test_support.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;

namespace {

// How the models of a scenario relate to each other.
enum class Models {
    Independent,    // unrelated random tensors (and an unrelated base)
    FineTunes,      // base + small independent deltas, as two fine-tunes of one base
    NearlyColinear, // the second is 2 x the first plus a 1e-4 perturbation (slerp falls back to lerp)
    Opposite,       // the second is -3 x the first (|cos| = 1: lerp again)
    SecondIsZero,   // a zero tensor has no direction; slerp leaves it unnormalised
    CoarseDeltas,   // deltas in steps of 1/4, so many magnitudes tie at TIES' cut
};

struct Scenario {
    const char* tag;
    const char* method;
    std::vector<double> weights;
    std::vector<double> densities;
    std::vector<int64_t> shape;
    Models models = Models::FineTunes;
    double t = 0.5;
    double lambda = 1.0;
    std::optional<bool> normalize = std::nullopt;
    std::optional<bool> rescale = std::nullopt;
};

const std::vector<Scenario>& scenarios()
{
    static const std::vector<Scenario> all = {
        {"linear, 3 models", "linear", {0.2, 0.5, 0.3}, {1, 1, 1}, {12, 20}, Models::Independent},
        {"linear, weights not summing to 1", "linear", {1.0, 3.0}, {1, 1}, {7, 9, 3}, Models::Independent},
        {"linear, unnormalised, a negative weight", "linear", {1.5, -0.5}, {1, 1}, {64}, Models::Independent,
         0.5, 1.0, false},
        {"slerp t=0.3", "slerp", {1, 1}, {1, 1}, {16, 24}, Models::Independent, 0.3},
        {"slerp t=0.85 of fine-tunes", "slerp", {1, 1}, {1, 1}, {16, 24}, Models::FineTunes, 0.85},
        {"slerp t=0", "slerp", {1, 1}, {1, 1}, {50}, Models::Independent, 0.0},
        {"slerp t=1", "slerp", {1, 1}, {1, 1}, {50}, Models::Independent, 1.0},
        {"slerp nearly colinear", "slerp", {1, 1}, {1, 1}, {10, 30}, Models::NearlyColinear, 0.4},
        {"slerp opposite", "slerp", {1, 1}, {1, 1}, {10, 30}, Models::Opposite, 0.4},
        {"slerp with a zero tensor", "slerp", {1, 1}, {1, 1}, {40}, Models::SecondIsZero, 0.25},
        {"task_arithmetic", "task_arithmetic", {0.7, 0.4}, {1, 1}, {12, 20}, Models::FineTunes, 0.5, 1.0},
        {"task_arithmetic, normalised, lambda", "task_arithmetic", {0.7, 0.4, 1.1}, {1, 1, 1}, {12, 20},
         Models::FineTunes, 0.5, 0.6, true},
        {"ties density 0.5", "ties", {1.0, 0.6}, {0.5, 0.5}, {16, 24}},
        {"ties 3 models, mixed densities", "ties", {0.5, 0.3, 0.9}, {0.3, 0.7, 0.45}, {11, 13, 5}},
        {"ties unnormalised, lambda 1.3", "ties", {1.0, 0.6}, {0.4, 0.6}, {300}, Models::FineTunes, 0.5, 1.3,
         false},
        {"ties rescaled", "ties", {1.0, 0.6}, {0.4, 0.6}, {300}, Models::FineTunes, 0.5, 1.0, std::nullopt, true},
        {"ties, tied magnitudes", "ties", {1.0, 0.6}, {0.5, 0.35}, {40, 25}, Models::CoarseDeltas},
        {"ties density 1", "ties", {1.0, 2.0}, {1.0, 1.0}, {20, 20}},
        {"ties unrelated base", "ties", {0.8, 0.5}, {0.5, 0.5}, {20, 20}, Models::Independent},
        // Past one chunk of the merge (2^20 entries), so chunks must join up.
        {"linear, several chunks", "linear", {0.3, 0.9}, {1, 1}, {1100, 1000}, Models::Independent},
        {"slerp, several chunks", "slerp", {1, 1}, {1, 1}, {1100, 1000}, Models::FineTunes, 0.6},
        {"ties, several chunks", "ties", {1.0, 0.7}, {0.4, 0.6}, {1100, 1000}},
        {"dare_ties, several chunks", "dare_ties", {1.0, 0.7}, {0.4, 0.6}, {1100, 1000}},
        {"dare_linear", "dare_linear", {0.6, 0.4}, {0.6, 0.4}, {16, 24}},
        {"dare_linear unrescaled, normalised", "dare_linear", {0.6, 0.4}, {0.6, 0.4}, {16, 24}, Models::FineTunes,
         0.5, 0.9, true, false},
        {"dare_ties", "dare_ties", {1.0, 0.5, 0.8}, {0.5, 0.3, 0.9}, {9, 31}},
        {"dare_ties normalised, lambda 0.5", "dare_ties", {1.0, 0.5}, {0.5, 0.3}, {9, 31}, Models::FineTunes,
         0.5, 0.5, true},
    };
    return all;
}

struct BuiltCase {
    std::vector<torch::Tensor> models;
    std::optional<torch::Tensor> base;
};

BuiltCase buildTensors(const Scenario& s, uint64_t seed)
{
    const bool usesBase = merge::methodTraits(merge::parseMethod(s.method)).usesBase;
    BuiltCase built;
    torch::Tensor base = lw::test::randomTensor(s.shape, seed);
    for (size_t i = 0; i < s.weights.size(); ++i) {
        const uint64_t modelSeed = seed + 100 * (i + 1);
        switch (s.models) {
        case Models::Independent:
            built.models.push_back(lw::test::randomTensor(s.shape, modelSeed));
            break;
        case Models::FineTunes:
            built.models.push_back(base + lw::test::randomTensor(s.shape, modelSeed, 0.05));
            break;
        case Models::NearlyColinear:
            built.models.push_back(i == 0 ? base : base * 2 + lw::test::randomTensor(s.shape, modelSeed, 1e-4));
            break;
        case Models::Opposite:
            built.models.push_back(i == 0 ? base : base * -3);
            break;
        case Models::CoarseDeltas:
            built.models.push_back(base + torch::round(lw::test::randomTensor(s.shape, modelSeed, 2.0)) / 4);
            break;
        case Models::SecondIsZero:
            built.models.push_back(i == 0 ? base : torch::zeros(s.shape));
            break;
        }
    }
    if (usesBase)
        built.base = base;
    return built;
}

merge::MergeOptions optionsOf(const Scenario& s)
{
    // Through the stored form, as a merge recorded in the store is read back.
    auto optional = [](std::optional<bool> value) { return value ? nlohmann::json(*value) : nlohmann::json(); };
    return merge::MergeOptions::fromJson({{"method", s.method}, {"t", s.t}, {"lambda", s.lambda},
                                          {"normalize", optional(s.normalize)}, {"rescale", optional(s.rescale)},
                                          {"seed", 1234}});
}

std::vector<merge::MergeWeights> weightsOf(const Scenario& s)
{
    std::vector<merge::MergeWeights> weights;
    for (size_t i = 0; i < s.weights.size(); ++i)
        weights.push_back({s.weights[i], s.densities[i]});
    return weights;
}

const std::string kTensorName = "model.layers.0.mlp.up_proj.weight";

// The scenario's tensors and options; for DARE with the masks mergeTensor draws, which the
// reference is given since it cannot draw them itself.
lw::test::ReferenceCase referenceCase(size_t index)
{
    const Scenario& s = scenarios()[index];
    BuiltCase built = buildTensors(s, 7 + index);
    lw::test::ReferenceCase c{optionsOf(s), built.models, weightsOf(s), built.base, {}};
    if (merge::methodTraits(merge::parseMethod(s.method)).sparsification == merge::Sparsification::Random)
        for (size_t i = 0; i < built.models.size(); ++i)
            c.keep.push_back(
                merge::randomKeepMask(c.options.seed, kTensorName, i, built.models[i].numel(), s.densities[i]));
    return c;
}

const char* const kAllMethods[] = {"linear", "slerp", "task_arithmetic", "ties", "dare_linear", "dare_ties"};

// Merges two models by `method` with its defaults, giving the base only to methods that
// use one.
torch::Tensor mergeTwo(const std::string& method, const torch::Tensor& a, const torch::Tensor& b,
                       const torch::Tensor& base, const std::vector<merge::MergeWeights>& weights, double t = 0.5)
{
    merge::MergeOptions options;
    options.method = method;
    options.t = t;
    options.seed = 99;
    const bool usesBase = merge::methodTraits(options.parsedMethod()).usesBase;
    return merge::mergeTensor("x", {a, b}, usesBase ? &base : nullptr, options, weights);
}

} // namespace

class TestMergeMethods : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchesReference_data();
    void matchesReference();
    void twoCopiesGiveTheModelBack_data();
    void twoCopiesGiveTheModelBack();
    void dareAtDensityOneIsTaskArithmetic();
    void inputsAreNotModified();
    void transposedInputsMergeAsTheirCopies();

private:
    std::vector<std::vector<double>> m_expected; // the reference's result per scenario
};

void TestMergeMethods::initTestCase()
{
    // One run of the reference for all scenarios: starting Python is most of its cost.
    std::vector<lw::test::ReferenceCase> cases;
    for (size_t i = 0; i < scenarios().size(); ++i)
        cases.push_back(referenceCase(i));
    QVERIFY(lw::test::runMergeReference(cases, m_expected));
}

void TestMergeMethods::matchesReference_data()
{
    QTest::addColumn<int>("scenario");
    for (size_t i = 0; i < scenarios().size(); ++i)
        QTest::newRow(scenarios()[i].tag) << static_cast<int>(i);
}

void TestMergeMethods::matchesReference()
{
    QFETCH(int, scenario);
    const Scenario& s = scenarios()[static_cast<size_t>(scenario)];
    QVERIFY2(static_cast<size_t>(scenario) < m_expected.size(), "the reference did not run");
    const lw::test::ReferenceCase c = referenceCase(static_cast<size_t>(scenario));
    torch::Tensor merged =
        merge::mergeTensor(kTensorName, c.models, c.base ? &*c.base : nullptr, c.options, c.weights);
    QCOMPARE(merged.sizes().vec(), s.shape);
    QCOMPARE(merged.scalar_type(), torch::kFloat32);
    const double error = lw::test::maxRelativeError(merged, m_expected[static_cast<size_t>(scenario)]);
    QVERIFY2(error <= 1e-6, qPrintable(QString("max relative error %1").arg(error)));
}

void TestMergeMethods::twoCopiesGiveTheModelBack_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<int>("dtype");
    for (const char* method : kAllMethods)
        for (auto dtype : {torch::kFloat32, torch::kBFloat16, torch::kFloat16}) {
            const std::string tag = std::string(method) + " " + c10::toString(dtype);
            QTest::newRow(tag.c_str()) << QString(method) << static_cast<int>(dtype);
        }
}

void TestMergeMethods::twoCopiesGiveTheModelBack()
{
    QFETCH(QString, method);
    QFETCH(int, dtype);
    const auto type = static_cast<torch::ScalarType>(dtype);
    // A model far from its base (other scale, other signs), so model - base is not
    // exact in float32 and only exact arithmetic gives the model back.
    torch::Tensor model = lw::test::randomTensor({24, 40}, 11).to(type);
    torch::Tensor base = (lw::test::randomTensor({24, 40}, 12, 37.0)).to(type);
    // Weights summing to 1 so that unnormalised methods give the model back too; density
    // 1, since trimming or dropping entries of the deltas would change the model.
    torch::Tensor merged = mergeTwo(method.toStdString(), model, model.clone(), base, {{0.3, 1.0}, {0.7, 1.0}}, 0.37);
    QCOMPARE(merged.scalar_type(), type);
    QVERIFY2(torch::equal(merged, model),
             qPrintable(QString("largest difference %1")
                            .arg((merged.to(torch::kDouble) - model.to(torch::kDouble)).abs().max().item<double>())));
}

void TestMergeMethods::dareAtDensityOneIsTaskArithmetic()
{
    torch::Tensor base = lw::test::randomTensor({30, 17}, 21);
    std::vector<torch::Tensor> models = {base + lw::test::randomTensor({30, 17}, 22, 0.1),
                                         base + lw::test::randomTensor({30, 17}, 23, 0.1)};
    std::vector<merge::MergeWeights> weights = {{0.9, 1.0}, {0.4, 1.0}};
    for (bool normalize : {false, true}) {
        merge::MergeOptions options;
        options.lambda = 0.8;
        options.normalize = normalize;
        options.seed = 5;
        options.method = "task_arithmetic";
        torch::Tensor taskArithmetic = merge::mergeTensor("x", models, &base, options, weights);
        options.method = "dare_linear";
        QVERIFY(torch::equal(merge::mergeTensor("x", models, &base, options, weights), taskArithmetic));
        // And DARE-TIES at density 1 is TIES at density 1.
        options.method = "ties";
        torch::Tensor ties = merge::mergeTensor("x", models, &base, options, weights);
        options.method = "dare_ties";
        QVERIFY(torch::equal(merge::mergeTensor("x", models, &base, options, weights), ties));
    }
}

void TestMergeMethods::inputsAreNotModified()
{
    // Double models take no conversion: the merge must still work on copies.
    torch::Tensor base = lw::test::randomTensor({8, 8}, 31).to(torch::kDouble);
    torch::Tensor a = lw::test::randomTensor({8, 8}, 32).to(torch::kDouble);
    torch::Tensor b = lw::test::randomTensor({8, 8}, 33).to(torch::kDouble);
    const torch::Tensor baseBefore = base.clone(), aBefore = a.clone(), bBefore = b.clone();
    std::vector<merge::MergeWeights> weights = {{0.5, 0.5}, {0.5, 0.5}};
    for (const char* method : kAllMethods) {
        torch::Tensor merged = mergeTwo(method, a, b, base, weights);
        QCOMPARE(merged.scalar_type(), torch::kDouble);
        QVERIFY2(torch::equal(a, aBefore) && torch::equal(b, bBefore) && torch::equal(base, baseBefore), method);
    }
}

void TestMergeMethods::transposedInputsMergeAsTheirCopies()
{
    // Views with other strides (as a loader may hand out) merge as contiguous copies do.
    torch::Tensor base = lw::test::randomTensor({20, 30}, 61).t();
    torch::Tensor a = lw::test::randomTensor({20, 30}, 62).t(), b = lw::test::randomTensor({20, 30}, 63).t();
    QVERIFY(!a.is_contiguous());
    torch::Tensor baseCopy = base.contiguous();
    std::vector<merge::MergeWeights> weights = {{0.6, 0.5}, {0.8, 0.7}};
    for (const char* method : kAllMethods) {
        torch::Tensor fromViews = mergeTwo(method, a, b, base, weights);
        torch::Tensor fromCopies = mergeTwo(method, a.contiguous(), b.contiguous(), baseCopy, weights);
        QCOMPARE(fromViews.sizes().vec(), (std::vector<int64_t>{30, 20}));
        QVERIFY2(torch::equal(fromViews, fromCopies), method);
    }
}

LW_TEST_GUILESS_MAIN(TestMergeMethods)
#include "test_merge_methods.moc"

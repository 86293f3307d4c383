// Preference losses against hand computation: for fixed log-probabilities of three
// pairs, each method's loss, rewards, margin and accuracy equal the formula of
// preference_loss.h evaluated here in plain double arithmetic; DPO's gradient is the
// hand-derived one; DPO at policy = reference is ln 2; label smoothing turns DPO into
// cDPO; bad options and missing inputs are refused with the field they concern.
#include "core/finetune/preference_loss.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>

using namespace lw;
using finetune::PreferenceMethod;

namespace {

// Three pairs, deliberately unlike each other: the policy prefers the chosen answer more
// than the reference does in pairs 0 and 2 and less in pair 1.
// Summed log-probabilities (policy, reference) and answer lengths in tokens.
const std::vector<double> kPc = {-12.5, -30.25, -7.0};
const std::vector<double> kPr = {-14.0, -28.5, -9.75};
const std::vector<double> kRc = {-13.0, -29.0, -8.5};
const std::vector<double> kRr = {-13.5, -29.5, -9.0};
const std::vector<double> kNc = {5, 12, 3};
const std::vector<double> kNr = {6, 10, 4};
constexpr size_t kPairs = 3;

torch::Tensor tensor(const std::vector<double>& values)
{
    return torch::tensor(values, torch::kDouble);
}

finetune::PreferenceInputs fixedInputs()
{
    finetune::PreferenceInputs in;
    in.chosenLogps = tensor(kPc);
    in.rejectedLogps = tensor(kPr);
    in.referenceChosenLogps = tensor(kRc);
    in.referenceRejectedLogps = tensor(kRr);
    in.chosenTokens = torch::tensor(std::vector<int64_t>{5, 12, 3});
    in.rejectedTokens = torch::tensor(std::vector<int64_t>{6, 10, 4});
    return in;
}

finetune::PreferenceLossOptions optionsFor(PreferenceMethod method, double beta, double labelSmoothing = 0.0,
                                           double gamma = 0.5)
{
    finetune::PreferenceLossOptions o;
    o.method = method;
    o.beta = beta;
    o.labelSmoothing = labelSmoothing;
    o.simpoGamma = gamma;
    return o;
}

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

double logSigmoid(double x)
{
    return std::log(sigmoid(x)); // the arguments here are small: no need for the stable form
}

// What every method reports besides its loss, computed by hand from per-pair rewards.
struct HandResult {
    double loss = 0.0;
    std::vector<double> chosenRewards, rejectedRewards;
    double margin = 0.0, accuracy = 0.0;
};

void finishRewards(HandResult& r)
{
    for (size_t i = 0; i < kPairs; ++i) {
        r.margin += (r.chosenRewards[i] - r.rejectedRewards[i]) / kPairs;
        r.accuracy += r.chosenRewards[i] > r.rejectedRewards[i] ? 1.0 / kPairs : 0.0;
    }
}

void compareWith(const finetune::PreferenceLoss& ours, const HandResult& hand)
{
    QCOMPARE(ours.loss.dim(), int64_t(0));
    QVERIFY2(std::abs(ours.loss.item<double>() - hand.loss) < 1e-12,
             qPrintable(QString("loss %1, by hand %2")
                            .arg(ours.loss.item<double>(), 0, 'g', 17)
                            .arg(hand.loss, 0, 'g', 17)));
    QVERIFY(!ours.chosenRewards.requires_grad() && !ours.rejectedRewards.requires_grad());
    for (size_t i = 0; i < kPairs; ++i) {
        QVERIFY(std::abs(ours.chosenRewards[int64_t(i)].item<double>() - hand.chosenRewards[i]) < 1e-12);
        QVERIFY(std::abs(ours.rejectedRewards[int64_t(i)].item<double>() - hand.rejectedRewards[i]) < 1e-12);
    }
    QVERIFY(std::abs(ours.rewardMargin - hand.margin) < 1e-12);
    QCOMPARE(ours.accuracy, hand.accuracy);
}

QString errorOf(const finetune::PreferenceInputs& in, const finetune::PreferenceLossOptions& options)
{
    try {
        finetune::preferenceLoss(in, options);
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestPreferenceLoss : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void methodNamesRoundTrip();
    void dpoMatchesHandComputation_data();
    void dpoMatchesHandComputation();
    void labelSmoothingGivesConservativeDpo();
    void dpoAtTheReferenceIsLn2();
    void dpoGradientIsHandDerived();
    void ipoMatchesHandComputation_data();
    void ipoMatchesHandComputation();
    void orpoMatchesHandComputation_data();
    void orpoMatchesHandComputation();
    void simpoMatchesHandComputation_data();
    void simpoMatchesHandComputation();
    void floatInputsGiveFloatLoss();
    void badInputsNameTheirField_data();
    void badInputsNameTheirField();
};

void TestPreferenceLoss::methodNamesRoundTrip()
{
    for (auto method : {PreferenceMethod::Dpo, PreferenceMethod::Ipo, PreferenceMethod::Orpo, PreferenceMethod::Simpo})
        QCOMPARE(finetune::preferenceMethodFromName(finetune::preferenceMethodName(method)), method);
    QCOMPARE(finetune::preferenceMethodName(PreferenceMethod::Simpo), std::string_view("simpo"));
    QVERIFY(!finetune::preferenceMethodFromName("kto"));
    QVERIFY(!finetune::preferenceMethodFromName(""));
    QVERIFY(finetune::preferenceMethodNeedsReference(PreferenceMethod::Ipo));
    QVERIFY(!finetune::preferenceMethodNeedsReference(PreferenceMethod::Orpo));
}

void TestPreferenceLoss::dpoMatchesHandComputation_data()
{
    QTest::addColumn<double>("beta");
    QTest::addColumn<double>("labelSmoothing");
    QTest::newRow("beta 0.1") << 0.1 << 0.0;
    QTest::newRow("beta 0.5") << 0.5 << 0.0;
    QTest::newRow("cDPO beta 0.1, e 0.2") << 0.1 << 0.2;
    QTest::newRow("cDPO beta 2, e 0.45") << 2.0 << 0.45;
}

void TestPreferenceLoss::dpoMatchesHandComputation()
{
    QFETCH(double, beta);
    QFETCH(double, labelSmoothing);
    // z_i = (pc - rc) - (pr - rr) = {0.5 + 0.5, -1.25 - 1, 1.5 + 0.75} = {1, -2.25, 2.25}
    // loss = mean_i [-(1 - e) log s(beta z_i) - e log s(-beta z_i)]
    // rewards beta (pc - rc), beta (pr - rr): chosen wins in pairs 0 and 2, accuracy 2/3.
    HandResult hand;
    for (size_t i = 0; i < kPairs; ++i) {
        const double z = (kPc[i] - kRc[i]) - (kPr[i] - kRr[i]);
        hand.loss += (-(1 - labelSmoothing) * logSigmoid(beta * z) - labelSmoothing * logSigmoid(-beta * z)) / kPairs;
        hand.chosenRewards.push_back(beta * (kPc[i] - kRc[i]));
        hand.rejectedRewards.push_back(beta * (kPr[i] - kRr[i]));
    }
    finishRewards(hand);
    QCOMPARE(hand.accuracy, 2.0 / 3.0);
    compareWith(finetune::preferenceLoss(fixedInputs(), optionsFor(PreferenceMethod::Dpo, beta, labelSmoothing)), hand);
}

void TestPreferenceLoss::labelSmoothingGivesConservativeDpo()
{
    // With e > 0 each pair's loss mixes the loss of the pair as labelled and flipped.
    const double beta = 0.3, e = 0.1;
    auto plain = finetune::preferenceLoss(fixedInputs(), optionsFor(PreferenceMethod::Dpo, beta));
    auto smoothed = finetune::preferenceLoss(fixedInputs(), optionsFor(PreferenceMethod::Dpo, beta, e));
    double flipped = 0.0, asLabelled = 0.0;
    for (size_t i = 0; i < kPairs; ++i) {
        const double z = (kPc[i] - kRc[i]) - (kPr[i] - kRr[i]);
        asLabelled += -logSigmoid(beta * z) / kPairs;
        flipped += -logSigmoid(-beta * z) / kPairs;
    }
    QVERIFY(std::abs(plain.loss.item<double>() - asLabelled) < 1e-12);
    QVERIFY(std::abs(smoothed.loss.item<double>() - ((1 - e) * asLabelled + e * flipped)) < 1e-12);
    QVERIFY(std::abs(smoothed.loss.item<double>() - plain.loss.item<double>()) > 1e-3);
    // The rewards do not depend on the smoothing.
    QCOMPARE(smoothed.rewardMargin, plain.rewardMargin);
}

void TestPreferenceLoss::dpoAtTheReferenceIsLn2()
{
    // Policy = reference: z = 0, so every pair's loss is -log s(0) = ln 2, smoothed or not,
    // and all rewards are 0 (no pair counts as won).
    auto in = fixedInputs();
    in.referenceChosenLogps = in.chosenLogps.clone();
    in.referenceRejectedLogps = in.rejectedLogps.clone();
    for (double e : {0.0, 0.25}) {
        auto out = finetune::preferenceLoss(in, optionsFor(PreferenceMethod::Dpo, 0.1, e));
        QVERIFY(std::abs(out.loss.item<double>() - 0.69314718055994531) < 1e-15);
        QCOMPARE(out.rewardMargin, 0.0);
        QCOMPARE(out.accuracy, 0.0);
    }
}

void TestPreferenceLoss::dpoGradientIsHandDerived()
{
    // d loss / d pc_i = (1/B) d/dz [-(1 - e) log s(beta z) - e log s(-beta z)]
    //                = (1/B) [-(1 - e) beta s(-beta z_i) + e beta s(beta z_i)],
    // which for e = 0 is -beta s(-beta z_i)/B; d loss / d pr_i is its negative.
    for (double e : {0.0, 0.2}) {
        const double beta = 0.4;
        auto in = fixedInputs();
        in.chosenLogps.requires_grad_(true);
        in.rejectedLogps.requires_grad_(true);
        auto out = finetune::preferenceLoss(in, optionsFor(PreferenceMethod::Dpo, beta, e));
        out.loss.backward();
        for (size_t i = 0; i < kPairs; ++i) {
            const double z = (kPc[i] - kRc[i]) - (kPr[i] - kRr[i]);
            const double expected = (-(1 - e) * beta * sigmoid(-beta * z) + e * beta * sigmoid(beta * z)) / kPairs;
            QVERIFY(std::abs(in.chosenLogps.grad()[int64_t(i)].item<double>() - expected) < 1e-14);
            QVERIFY(std::abs(in.rejectedLogps.grad()[int64_t(i)].item<double>() + expected) < 1e-14);
        }
    }
}

void TestPreferenceLoss::ipoMatchesHandComputation_data()
{
    QTest::addColumn<double>("beta");
    QTest::newRow("beta 0.1") << 0.1;
    QTest::newRow("beta 1") << 1.0;
    QTest::newRow("beta 20") << 20.0;
}

void TestPreferenceLoss::ipoMatchesHandComputation()
{
    QFETCH(double, beta);
    // Per-token ratios: z_i = (pc - rc)/nc - (pr - rr)/nr, loss = mean (z_i - 1/(2 beta))^2;
    // rewards beta (pc - rc)/nc and beta (pr - rr)/nr.
    HandResult hand;
    for (size_t i = 0; i < kPairs; ++i) {
        const double chosen = (kPc[i] - kRc[i]) / kNc[i], rejected = (kPr[i] - kRr[i]) / kNr[i];
        const double gap = chosen - rejected - 1.0 / (2.0 * beta);
        hand.loss += gap * gap / kPairs;
        hand.chosenRewards.push_back(beta * chosen);
        hand.rejectedRewards.push_back(beta * rejected);
    }
    finishRewards(hand);
    compareWith(finetune::preferenceLoss(fixedInputs(), optionsFor(PreferenceMethod::Ipo, beta)), hand);
}

void TestPreferenceLoss::orpoMatchesHandComputation_data()
{
    QTest::addColumn<double>("lambda");
    QTest::addColumn<double>("chosenNll"); // < 0: leave it out, so it comes from the answers
    QTest::newRow("lambda 0.1, NLL from the answers") << 0.1 << -1.0;
    QTest::newRow("lambda 0.25, NLL given") << 0.25 << 2.75;
    QTest::newRow("lambda 1, NLL given") << 1.0 << 0.5;
}

void TestPreferenceLoss::orpoMatchesHandComputation()
{
    QFETCH(double, lambda);
    QFETCH(double, chosenNll);
    // a = p/n (average log-probability), odds(a) = e^a / (1 - e^a);
    // log_odds_i = log odds(ac_i) - log odds(ar_i); loss = nll - lambda mean_i log s(log_odds_i),
    // nll = -(sum pc)/(sum nc) = 49.75/20 when not given. Rewards lambda ac, lambda ar.
    auto in = fixedInputs();
    in.referenceChosenLogps = torch::Tensor(); // ORPO has no reference model
    in.referenceRejectedLogps = torch::Tensor();
    double nll = (12.5 + 30.25 + 7.0) / (5 + 12 + 3);
    if (chosenNll >= 0) {
        in.chosenNll = torch::tensor(chosenNll, torch::kDouble).requires_grad_(true);
        nll = chosenNll;
    }
    HandResult hand;
    hand.loss = nll;
    for (size_t i = 0; i < kPairs; ++i) {
        const double ac = kPc[i] / kNc[i], ar = kPr[i] / kNr[i];
        const double logOdds = (ac - std::log(1 - std::exp(ac))) - (ar - std::log(1 - std::exp(ar)));
        hand.loss -= lambda * logSigmoid(logOdds) / kPairs;
        hand.chosenRewards.push_back(lambda * ac);
        hand.rejectedRewards.push_back(lambda * ar);
    }
    finishRewards(hand);
    auto out = finetune::preferenceLoss(in, optionsFor(PreferenceMethod::Orpo, lambda));
    compareWith(out, hand);
    if (in.chosenNll.defined()) {
        // The SFT term enters with weight 1.
        out.loss.backward();
        QCOMPARE(in.chosenNll.grad().item<double>(), 1.0);
    }
}

void TestPreferenceLoss::simpoMatchesHandComputation_data()
{
    QTest::addColumn<double>("beta");
    QTest::addColumn<double>("gamma");
    QTest::addColumn<double>("labelSmoothing");
    QTest::newRow("beta 2, gamma 0.5") << 2.0 << 0.5 << 0.0;
    QTest::newRow("beta 2.5, gamma 1.4, e 0.15") << 2.5 << 1.4 << 0.15;
    QTest::newRow("beta 0.1, no margin") << 0.1 << 0.0 << 0.0;
}

void TestPreferenceLoss::simpoMatchesHandComputation()
{
    QFETCH(double, beta);
    QFETCH(double, gamma);
    QFETCH(double, labelSmoothing);
    // The paper's form: x_i = beta ac_i - beta ar_i - gamma (gamma the target margin),
    // loss = mean [-(1 - e) log s(x_i) - e log s(-x_i)]; rewards beta ac, beta ar.
    auto in = fixedInputs();
    in.referenceChosenLogps = torch::Tensor();
    in.referenceRejectedLogps = torch::Tensor();
    HandResult hand;
    for (size_t i = 0; i < kPairs; ++i) {
        const double ac = kPc[i] / kNc[i], ar = kPr[i] / kNr[i];
        const double x = beta * ac - beta * ar - gamma;
        hand.loss += (-(1 - labelSmoothing) * logSigmoid(x) - labelSmoothing * logSigmoid(-x)) / kPairs;
        hand.chosenRewards.push_back(beta * ac);
        hand.rejectedRewards.push_back(beta * ar);
    }
    finishRewards(hand);
    compareWith(finetune::preferenceLoss(in, optionsFor(PreferenceMethod::Simpo, beta, labelSmoothing, gamma)),
                hand);
}

void TestPreferenceLoss::floatInputsGiveFloatLoss()
{
    auto in = fixedInputs();
    auto exact = finetune::preferenceLoss(in, optionsFor(PreferenceMethod::Ipo, 0.5)).loss.item<double>();
    for (auto* t : {&in.chosenLogps, &in.rejectedLogps, &in.referenceChosenLogps, &in.referenceRejectedLogps})
        *t = t->to(torch::kBFloat16); // these values are exact in bf16
    auto out = finetune::preferenceLoss(in, optionsFor(PreferenceMethod::Ipo, 0.5));
    QCOMPARE(out.loss.scalar_type(), torch::kFloat);
    QVERIFY(std::abs(out.loss.item<double>() - exact) < 1e-6 * exact);
}

void TestPreferenceLoss::badInputsNameTheirField_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("change");
    QTest::addColumn<QString>("error");
    const int dpo = int(PreferenceMethod::Dpo), ipo = int(PreferenceMethod::Ipo);
    const int orpo = int(PreferenceMethod::Orpo), simpo = int(PreferenceMethod::Simpo);
    QTest::newRow("beta 0") << dpo << "beta 0" << "beta: must be positive, got 0";
    QTest::newRow("beta negative") << simpo << "beta -1" << "beta: must be positive";
    QTest::newRow("smoothing 0.5") << dpo << "smoothing 0.5" << "labelSmoothing: must lie in [0, 0.5), got 0.5";
    QTest::newRow("smoothing negative") << simpo << "smoothing -0.1" << "labelSmoothing: must lie in [0, 0.5)";
    QTest::newRow("smoothing for IPO") << ipo << "smoothing 0.1" << "labelSmoothing: ipo has no label smoothing";
    QTest::newRow("smoothing for ORPO") << orpo << "smoothing 0.1" << "labelSmoothing: orpo has no label smoothing";
    QTest::newRow("gamma negative") << simpo << "gamma -0.5" << "simpoGamma: must be zero or positive";
    QTest::newRow("DPO without reference") << dpo << "no referenceChosenLogps"
                                           << "referenceChosenLogps: dpo needs the reference model's log-probabilities";
    QTest::newRow("IPO without reference") << ipo << "no referenceRejectedLogps"
                                           << "referenceRejectedLogps: ipo needs the reference model's";
    QTest::newRow("IPO without counts") << ipo << "no chosenTokens"
                                        << "chosenTokens: ipo needs the answers' token counts";
    QTest::newRow("SimPO without counts") << simpo << "no rejectedTokens" << "rejectedTokens: simpo needs";
    QTest::newRow("empty answer") << orpo << "zero rejected tokens" << "rejectedTokens: pair 1 has no answer tokens";
    QTest::newRow("no chosen") << dpo << "no chosenLogps" << "chosenLogps: must be a non-empty";
    QTest::newRow("batches differ") << dpo << "short rejectedLogps"
                                    << "rejectedLogps: must be floating-point of shape [3]";
    QTest::newRow("reference misshapen") << dpo << "2-D reference" << "referenceChosenLogps: must be floating-point";
    QTest::newRow("ORPO positive log-prob") << orpo << "positive logp" << "chosenLogps: ORPO's odds need";
    QTest::newRow("ORPO NLL not a scalar") << orpo << "vector NLL" << "chosenNll: must be a floating-point scalar";
}

void TestPreferenceLoss::badInputsNameTheirField()
{
    QFETCH(int, method);
    QFETCH(QString, change);
    QFETCH(QString, error);
    auto in = fixedInputs();
    auto options = optionsFor(PreferenceMethod(method), 0.1);
    QVERIFY(errorOf(in, options).isEmpty());
    const auto words = change.split(' ');
    if (words[0] == "beta")
        options.beta = words[1].toDouble();
    else if (words[0] == "smoothing")
        options.labelSmoothing = words[1].toDouble();
    else if (words[0] == "gamma")
        options.simpoGamma = words[1].toDouble();
    else if (change == "no referenceChosenLogps")
        in.referenceChosenLogps = torch::Tensor();
    else if (change == "no referenceRejectedLogps")
        in.referenceRejectedLogps = torch::Tensor();
    else if (change == "no chosenTokens")
        in.chosenTokens = torch::Tensor();
    else if (change == "no rejectedTokens")
        in.rejectedTokens = torch::Tensor();
    else if (change == "zero rejected tokens")
        in.rejectedTokens[1] = 0;
    else if (change == "no chosenLogps")
        in.chosenLogps = torch::Tensor();
    else if (change == "short rejectedLogps")
        in.rejectedLogps = in.rejectedLogps.narrow(0, 0, 2);
    else if (change == "2-D reference")
        in.referenceChosenLogps = in.referenceChosenLogps.unsqueeze(0);
    else if (change == "positive logp")
        in.chosenLogps[2] = 0.5;
    else if (change == "vector NLL")
        in.chosenNll = torch::ones({2}, torch::kDouble);
    else
        QFAIL("unknown change");
    const QString message = errorOf(in, options);
    QVERIFY2(message.startsWith(error), qPrintable(message));
}

LW_TEST_GUILESS_MAIN(TestPreferenceLoss)
#include "test_preference_loss.moc"

// The explanation next to DPO curves: it appears for a loss that stays at ln 2 after
// the warm-up and for chosen rewards that fall, and nowhere else. The curves are made
// here: ln 2 = 0.693147... (DPO's -log sigmoid(0)), with a small wobble below the
// 0.01 tolerance, and noise-free lines for the rewards.
#include "ui/panels/finetune/finetune_charts.h"
#include "ui/panels/train/train_charts.h"
#include "ui/panels/finetune/preference_hint.h"
#include "ui/widgets/loss_chart.h"
#include "test_registry.h"

#include <QLabel>
#include <QtTest>

#include <cmath>
#include <functional>

using namespace lw::ui::finetune;

namespace {

CurvePoints curve(int steps, const std::function<double(int)>& value)
{
    CurvePoints c;
    for (int s = 1; s <= steps; ++s) {
        c.steps.append(s);
        c.values.append(value(s));
    }
    return c;
}

const double kLn2 = std::log(2.0);

} // namespace

class TestPreferenceHint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void flatLossAtLn2();
    void fallingChosenRewards();
    void noHintWhenLearningOrNotDpo();
    void chartsShowTheHint();
};

void TestPreferenceHint::flatLossAtLn2()
{
    // Warm-up of 10 steps at a higher loss, then 30 steps within ±0.004 of ln 2.
    const CurvePoints loss = curve(40, [](int s) { return s <= 10 ? 0.9 : kLn2 + 0.004 * std::sin(s); });
    const CurvePoints chosen = curve(40, [](int) { return 0.0; });
    QCOMPARE(preferenceHintKind(QStringLiteral("dpo"), 10, loss, chosen), PreferenceHintKind::FlatAtLn2);
    // The warm-up counts when it is said to be shorter: 0.9 is far from ln 2.
    QCOMPARE(preferenceHintKind(QStringLiteral("dpo"), 0, loss, chosen), PreferenceHintKind::None);
    // Too few steps after the warm-up to tell.
    QCOMPARE(preferenceHintKind(QStringLiteral("dpo"), 37, loss, chosen), PreferenceHintKind::None);
    QVERIFY(preferenceHintText(PreferenceHintKind::FlatAtLn2).contains(QStringLiteral("0.693")));
}

void TestPreferenceHint::fallingChosenRewards()
{
    // Chosen rewards going from 0 down to -0.3 while the loss drops: the first quarter
    // averages about -0.04, the last about -0.26, spread within it under 0.04.
    const CurvePoints loss = curve(40, [](int s) { return kLn2 - 0.01 * s; });
    const CurvePoints chosen = curve(40, [](int s) { return -0.3 * s / 40.0; });
    QCOMPARE(preferenceHintKind(QStringLiteral("dpo"), 0, loss, chosen), PreferenceHintKind::ChosenFalling);
    QCOMPARE(preferenceHintKind(QStringLiteral("ipo"), 0, loss, chosen), PreferenceHintKind::ChosenFalling);
    QVERIFY(!preferenceHintText(PreferenceHintKind::ChosenFalling).isEmpty());
}

void TestPreferenceHint::noHintWhenLearningOrNotDpo()
{
    const CurvePoints learning = curve(40, [](int s) { return kLn2 * std::exp(-0.05 * s); });
    const CurvePoints rising = curve(40, [](int s) { return 0.01 * s; });
    QCOMPARE(preferenceHintKind(QStringLiteral("dpo"), 0, learning, rising), PreferenceHintKind::None);
    const CurvePoints flat = curve(40, [](int) { return kLn2; });
    // SFT, ORPO and SimPO have no reference: a loss at 0.693 means nothing special there.
    for (const QString& objective : {QStringLiteral("sft"), QStringLiteral("orpo"), QStringLiteral("simpo")})
        QCOMPARE(preferenceHintKind(objective, 0, flat, rising), PreferenceHintKind::None);
    // IPO's loss at a zero margin is (1/(2 beta))^2, not ln 2.
    QCOMPARE(preferenceHintKind(QStringLiteral("ipo"), 0, flat, rising), PreferenceHintKind::None);
}

void TestPreferenceHint::chartsShowTheHint()
{
    FinetuneCharts charts;
    charts.resize(900, 600);
    charts.show();
    charts.setObjective(QStringLiteral("dpo"), 5);
    QVERIFY(charts.preferenceChart()->isVisible());
    QVERIFY(!charts.trainCharts()->throughputChart()->isVisible()); // the rewards take its place
    QVERIFY(!charts.hintLabel()->isVisible());
    const CurvePoints flat = curve(25, [](int s) { return s <= 5 ? 0.8 : kLn2 + 0.002 * std::cos(s); });
    // In two batches, as the feed delivers them.
    charts.appendPoints(QStringLiteral("loss"), flat.steps.mid(0, 12), flat.values.mid(0, 12));
    QCOMPARE(charts.hintKind(), PreferenceHintKind::FlatAtLn2); // 7 steps after warm-up already
    charts.appendPoints(QStringLiteral("loss"), flat.steps.mid(12), flat.values.mid(12));
    QVERIFY(charts.hintLabel()->isVisible());
    QVERIFY(charts.hintLabel()->text().contains(QStringLiteral("0.693")));
    // A loss that leaves ln 2 takes the hint away.
    charts.appendPoints(QStringLiteral("loss"), {26, 27}, {0.5, 0.4});
    QVERIFY(!charts.hintLabel()->isVisible());
    // SFT shows no preference chart.
    charts.setObjective(QStringLiteral("sft"), 5);
    QVERIFY(!charts.preferenceChart()->isVisible());
    QVERIFY(charts.trainCharts()->throughputChart()->isVisible());
}

LW_TEST_MAIN(TestPreferenceHint)
#include "test_preference_hint.moc"

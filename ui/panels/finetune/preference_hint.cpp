#include "ui/panels/finetune/preference_hint.h"

#include <QCoreApplication>

#include <cmath>

namespace lw::ui::finetune {

namespace {

// The values whose step is past the warm-up.
QVector<double> afterWarmup(const CurvePoints& curve, qint64 warmupSteps)
{
    QVector<double> out;
    for (int i = 0; i < curve.steps.size() && i < curve.values.size(); ++i)
        if (curve.steps[i] > double(warmupSteps) && std::isfinite(curve.values[i]))
            out.append(curve.values[i]);
    return out;
}

double mean(const QVector<double>& values, int from, int to)
{
    double sum = 0;
    for (int i = from; i < to; ++i)
        sum += values[i];
    return to > from ? sum / double(to - from) : 0;
}

} // namespace

PreferenceHintKind preferenceHintKind(const QString& objective, qint64 warmupSteps, const CurvePoints& loss,
                                      const CurvePoints& chosen, int minimumSteps)
{
    if (objective != QLatin1String("dpo") && objective != QLatin1String("ipo"))
        return PreferenceHintKind::None;
    const QVector<double> chosenAfter = afterWarmup(chosen, warmupSteps);
    if (chosenAfter.size() >= minimumSteps) {
        const int quarter = std::max(1, int(chosenAfter.size()) / 4);
        const double early = mean(chosenAfter, 0, quarter);
        const double late = mean(chosenAfter, int(chosenAfter.size()) - quarter, int(chosenAfter.size()));
        double spread = 0;
        for (int i = int(chosenAfter.size()) - quarter; i < chosenAfter.size(); ++i)
            spread = std::max(spread, std::abs(chosenAfter[i] - late));
        if (late < -spread && late < early)
            return PreferenceHintKind::ChosenFalling;
    }
    // DPO's loss at a zero margin is -log sigmoid(0) = ln 2; IPO's is (1/(2 beta))^2,
    // so the flat reading is DPO's only.
    if (objective != QLatin1String("dpo"))
        return PreferenceHintKind::None;
    const QVector<double> lossAfter = afterWarmup(loss, warmupSteps);
    if (lossAfter.size() < minimumSteps)
        return PreferenceHintKind::None;
    const double ln2 = std::log(2.0);
    for (double value : lossAfter)
        if (std::abs(value - ln2) > kLn2Tolerance)
            return PreferenceHintKind::None;
    return PreferenceHintKind::FlatAtLn2;
}

QString preferenceHintText(PreferenceHintKind kind)
{
    switch (kind) {
    case PreferenceHintKind::FlatAtLn2:
        return QCoreApplication::translate(
            "lw::ui::finetune::PreferenceHint",
            "The loss sits at ln 2 = 0.693: the model does not yet prefer either answer. It still gives the chosen "
            "and the rejected answer the same odds as the base did. If it stays there, raise the learning rate or "
            "train longer; check that chosen and rejected answers really differ.");
    case PreferenceHintKind::ChosenFalling:
        return QCoreApplication::translate(
            "lw::ui::finetune::PreferenceHint",
            "The chosen rewards fall: both answers become less likely than under the base, the rejected one "
            "faster. This is common with DPO and harmless while the margin grows. If the answers get worse in "
            "the side-by-side table, lower beta or the learning rate.");
    case PreferenceHintKind::None: break;
    }
    return {};
}

} // namespace lw::ui::finetune

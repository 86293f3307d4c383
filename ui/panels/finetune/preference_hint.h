#pragma once
// The short explanation shown next to the curves of a DPO or IPO run when they read
// in a way that puzzles newcomers:
//   - the loss sits at ln 2 (0.693) after warm-up: the policy still gives chosen and
//     rejected answers the same margin over the reference, so it prefers neither yet;
//   - the chosen rewards fall: both answers become less likely, the rejected one
//     faster; common with DPO, harmful when the answers themselves degrade.
// Computed from the points the charts hold, so it follows the run as it goes.
#include <QString>
#include <QVector>

namespace lw::ui::finetune {

enum class PreferenceHintKind { None, FlatAtLn2, ChosenFalling };

struct CurvePoints {
    QVector<double> steps;
    QVector<double> values;
};

// How close to ln 2 the mean loss must be to count as "not yet preferring".
inline constexpr double kLn2Tolerance = 0.01;

// `objective`: only dpo and ipo compare with a reference (whose log-ratio starts at
// 0); other objectives get None. `loss` and `chosen` are the per-step curves.
// A flat loss: every training loss after the warm-up within kLn2Tolerance of ln 2,
// over at least `minimumSteps` points. Falling chosen rewards: the mean of the last
// quarter of the chosen rewards below zero by more than its spread allows (and lower
// than the first quarter's).
PreferenceHintKind preferenceHintKind(const QString& objective, qint64 warmupSteps, const CurvePoints& loss,
                                      const CurvePoints& chosen, int minimumSteps = 5);

// The translated text of a hint ("" for None).
QString preferenceHintText(PreferenceHintKind kind);

} // namespace lw::ui::finetune

#pragma once
// The Evaluate panel's charts (QCustomPlot): the selected evaluations' main scores side
// by side with their standard errors as error bars, and a run's score against the
// training step of each checkpoint evaluated.
#include "ui/panels/evaluate/eval_store_reader.h"

class QCustomPlot;

namespace lw::ui::evaluate {

// One point per evaluation, labelled with its model; all should share a task.
void drawScores(QCustomPlot* plot, const QList<StoredEvaluation>& evaluations);
// The evaluations of one run and task with a known step, by step.
void drawScoreBySteps(QCustomPlot* plot, const QList<StoredEvaluation>& evaluations);

} // namespace lw::ui::evaluate

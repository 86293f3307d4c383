#pragma once
// The states a followed run goes through, as the Train panel says them. Keys are the
// worker's and the store's words (running, paused, completed, early_stopped, ...) plus
// "starting" for a worker that has not reported its run yet.
#include <QString>

namespace lw::ui {

// Translated, e.g. "Training" for "running"; unknown keys come back as they are.
QString runStatusSentence(const QString& key);
// "Run #3: Completed" (the sentence alone without a run id), for the status bar.
QString runStatusMessage(qint64 runId, const QString& key);
// starting, running or paused: the run may still change.
bool isLiveRunStatus(const QString& key);

} // namespace lw::ui

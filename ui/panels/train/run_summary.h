#pragma once
// What a run that has ended leaves the user with: how it ended, its best validation loss
// and at which step, how long it took, how many tokens it saw, and where its checkpoints
// are. Read from the store, for the Train panel's summary.
#include <QString>

#include <cmath>
#include <limits>

namespace lw::ui {

struct RunSummary {
    QString error; // the store could not be read
    qint64 runId = 0;
    QString name;
    QString status; // the store's word: completed, cancelled, ...
    qint64 step = 0;
    double bestValLoss = std::numeric_limits<double>::quiet_NaN(); // NaN: never validated
    qint64 bestStep = -1;
    double seconds = -1;    // from start to end, -1 when unknown
    qint64 tokensSeen = 0;  // training tokens read: steps times tokens per step
    QString checkpointDir;  // absolute
    QString checkpointDirShown; // relative to the project folder when inside it
    int checkpointCount = 0; // checkpoint files (periodic, best, final) still there

    bool hasBestValLoss() const { return std::isfinite(bestValLoss); }
};

// Call on a pool thread.
RunSummary readRunSummary(const QString& projectDir, qint64 runId);

// One translated paragraph (rich text) saying all of it.
QString runSummaryText(const RunSummary& summary);

} // namespace lw::ui

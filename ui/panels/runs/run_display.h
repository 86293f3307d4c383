#pragma once
// How runs read in the Runs panel: translated status names and their colours, times,
// durations and sizes in the user's terms.
#include "core/store/records.h"

#include <QColor>
#include <QPalette>
#include <QString>

#include <optional>

namespace lw::ui {

QString runStatusText(lw::store::RunStatus status); // translated, e.g. "Interrupted"
// A colour per status (running blue, completed green, failures red, interrupted orange,
// ...), lightened on dark palettes. Invalid for 'created': the default text colour.
QColor runStatusColor(lw::store::RunStatus status, const QPalette& palette);
// True for the states `llmwb train --resume` continues from a checkpoint.
bool isResumable(lw::store::RunStatus status);

// Seconds of training: start to end, or to the last heartbeat while it is not finished.
std::optional<double> runDurationSeconds(const lw::store::RunRecord& run);
QString formatDuration(double seconds); // "42 s", "3 min 05 s", "2 h 07 min", "3 d 4 h"
QString formatUnixTime(double seconds); // local time, "2026-11-23 14:05"
QString formatBytes(qint64 bytes);      // "512 B", "3.4 MB", "1.20 GB"
QString runTitle(const lw::store::RunRecord& run); // "#3 baseline"

} // namespace lw::ui

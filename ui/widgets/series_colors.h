#pragma once
// Distinct curve colours that read on light and dark palettes alike.
#include <QColor>
#include <QPalette>
#include <QtGlobal>

namespace lw::ui {

// True when the palette draws dark backgrounds (a dark desktop theme).
bool isDarkPalette(const QPalette& palette);

// The index-th colour of a qualitative palette (wraps around after ten), lightened for
// dark backgrounds so that the curves keep their contrast.
QColor seriesColor(int index, const QPalette& palette);

// The colour of a run: from its id, so that a run keeps its colour whichever runs are
// shown with it and in whatever order they were picked.
QColor runColor(qint64 runId, const QPalette& palette);

} // namespace lw::ui

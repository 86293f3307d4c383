#pragma once
// Distinct curve colours that read on light and dark palettes alike.
#include <QColor>
#include <QPalette>

namespace lw::ui {

// True when the palette draws dark backgrounds (a dark desktop theme).
bool isDarkPalette(const QPalette& palette);

// The index-th colour of a qualitative palette (wraps around after ten), lightened for
// dark backgrounds so that the curves keep their contrast.
QColor seriesColor(int index, const QPalette& palette);

} // namespace lw::ui

#pragma once
#include "ui/shell/preferences.h"

namespace lw::ui {

// Applies a theme to the whole application at once (palette of the Fusion style, so
// that light and dark look the same on every desktop, with ThemedStyle's corrections
// for dark palettes). System follows the desktop's palette. Every widget gets a
// PaletteChange event; icons from themedIcon() and the style follow it when drawn.
void applyTheme(Theme theme);

// True when the application palette is dark (window text lighter than the window).
bool isDarkPalette();

} // namespace lw::ui

#pragma once
// Counts and sizes as the panels show them, in the UI language's number format
// (QLocale(): "1.23M" in English, "1,23M" in Vietnamese).
#include <QString>

namespace lw::ui {

// "812", "45.2k", "1.23M", "3.10G"
QString formatCount(double value);
// "512 MiB", "1.4 GiB" (binary units, as memory is sold and reported)
QString formatMemory(double bytes);
// `value` with `decimals` decimals, or more where a small value would lose its first 3
// significant digits: (0.000213, 3) gives "0.000213", not "0.000".
QString formatDecimals(double value, int decimals);

} // namespace lw::ui

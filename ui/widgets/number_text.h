#pragma once
// Counts and sizes as the panels show them, in the UI language's number format
// (QLocale(): "1.23M" in English, "1,23M" in Vietnamese).
#include <QString>

namespace lw::ui {

// "812", "45.2k", "1.23M", "3.10G"
QString formatCount(double value);
// "512 MiB", "1.4 GiB" (binary units, as memory is sold and reported)
QString formatMemory(double bytes);

} // namespace lw::ui

#include "ui/widgets/series_colors.h"

#include <array>

namespace lw::ui {

bool isDarkPalette(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor seriesColor(int index, const QPalette& palette)
{
    // Tableau 10: chosen to stay apart for people with the common colour deficiencies.
    static const std::array<QRgb, 10> colors = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728,
        0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf};
    const int slot = ((index % int(colors.size())) + int(colors.size())) % int(colors.size());
    QColor color = QColor::fromRgb(colors[size_t(slot)]);
    return isDarkPalette(palette) ? color.lighter(135) : color;
}

QColor runColor(qint64 runId, const QPalette& palette)
{
    // Consecutive ids, the runs most often compared, get different colours.
    return seriesColor(int(runId % 10), palette);
}

} // namespace lw::ui

#pragma once
// The palette's colours on a QCustomPlot: the base colour behind the plot and the text
// colour on both axes, so charts follow the light and dark themes alike, and the
// language's locale for the tick labels ("2,5" in Vietnamese, "2.5" in English).
class QCustomPlot;

namespace lw::ui {

void styleChartAxes(QCustomPlot* plot);

} // namespace lw::ui

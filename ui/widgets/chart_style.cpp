#include "ui/widgets/chart_style.h"

#include "ui/widgets/qcustomplot_include.h"

namespace lw::ui {

void styleChartAxes(QCustomPlot* plot)
{
    const QColor text = plot->palette().color(QPalette::WindowText);
    plot->setBackground(plot->palette().color(QPalette::Base));
    for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
        axis->setTickLabelColor(text);
        axis->setLabelColor(text);
        axis->setBasePen(QPen(text));
        axis->setTickPen(QPen(text));
        axis->setSubTickPen(QPen(text));
    }
}

} // namespace lw::ui

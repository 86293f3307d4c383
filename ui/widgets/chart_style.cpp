#include "ui/widgets/chart_style.h"

#include "ui/widgets/qcustomplot_include.h"

#include <QLocale>

namespace lw::ui {

void styleChartAxes(QCustomPlot* plot)
{
    // QCustomPlot sets its own locale when it is made (without group separators), so the
    // window's locale never reaches it: the tick labels follow the language shown here.
    QLocale language;
    language.setNumberOptions(QLocale::OmitGroupSeparator);
    if (plot->locale() != language)
        plot->setLocale(language);
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

#pragma once
// The Statistics page's charts drawn into QCustomPlot: a histogram from its bin edges
// and counts, and labelled bars. Include from .cpp files (qcustomplot_include.h).
#include <QList>
#include <QString>
#include <QStringList>

class QCustomPlot;

namespace lw::ui::data {

struct Histogram;

void drawHistogram(QCustomPlot* plot, const Histogram& histogram, const QString& title, const QString& xLabel);
void drawBars(QCustomPlot* plot, const QStringList& labels, const QList<double>& values, const QString& title);

} // namespace lw::ui::data

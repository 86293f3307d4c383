#pragma once
// The Quantize panel's charts: size on disk against perplexity for the reports shown
// (the original model as one more point, each point labelled with its model), and the
// relative error of every matrix of one report, in layer order.
#include "ui/panels/quantize/quant_report_table.h"

#include <QJsonArray>

class QCustomPlot;

namespace lw::ui::quantize {

void drawSizeAgainstPerplexity(QCustomPlot* plot, const QList<QuantReportFigures>& reports);

// `rows`: the report's per-matrix examples, {name, layer, relative_error}.
void drawMatrixErrors(QCustomPlot* plot, const QJsonArray& rows, const QString& title);

} // namespace lw::ui::quantize

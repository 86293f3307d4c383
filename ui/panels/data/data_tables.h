#pragma once
// The read-only tables of the Data panel (preview, rejected rows, step counts, removed
// samples): one look, and rows filled with each cell's full text as its tooltip.
#include <QStringList>

class QTableWidget;
class QWidget;

namespace lw::ui::data {

QTableWidget* makeReadOnlyTable(QWidget* parent, const QString& objectName);
void setTableRow(QTableWidget* table, int row, const QStringList& cells);

} // namespace lw::ui::data

#include "ui/panels/data/data_tables.h"

#include <QHeaderView>
#include <QTableWidget>

namespace lw::ui::data {

QTableWidget* makeReadOnlyTable(QWidget* parent, const QString& objectName)
{
    auto* table = new QTableWidget(parent);
    table->setObjectName(objectName);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    // Small tables (a preview, a sample of rows): every column as wide as its text, the
    // last one taking the rest.
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    return table;
}

void setTableRow(QTableWidget* table, int row, const QStringList& cells)
{
    for (int c = 0; c < cells.size(); ++c) {
        auto* item = new QTableWidgetItem(cells.at(c));
        item->setToolTip(cells.at(c)); // cells are cut to one line; the tooltip has it all
        table->setItem(row, c, item);
    }
}

} // namespace lw::ui::data

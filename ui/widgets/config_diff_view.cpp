#include "ui/widgets/config_diff_view.h"

#include "ui/widgets/check_box_contrast.h"

#include <QEvent>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace lw::ui {

ConfigDiffView::ConfigDiffView(QWidget* parent)
    : QWidget(parent),
      m_model(new ConfigDiffModel(this)),
      m_table(new QTableView(this)),
      m_onlyDifferences(new QCheckBox(tr("Show only differences"), this)),
      m_summary(new QLabel(this))
{
    m_table->setObjectName(QStringLiteral("configDiffTable"));
    m_onlyDifferences->setObjectName(QStringLiteral("onlyDifferences"));
    keepCheckBoxReadable(m_onlyDifferences);
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_onlyDifferences);
    bar->addStretch(1);
    bar->addWidget(m_summary);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_onlyDifferences, &QCheckBox::toggled, this, &ConfigDiffView::setOnlyDifferences);
    updateSummary();
}

void ConfigDiffView::setRuns(QVector<ConfigDiffModel::RunConfig> runs)
{
    m_model->setRuns(std::move(runs));
    // A few runs share the width; many keep their natural width and scroll.
    QHeaderView* header = m_table->horizontalHeader();
    const bool share = m_model->columnCount() <= 5;
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    m_table->resizeColumnsToContents();
    for (int column = 1; share && column < m_model->columnCount(); ++column)
        header->setSectionResizeMode(column, QHeaderView::Stretch);
    updateSummary();
}

void ConfigDiffView::setOnlyDifferences(bool on)
{
    if (m_onlyDifferences->isChecked() != on)
        m_onlyDifferences->setChecked(on); // comes back here through toggled
    m_model->setOnlyDifferences(on);
    updateSummary();
}

void ConfigDiffView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() != QEvent::LanguageChange)
        return;
    m_onlyDifferences->setText(tr("Show only differences"));
    updateSummary();
}

void ConfigDiffView::updateSummary()
{
    if (m_model->columnCount() == 0)
        m_summary->setText(tr("Select runs to compare their settings."));
    else
        m_summary->setText(tr("%1 of %2 settings differ")
                               .arg(m_model->differingKeys().size())
                               .arg(m_model->totalKeyCount()));
}

} // namespace lw::ui

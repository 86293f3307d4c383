#include "ui/widgets/queue_panel_layout.h"

#include "ui/widgets/qcustomplot_include.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QWidget* buildSetupColumn(QWidget* panel, const QueueSetupParts& parts, int minimumWidth)
{
    parts.message->setWordWrap(true);
    parts.message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* setup = new QWidget(panel);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(parts.runButton);
    buttons->addWidget(parts.cancelButton);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(setup);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(parts.form, 1);
    layout->addLayout(buttons);
    layout->addWidget(parts.progress);
    layout->addWidget(parts.message);
    auto* scroll = new QScrollArea(panel);
    scroll->setWidget(setup);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(minimumWidth);
    return scroll;
}

QWidget* buildResultsColumn(QWidget* panel, const QueueResultsParts& parts)
{
    auto* top = new QWidget(panel);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addLayout(parts.bar);
    topLayout->addWidget(parts.table, 1);
    auto* splitter = new QSplitter(Qt::Vertical, panel);
    splitter->addWidget(top);
    splitter->addWidget(parts.tabs);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    return splitter;
}

} // namespace

void layOutQueuePanel(QWidget* panel, const QueueSetupParts& setup, const QueueResultsParts& results,
                      QueueSetupWidth width)
{
    auto* splitter = new QSplitter(Qt::Horizontal, panel);
    splitter->addWidget(buildSetupColumn(panel, setup, width.minimum));
    splitter->addWidget(buildResultsColumn(panel, results));
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 5);
    splitter->setSizes({width.initial, 1000});
    auto* layout = new QVBoxLayout(panel);
    layout->addWidget(splitter, 1);
}

QCustomPlot* makeResultsChart(QWidget* parent, const QString& objectName, int minimumHeight)
{
    auto* plot = new QCustomPlot(parent);
    plot->setObjectName(objectName);
    plot->setMinimumHeight(minimumHeight);
    return plot;
}

} // namespace lw::ui

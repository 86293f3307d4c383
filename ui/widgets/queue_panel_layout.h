#pragma once
// The layout of the panels that run a queue of jobs and compare what the jobs stored
// (Evaluate, Quantize): on the left a scrolling setup column (the form, Run and Cancel,
// the queue's progress, a message line); on the right a bar above the results table,
// and tabs of charts and views below it; both splits can be dragged.
#include <QString>

class QCustomPlot;
class QLabel;
class QLayout;
class QPushButton;
class QTabWidget;
class QWidget;

namespace lw::ui {

// The setup column, top to bottom.
struct QueueSetupParts {
    QWidget* form = nullptr;
    QPushButton* runButton = nullptr;
    QPushButton* cancelButton = nullptr;
    QWidget* progress = nullptr;
    QLabel* message = nullptr; // wraps, and its text can be selected and copied
};

// The results column: the bar (filters, buttons) above the table, the tabs (filled
// already) below.
struct QueueResultsParts {
    QLayout* bar = nullptr;
    QWidget* table = nullptr;
    QTabWidget* tabs = nullptr;
};

struct QueueSetupWidth {
    int minimum = 340;
    int initial = 400; // the results take the rest
};

// Lays the parts out in `panel`, which must not have a layout yet.
void layOutQueuePanel(QWidget* panel, const QueueSetupParts& setup, const QueueResultsParts& results,
                      QueueSetupWidth width);

// An empty chart for a results tab.
QCustomPlot* makeResultsChart(QWidget* parent, const QString& objectName, int minimumHeight);

} // namespace lw::ui

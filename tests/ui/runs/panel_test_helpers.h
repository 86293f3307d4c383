#pragma once
// Small helpers the Runs panel tests share: finding and clicking rows as a user would,
// and answering the modal dialogs the panel opens.
#include "ui/panels/runs/runs_panel.h"
#include "ui/panels/runs/runs_table_model.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QPointer>
#include <QTableView>
#include <QTimer>
#include <QtTest>

#include <memory>

namespace panel_test {

// The table row (as shown: sorted and filtered) of a run, -1 when hidden.
inline int visibleRowOf(lw::ui::RunsPanel& panel, qint64 runId)
{
    QAbstractItemModel* model = panel.table()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        if (model->index(row, 0).data(lw::ui::RunsTableModel::RunIdRole).toLongLong() == runId)
            return row;
    return -1;
}

inline QStringList visibleNames(lw::ui::RunsPanel& panel)
{
    QStringList names;
    QAbstractItemModel* model = panel.table()->model();
    for (int row = 0; row < model->rowCount(); ++row)
        names.append(model->index(row, lw::ui::RunsTableModel::NameColumn).data().toString());
    return names;
}

// Clicks the run's row in the table (with Ctrl to add it to the selection).
inline bool clickRun(lw::ui::RunsPanel& panel, qint64 runId, Qt::KeyboardModifiers modifiers = {})
{
    const int row = visibleRowOf(panel, runId);
    if (row < 0)
        return false;
    QTableView* table = panel.table();
    const QRect rect = table->visualRect(table->model()->index(row, lw::ui::RunsTableModel::StatusColumn));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, modifiers, rect.center());
    return true;
}

// Answers the next modal dialog named `dialogName` by clicking its button named
// `buttonName` ("cancel" and "ok": a message box's standard buttons); text() is what
// the dialog said.
class DialogAnswerer {
public:
    DialogAnswerer(const QString& dialogName, const QString& buttonName)
        : m_dialogName(dialogName), m_buttonName(buttonName)
    {
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, [this] { poll(); });
        m_timer.start();
    }

    bool answered() const { return m_answered; }
    QString text() const { return m_text; }

private:
    void poll()
    {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || modal->objectName() != m_dialogName)
            return;
        if (auto* box = qobject_cast<QMessageBox*>(modal))
            m_text = box->text();
        QAbstractButton* button = nullptr;
        auto* messageBox = qobject_cast<QMessageBox*>(modal);
        if (messageBox && m_buttonName == QLatin1String("cancel"))
            button = messageBox->button(QMessageBox::Cancel);
        else if (messageBox && m_buttonName == QLatin1String("ok"))
            button = messageBox->button(QMessageBox::Ok);
        else
            button = modal->findChild<QAbstractButton*>(m_buttonName);
        if (!button)
            return;
        m_timer.stop();
        m_answered = true;
        QTest::mouseClick(button, Qt::LeftButton);
    }

    QString m_dialogName;
    QString m_buttonName;
    QTimer m_timer;
    QString m_text;
    bool m_answered = false;
};

} // namespace panel_test

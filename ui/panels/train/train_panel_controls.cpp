// TrainPanel: its buttons and keys. What is enabled when, why pausing is not offered
// for a run the app did not start, Ctrl+Return wherever the focus is, and the texts
// that follow the language.
#include "ui/panels/train/train_panel.h"

#include "ui/panels/train/train_check_section.h"

#include "ui/panels/train/dataset_section.h"
#include "ui/panels/train/run_progress_view.h"
#include "ui/panels/train/run_status_text.h"
#include "ui/panels/train/train_setup_view.h"

#include <QAction>
#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>

namespace lw::ui {

void TrainPanel::updateButtons()
{
    const bool busy = isBusy();
    const bool following = m_feed && !m_feed->hasEnded();
    const QString problem = m_projectDir.isEmpty() ? tr("Open a project first.") : m_setup->problem();
    const bool blocked = m_check->hasReport() && m_check->blocking();
    m_start->setEnabled(!busy && problem.isEmpty() && !blocked && !m_check->isChecking());
    m_check->checkButton()->setEnabled(!m_check->isChecking() && problem.isEmpty());
    m_pause->setEnabled(following && m_statusKey == QLatin1String("running") && m_feed->canPause());
    m_resume->setEnabled((following && m_statusKey == QLatin1String("paused")) ||
                         (!busy && m_lastRunResumable && m_lastRunId > 0));
    m_cancel->setEnabled(following && isLiveRunStatus(m_statusKey));
    m_copyCommand->setEnabled(!m_projectDir.isEmpty() && m_setup->datasetSection()->currentDataset().has_value());
    m_copyCommandAction->setEnabled(m_copyCommand->isEnabled());
    m_hint->setText(busy ? QString()
                         : blocked && problem.isEmpty() ? tr("Start is blocked: %1").arg(m_check->blockingReason())
                                                        : problem);
    const QString pauseTip = tr("Pause between two steps (Ctrl+Shift+P)");
    if (following && !m_feed->canPause()) {
        const QString why = tr("This run trains in a process this window did not start (an earlier session of the "
                               "app, or the command line). It can be followed and cancelled here, but not paused: "
                               "a worker takes pause and resume on its standard input, which only the program "
                               "that started it holds.");
        m_hint->setText(why);
        m_pause->setToolTip(why);
    } else {
        m_pause->setToolTip(pauseTip);
    }
}

void TrainPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    // A window shown without being activated (some window managers, a session without
    // one) has no focus widget: its keys would go to the window itself, past the panel.
    // Holding the focus makes Ctrl+Return reach keyPressEvent below until it is active.
    if (!window()->focusWidget())
        setFocus(Qt::OtherFocusReason);
}

void TrainPanel::keyPressEvent(QKeyEvent* event)
{
    // The window's Train shortcut handles Ctrl+Return while the window is active; a key
    // press reaching the panel means it did not (the window was never activated, as
    // under some window managers): train from here all the same.
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    if (enter && (event->modifiers() & Qt::ControlModifier)) {
        startTraining();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

void TrainPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TrainPanel::retranslate()
{
    m_start->setText(tr("Train"));
    m_start->setToolTip(tr("Start a new run with this setup (Ctrl+Return, wherever the focus is in the panel)"));
    m_pause->setText(tr("Pause"));
    m_resume->setText(tr("Resume"));
    m_resume->setToolTip(tr("Go on with a paused run, or continue a stopped run from its last checkpoint (Ctrl+Shift+P)"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop after the current step and save a checkpoint (Ctrl+Shift+C)"));
    m_copyCommand->setText(tr("Copy as llmwb command"));
    m_copyCommand->setToolTip(tr("Copy the `llmwb train` command line that trains this setup, to run it in a terminal "
                                 "or on another machine (Ctrl+Alt+C)"));
    m_copyCommandAction->setText(m_copyCommand->text());
    updateMemoryBudget();
    updateButtons();
}

} // namespace lw::ui

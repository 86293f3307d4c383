// MainWindow: actions, menus, shortcuts and the texts that change with the language.
#include "ui/shell/main_window.h"
#include "ui/shell/status_bar_message.h"

#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/train/train_panel.h"
#include "ui/shell/log_dock.h"
#include "ui/shell/project_context.h"
#include "ui/shell/shortcuts_dialog.h"
#include "ui/shell/user_guide_dialog.h"
#include "ui/shell/themed_icons.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStyle>

#include <algorithm>

namespace lw::ui {

void MainWindow::createActions()
{
    auto make = [this](const QString& icon, const QList<QKeySequence>& keys) {
        auto* action = new QAction(this);
        if (!icon.isEmpty())
            action->setIcon(themedIcon(icon));
        action->setShortcuts(keys);
        return action;
    };
    m_newProject = make(QStringLiteral(":/icons/new-project.svg"), {QKeySequence::New});
    connect(m_newProject, &QAction::triggered, this, &MainWindow::newProject);
    m_openProject = make(QStringLiteral(":/icons/open-project.svg"), {QKeySequence::Open});
    connect(m_openProject, &QAction::triggered, this, &MainWindow::chooseProject);
    m_openDemo = make(QString(), {});
    connect(m_openDemo, &QAction::triggered, this, &MainWindow::openDemoProject);
    m_addFiles = make(QString(), {QKeySequence(QStringLiteral("Ctrl+Shift+O"))});
    connect(m_addFiles, &QAction::triggered, this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(this, tr("Add text files"), QString(),
                                                                tr("Text files (*.txt *.md *.jsonl *.csv);;All files (*)"));
        if (files.isEmpty())
            return;
        showPanel(m_trainPanel);
        m_trainPanel->addTextFiles(files);
    });
    m_preferencesAction = make(QStringLiteral(":/icons/preferences.svg"),
                               {QKeySequence(QKeySequence::Preferences), QKeySequence(QStringLiteral("Ctrl+,"))});
    m_preferencesAction->setMenuRole(QAction::PreferencesRole);
    connect(m_preferencesAction, &QAction::triggered, this, &MainWindow::showPreferences);
    // Some platforms define no standard key to quit: Ctrl+Q there, as most desktops have it.
    const QKeySequence quit(QKeySequence::Quit);
    m_quit = make(QString(), {quit.isEmpty() ? QKeySequence(QStringLiteral("Ctrl+Q")) : quit});
    connect(m_quit, &QAction::triggered, this, &QMainWindow::close);

    // Not F5: the Runs panel refreshes with it.
    m_startRun = make(QStringLiteral(":/icons/start.svg"),
                      {QKeySequence(QStringLiteral("Ctrl+Return")), QKeySequence(QStringLiteral("Ctrl+T"))});
    connect(m_startRun, &QAction::triggered, m_trainPanel, &TrainPanel::startTraining);
    m_pauseRun = make(QStringLiteral(":/icons/pause.svg"), {QKeySequence(QStringLiteral("Ctrl+Shift+P"))});
    connect(m_pauseRun, &QAction::triggered, m_trainPanel, &TrainPanel::togglePause);
    m_cancelRun = make(QStringLiteral(":/icons/cancel.svg"), {QKeySequence(QStringLiteral("Ctrl+Shift+C"))});
    connect(m_cancelRun, &QAction::triggered, m_trainPanel, &TrainPanel::cancelTraining);

    m_toggleLog = m_logDock->toggleViewAction();
    m_toggleLog->setShortcut(QKeySequence(QStringLiteral("Ctrl+L")));
    m_userGuide = make(QString(), {QKeySequence(QKeySequence::HelpContents)});
    connect(m_userGuide, &QAction::triggered, this, &MainWindow::showUserGuide);
    m_shortcuts = make(QString(), {QKeySequence(QStringLiteral("Ctrl+/"))});
    connect(m_shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    m_about = make(QString(), {});
    connect(m_about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About LLM Workbench"),
                           tr("<h3>LLM Workbench %1</h3><p>Build, train and watch language models on your own "
                              "computer.</p><p>Training runs in worker processes (<code>llmwb</code>); every run is "
                              "recorded in the project's store.</p>")
                               .arg(QApplication::applicationVersion()));
    });
    // Shortcuts work wherever the focus is in the window, menus open or not.
    addActions({m_newProject, m_openProject, m_addFiles, m_preferencesAction, m_quit, m_startRun, m_pauseRun,
                m_cancelRun, m_toggleLog, m_userGuide, m_shortcuts});
    for (const Panel& panel : std::as_const(m_panels))
        addAction(panel.action);
}

void MainWindow::createMenus()
{
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->addAction(m_newProject);
    m_fileMenu->addAction(m_openProject);
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_fileMenu->addAction(m_openDemo);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_addFiles);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_preferencesAction);
    m_fileMenu->addSeparator();
    m_fileMenu->addAction(m_quit);

    m_runMenu = menuBar()->addMenu(QString());
    m_runMenu->addAction(m_startRun);
    m_runMenu->addAction(m_pauseRun);
    m_runMenu->addAction(m_cancelRun);

    m_viewMenu = menuBar()->addMenu(QString());
    for (const Panel& panel : std::as_const(m_panels))
        m_viewMenu->addAction(panel.action);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_toggleLog);

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->addAction(m_userGuide);
    m_helpMenu->addAction(m_shortcuts);
    m_helpMenu->addSeparator();
    m_helpMenu->addAction(m_about);
    rebuildRecentMenu();
}

QList<ShortcutGroup> MainWindow::shortcutGroups() const
{
    QList<ShortcutGroup> groups;
    for (QMenu* menu : {m_fileMenu, m_runMenu, m_viewMenu, m_helpMenu}) {
        ShortcutGroup group{ShortcutsDialog::actionText(menu->menuAction()), {}};
        for (QAction* action : menu->actions())
            if (!action->isSeparator() && !action->menu())
                group.actions.append(action);
        groups.append(group);
    }
    // Each panel's own keys: the actions it holds (the Chat panel's are matched by the
    // panel itself, before the window's shortcuts on the same keys).
    for (const Panel& panel : m_panels) {
        ShortcutGroup group{tr(panel.title), {}};
        if (panel.widget == m_chatPanel)
            group.actions = m_chatPanel->shortcutActions();
        for (QAction* action : panel.widget->findChildren<QAction*>())
            if (!action->shortcuts().isEmpty() && !group.actions.contains(action))
                group.actions.append(action);
        groups.append(group);
    }
    // Anything else of the window that has a key (a dock's, say): listed all the same.
    ShortcutGroup others{tr("Elsewhere in the window"), {}};
    for (QAction* action : findChildren<QAction*>()) {
        if (ShortcutsDialog::keysText(action).isEmpty())
            continue;
        bool listed = false;
        for (const ShortcutGroup& group : std::as_const(groups))
            listed = listed || group.actions.contains(action);
        if (!listed)
            others.actions.append(action);
    }
    groups.append(others);
    return groups;
}

void MainWindow::showShortcuts()
{
    ShortcutsDialog dialog([this] { return shortcutGroups(); }, this);
    dialog.exec();
}

void MainWindow::showUserGuide()
{
    UserGuideDialog dialog(this);
    dialog.exec();
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = m_project->recentProjects();
    for (const QString& dir : recent) {
        QAction* action = m_recentMenu->addAction(QDir::toNativeSeparators(dir));
        connect(action, &QAction::triggered, this, [this, dir] { m_project->open(dir); });
    }
    if (!recent.isEmpty()) {
        m_recentMenu->addSeparator();
        QAction* clear = m_recentMenu->addAction(tr("Clear the list"));
        connect(clear, &QAction::triggered, m_project, &ProjectContext::clearRecentProjects);
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

void MainWindow::fitSidebarToLabels()
{
    // Each label on one line, uncut: the grid is as wide as the widest title in this
    // language or in English (the source), so switching between them keeps the width
    // when English is the wider; the item view keeps a focus-frame margin each side.
    const QFontMetrics metrics(m_sidebar->font());
    int widest = 0;
    for (const Panel& panel : m_panels)
        widest = std::max({widest, metrics.horizontalAdvance(tr(panel.title)),
                           metrics.horizontalAdvance(QString::fromUtf8(panel.title))});
    const int margin = 2 * (m_sidebar->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_sidebar) + 1);
    const int gridWidth = std::max(84, widest + margin + 8);
    m_sidebar->setGridSize(QSize(gridWidth, 64));
    m_sidebar->setFixedWidth(gridWidth + 8);
}

void MainWindow::retranslate()
{
    setWindowTitle(m_project->isOpen() ? tr("%1 — LLM Workbench").arg(m_project->name()) : tr("LLM Workbench"));
    m_projectLabel->setText(m_project->isOpen() ? tr("Project: %1").arg(m_project->name()) : tr("No project"));
    m_projectLabel->setToolTip(QDir::toNativeSeparators(m_project->dir()));
    for (int i = 0; i < m_panels.size(); ++i) {
        const QString title = tr(m_panels[i].title);
        m_sidebar->item(i)->setText(title);
        m_sidebar->item(i)->setToolTip(tr("%1 (%2)").arg(title, m_panels[i].action->shortcut().toString(
                                                                    QKeySequence::NativeText)));
        m_panels[i].action->setText(title);
    }
    fitSidebarToLabels();
    if (m_message)
        m_message->retranslate();
    if (!m_fileMenu)
        return;
    m_fileMenu->setTitle(tr("&File"));
    m_newProject->setText(tr("&New Project…"));
    m_openProject->setText(tr("&Open Project…"));
    m_recentMenu->setTitle(tr("Open &Recent"));
    m_openDemo->setText(tr("Open the &Demo Project"));
    m_addFiles->setText(tr("&Add Text Files…"));
    m_preferencesAction->setText(tr("&Preferences…"));
    m_quit->setText(tr("&Quit"));
    m_runMenu->setTitle(tr("&Run"));
    m_startRun->setText(tr("&Train"));
    m_pauseRun->setText(tr("&Pause or Resume"));
    m_cancelRun->setText(tr("&Cancel"));
    m_viewMenu->setTitle(tr("&View"));
    m_toggleLog->setText(tr("&Log"));
    m_helpMenu->setTitle(tr("&Help"));
    m_userGuide->setText(tr("&User Guide"));
    m_shortcuts->setText(tr("&Keyboard Shortcuts"));
    m_about->setText(tr("&About LLM Workbench"));
    rebuildRecentMenu();
}

} // namespace lw::ui

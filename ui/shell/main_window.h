#pragma once
// The workbench window: a sidebar of panels (Train, Runs, Chat, and those of later
// issues as they are built), the running jobs in the status bar, a log dock, and the menus.
// It owns the app's services: the job supervisor, the open project, the preferences
// and the translations; panels get what they need from it.
#include <QMainWindow>
#include <QPointer>

#include <functional>

class QAction;
class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace lw::ui {

class ChatPanel;
class DemoBootstrap;
class JobSupervisor;
class JobsStatusWidget;
class LanguageSwitcher;
class LogDock;
class Preferences;
class ProjectContext;
class RunsPanel;
class StatusBarMessage;
class TrainPanel;
struct DemoProjectInfo;
namespace data {
class DataPanel;
}
namespace models {
class ModelsPanel;
}
namespace finetune {
class FinetunePanel;
}
namespace evaluate {
class EvaluatePanel;
}
namespace quantize {
class QuantizePanel;
}
struct ShortcutGroup;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // What closing does with runs still training.
    enum class ClosePolicy { Ask, KeepTraining, CancelRuns };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens `projectDir` (created when missing) when given, else the project of the last
    // session, or on the very first start the default project of the data folder (the
    // one `llmwb` uses without --project) with the demo project made in it on a pool
    // thread and the Train panel ready to go.
    void start(const QString& projectDir = QString());
    void openProject(const QString& dir);
    void openDemoProject();

    void setClosePolicy(ClosePolicy policy) { m_closePolicy = policy; }
    void showPanel(QWidget* panel);
    QWidget* currentPanel() const;

    JobSupervisor* supervisor() const { return m_supervisor; }
    ProjectContext* project() const { return m_project; }
    Preferences* preferences() const { return m_preferences; }
    LanguageSwitcher* languageSwitcher() const { return m_language; }
    TrainPanel* trainPanel() const { return m_trainPanel; }
    finetune::FinetunePanel* finetunePanel() const { return m_finetunePanel; }
    QWidget* runsPanel() const { return m_runsPanel; } // nullptr when not built
    ChatPanel* chatPanel() const { return m_chatPanel; }
    data::DataPanel* dataPanel() const { return m_dataPanel; }
    models::ModelsPanel* modelsPanel() const { return m_modelsPanel; }
    evaluate::EvaluatePanel* evaluatePanel() const { return m_evaluatePanel; }
    quantize::QuantizePanel* quantizePanel() const { return m_quantizePanel; }
    LogDock* logDock() const { return m_logDock; }
    QListWidget* sidebar() const { return m_sidebar; }

    // What Help > Keyboard Shortcuts lists: the menus' actions, then each panel's.
    QList<ShortcutGroup> shortcutGroups() const;

public Q_SLOTS:
    void showPreferences();
    void showShortcuts();
    void showUserGuide();
    void newProject();
    void chooseProject();
    void applyPreferences();

Q_SIGNALS:
    void demoReady();
    void projectOpened(const QString& dir);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    struct Panel {
        QWidget* widget;
        QString icon;
        const char* title; // translated when shown
        QAction* action;
    };
    void addPanel(QWidget* widget, const QString& icon, const char* title);
    void createActions();
    void createMenus();
    void rebuildRecentMenu();
    void onProjectChanged(const QString& dir);
    void onDemoReady(const DemoProjectInfo& demo);
    void showMessage(const QString& text);
    // A message written again in the new language while it is shown.
    void showTranslatedMessage(std::function<QString()> compose);
    bool confirmClose();
    void retranslate();
    void fitSidebarToLabels();

    Preferences* m_preferences;
    LanguageSwitcher* m_language;
    JobSupervisor* m_supervisor;
    ProjectContext* m_project;
    DemoBootstrap* m_demo;
    QListWidget* m_sidebar;
    QStackedWidget* m_stack;
    TrainPanel* m_trainPanel;
    finetune::FinetunePanel* m_finetunePanel;
    QWidget* m_runsPanel = nullptr;
    ChatPanel* m_chatPanel;
    data::DataPanel* m_dataPanel;
    models::ModelsPanel* m_modelsPanel;
    evaluate::EvaluatePanel* m_evaluatePanel;
    quantize::QuantizePanel* m_quantizePanel;
    LogDock* m_logDock;
    JobsStatusWidget* m_jobsStatus;
    QLabel* m_projectLabel;
    StatusBarMessage* m_message = nullptr;
    QList<Panel> m_panels;
    ClosePolicy m_closePolicy = ClosePolicy::Ask;

    QMenu* m_fileMenu = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_runMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_helpMenu = nullptr;
    QAction* m_newProject = nullptr;
    QAction* m_openProject = nullptr;
    QAction* m_openDemo = nullptr;
    QAction* m_addFiles = nullptr;
    QAction* m_preferencesAction = nullptr;
    QAction* m_quit = nullptr;
    QAction* m_startRun = nullptr;
    QAction* m_pauseRun = nullptr;
    QAction* m_cancelRun = nullptr;
    QAction* m_toggleLog = nullptr;
    QAction* m_shortcuts = nullptr;
    QAction* m_userGuide = nullptr;
    QAction* m_about = nullptr;
};

} // namespace lw::ui

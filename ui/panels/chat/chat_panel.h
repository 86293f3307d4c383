#pragma once
// The Chat panel: pick a model (any checkpoint of the project's runs, or the demo
// model), then chat with it, try decoding settings side by side in the decoding lab,
// or compare two models on one prompt. Models load and generate on threads of their
// own (ModelSession); the panel only draws.
//
// The demo model is trained, when first chosen, by a worker process of the app
// (DemoModelJob): the panel shows its progress, and what is asked meanwhile is answered
// by the trained model.
//
// Keys, wherever the focus is in the panel: Ctrl+Enter sends (or runs the lab or the
// comparison), Esc stops, Ctrl+R regenerates the last answer, Ctrl+N starts a new
// conversation. They are the panel's actions (shortcuts()), taken before the window's
// own shortcuts, which use some of the same keys.
#include "ui/panels/chat/generation_types.h"
#include "ui/panels/chat/model_catalog.h"

#include <QList>
#include <QPair>
#include <QWidget>

class QAction;
class QHBoxLayout;
class QVBoxLayout;
class QLabel;
class QTabWidget;
class QToolButton;

namespace lw::ui {

class ChatView;
class DecodingLab;
class ModelCompare;
class ModelPicker;
class AdapterPicker;
class ModelSession;
class Preferences;
class JobSupervisor;
class ApiServerControl;
class DemoModelJob;

class ChatPanel : public QWidget {
    Q_OBJECT
public:
    // `supervisor` runs the demo model's training (and the API server, when enabled).
    ChatPanel(JobSupervisor* supervisor, Preferences* preferences, QWidget* parent = nullptr);
    ~ChatPanel() override;

    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    const ModelCatalog& catalog() const { return m_catalog; }

    ModelSession* session() const { return m_session; }
    DemoModelJob* demoModel() const { return m_demo; }
    // The panel's keys as actions (text and shortcuts), for the window's list of keys.
    QList<QAction*> shortcutActions() const;
    ModelPicker* modelPicker() const { return m_picker; }
    AdapterPicker* adapterPicker() const { return m_adapters; }
    // Chats with run `baseRunId`'s model (its best checkpoint first) and the adapter in
    // `adapterDir` ("" for none), once the project's runs are listed.
    void chatWithAdapter(qint64 baseRunId, const QString& adapterDir);
    ChatView* chatView() const { return m_chat; }
    DecodingLab* decodingLab() const { return m_lab; }
    ModelCompare* modelCompare() const { return m_compare; }
    QTabWidget* tabs() const { return m_tabs; }
    QLabel* modelStatus() const { return m_status; }
    QLabel* loadError() const { return m_loadError; }

    // Adds the "Serve API" button, which runs `llmwb serve` on the chosen model as a job
    // of `supervisor` (the panel's own when null). Without it the panel only chats in-process.
    void enableApiServer(JobSupervisor* supervisor = nullptr);
    ApiServerControl* apiServer() const { return m_apiServer; }

public Q_SLOTS:
    void refreshModels();
    void loadSelectedModel();

Q_SIGNALS:
    void statusMessage(const QString& text);
    void modelsRefreshed();

protected:
    bool event(QEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    enum class Key { None, Send, Stop, Regenerate, NewConversation };
    Key keyOf(const QKeyEvent* event) const;
    void handleKey(Key key);
    void createActions();
    void onCatalog(const ModelCatalog& catalog);
    void applyPendingAdapter();
    void applyPreferences();
    void updateStatus();
    QString demoStatus() const;
    void retranslate();

    JobSupervisor* m_supervisor;
    Preferences* m_preferences;
    DemoModelJob* m_demo;
    QString m_projectDir;
    ModelCatalog m_catalog;
    ModelSession* m_session;
    QLabel* m_modelLabel;
    ModelPicker* m_picker;
    QLabel* m_adapterLabel;
    AdapterPicker* m_adapters;
    // A chatWithAdapter() that waits for the project's runs to be listed.
    qint64 m_pendingBaseRun = 0;
    QString m_pendingAdapter;
    QToolButton* m_refresh;
    QLabel* m_status;
    QHBoxLayout* m_topBar;
    QVBoxLayout* m_errorsLayout;
    ApiServerControl* m_apiServer = nullptr;
    QLabel* m_loadError;
    QString m_loadErrorMessage;
    QList<QPair<Key, QAction*>> m_actions;
    QTabWidget* m_tabs;
    ChatView* m_chat;
    DecodingLab* m_lab = nullptr;
    ModelCompare* m_compare = nullptr;
    bool m_shown = false;
    bool m_catalogReady = false; // the models of the current project are listed
    bool m_catalogLoading = false;
    bool m_catalogAgain = false;
};

} // namespace lw::ui

#pragma once
// The Chat panel: pick a model (any checkpoint of the project's runs, or the demo
// model), then chat with it, try decoding settings side by side in the decoding lab,
// or compare two models on one prompt. Models load and generate on threads of their
// own (ModelSession); the panel only draws.
//
// Keys, wherever the focus is in the panel: Ctrl+Enter sends (or runs the lab or the
// comparison), Esc stops, Ctrl+R regenerates the last answer, Ctrl+N starts a new
// conversation. The panel takes them before the window's own shortcuts.
#include "ui/panels/chat/generation_types.h"
#include "ui/panels/chat/model_catalog.h"

#include <QWidget>

#include <functional>

class QHBoxLayout;
class QLabel;
class QTabWidget;
class QToolButton;

namespace lw::ui {

class ChatView;
class DecodingLab;
class ModelCompare;
class ModelPicker;
class ModelSession;
class Preferences;
class JobSupervisor;
class ApiServerControl;

class ChatPanel : public QWidget {
    Q_OBJECT
public:
    explicit ChatPanel(Preferences* preferences, QWidget* parent = nullptr);
    ~ChatPanel() override;

    void setProjectDir(const QString& dir);
    QString projectDir() const { return m_projectDir; }
    const ModelCatalog& catalog() const { return m_catalog; }

    ModelSession* session() const { return m_session; }
    ModelPicker* modelPicker() const { return m_picker; }
    ChatView* chatView() const { return m_chat; }
    DecodingLab* decodingLab() const { return m_lab; }
    ModelCompare* modelCompare() const { return m_compare; }
    QTabWidget* tabs() const { return m_tabs; }
    QLabel* modelStatus() const { return m_status; }
    QLabel* loadError() const { return m_loadError; }

    // Adds the "Serve API" button, which runs `llmwb serve` on the chosen model as a job
    // of `supervisor`. Without it the panel only chats in-process.
    void enableApiServer(JobSupervisor* supervisor);
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
    static Key keyOf(const QKeyEvent* event);
    void handleKey(Key key);
    void onCatalog(const ModelCatalog& catalog);
    // Kept as a function so that a language change can say it again.
    void setStatus(std::function<QString()> text);
    void retranslate();
    QString demoProjectDir() const;

    Preferences* m_preferences;
    QString m_projectDir;
    ModelCatalog m_catalog;
    ModelSession* m_session;
    QLabel* m_modelLabel;
    ModelPicker* m_picker;
    QToolButton* m_refresh;
    QLabel* m_status;
    QHBoxLayout* m_topBar;
    ApiServerControl* m_apiServer = nullptr;
    std::function<QString()> m_statusText;
    QLabel* m_loadError;
    QTabWidget* m_tabs;
    ChatView* m_chat;
    DecodingLab* m_lab = nullptr;
    ModelCompare* m_compare = nullptr;
    bool m_shown = false;
    bool m_catalogReady = true; // the models of the current project are listed
    bool m_catalogLoading = false;
    bool m_catalogAgain = false;
};

} // namespace lw::ui

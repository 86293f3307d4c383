#include "ui/panels/chat/chat_panel.h"

#include "ui/panels/chat/api_server_control.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/decoding_lab.h"
#include "ui/panels/chat/model_compare.h"
#include "ui/panels/chat/model_picker.h"
#include "ui/panels/chat/model_session.h"
#include "ui/shell/background.h"
#include "ui/shell/preferences.h"

#include <QCoreApplication>
#include <QDir>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

// The messages ensureDemoCheckpoint reports that have no number in them.
[[maybe_unused]] const char* const kCoreMessages[] = {
    QT_TRANSLATE_NOOP("lw::ui::DemoBootstrap", "writing the demo stories"),
    QT_TRANSLATE_NOOP("lw::ui::DemoBootstrap", "training the demo tokenizer"),
    QT_TRANSLATE_NOOP("lw::ui::DemoBootstrap", "preparing the demo dataset"),
};

} // namespace

ChatPanel::ChatPanel(Preferences* preferences, QWidget* parent)
    : QWidget(parent), m_preferences(preferences), m_session(new ModelSession(this))
{
    m_modelLabel = new QLabel(this);
    m_picker = new ModelPicker(this);
    m_picker->setObjectName(QStringLiteral("chatModel"));
    m_modelLabel->setBuddy(m_picker);
    m_refresh = new QToolButton(this);
    m_refresh->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_refresh->setAutoRaise(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("modelStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_loadError = new QLabel(this);
    m_loadError->setObjectName(QStringLiteral("modelLoadError"));
    m_loadError->setWordWrap(true);
    m_loadError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_loadError->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_loadError->hide();

    auto* top = m_topBar = new QHBoxLayout;
    top->addWidget(m_modelLabel);
    top->addWidget(m_picker, 1);
    top->addWidget(m_refresh);
    top->addWidget(m_status, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("chatTabs"));
    m_tabs->setDocumentMode(true);
    m_chat = new ChatView(m_session, this);
    m_lab = new DecodingLab(m_session, this);
    m_compare = new ModelCompare(this);
    m_tabs->addTab(m_chat, QString());
    m_tabs->addTab(m_lab, QString());
    m_tabs->addTab(m_compare, QString());

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(top);
    layout->addWidget(m_loadError);
    layout->addWidget(m_tabs, 1);

    connect(m_refresh, &QToolButton::clicked, this, &ChatPanel::refreshModels);
    connect(m_picker, &ModelPicker::choiceChanged, this, [this] {
        if (m_shown)
            loadSelectedModel();
    });
    connect(m_session, &ModelSession::loadStarted, this, [this] {
        m_loadError->hide();
        setStatus([] { return tr("Loading the model…"); });
    });
    connect(m_session, &ModelSession::progress, this, [this](const QString& message) {
        setStatus([message] {
            return tr("Demo model: %1…").arg(QCoreApplication::translate("lw::ui::DemoBootstrap", qPrintable(message)));
        });
    });
    connect(m_session, &ModelSession::demoTrainingStep, this, [this](qint64 step, qint64 maxSteps) {
        setStatus([step, maxSteps] {
            return tr("Training the demo model (only this once): step %1 of %2").arg(step).arg(maxSteps);
        });
    });
    connect(m_session, &ModelSession::loaded, this, [this](const LoadedModelInfo& info) {
        m_chat->setModelKey(info.key);
        setStatus([info] { return tr("Ready · context %1 tokens · %2").arg(info.contextLength).arg(info.runner); });
        m_status->setToolTip(QDir::toNativeSeparators(info.checkpointPath));
    });
    connect(m_session, &ModelSession::loadFailed, this, [this](const QString& message) {
        m_loadError->setText(tr("The model could not be loaded: %1").arg(message));
        m_loadError->show();
        setStatus([] { return tr("No model loaded"); });
        Q_EMIT statusMessage(m_loadError->text());
    });
    connect(m_chat, &ChatView::statusMessage, this, &ChatPanel::statusMessage);
    connect(m_chat, &ChatView::modelWanted, this, [this](const QString& key) { m_picker->selectKey(key); });
    m_catalog = ModelCatalog::load(QString()); // the demo model, until the project's runs are read
    m_picker->setCatalog(m_catalog);
    retranslate();
}

ChatPanel::~ChatPanel() = default;

QString ChatPanel::demoProjectDir() const
{
    const QString data = m_preferences ? m_preferences->dataFolder() : QDir::home().filePath(QStringLiteral("LLM Workbench"));
    return QDir(data).filePath(QStringLiteral("demo"));
}

void ChatPanel::setProjectDir(const QString& dir)
{
    if (dir == m_projectDir)
        return;
    m_projectDir = dir;
    m_catalogReady = dir.isEmpty();
    m_chat->setProjectDir(dir);
    refreshModels();
}

void ChatPanel::refreshModels()
{
    if (m_catalogLoading) {
        m_catalogAgain = true;
        return;
    }
    m_catalogLoading = true;
    const QString dir = m_projectDir;
    runInBackground(this, [dir] { return ModelCatalog::load(dir); },
                    [this](const ModelCatalog& catalog) { onCatalog(catalog); });
}

void ChatPanel::onCatalog(const ModelCatalog& catalog)
{
    m_catalogLoading = false;
    if (m_catalogAgain || catalog.projectDir != m_projectDir) {
        m_catalogAgain = false;
        refreshModels();
        return;
    }
    m_catalog = catalog;
    m_catalogReady = true;
    m_picker->setCatalog(catalog);
    m_compare->setCatalog(catalog);
    if (!catalog.error.isEmpty())
        Q_EMIT statusMessage(tr("The project's runs could not be read: %1").arg(catalog.error));
    if (m_shown)
        loadSelectedModel();
    Q_EMIT modelsRefreshed();
}

void ChatPanel::loadSelectedModel()
{
    const ModelChoice choice = m_picker->currentChoice();
    // Before the project's runs are listed the picker only has the demo model, which
    // may need training: wait for the list.
    if (choice.key.isEmpty() || !m_catalogReady)
        return;
    const int threads = m_preferences ? m_preferences->threads() : 0;
    m_session->setDemoProjectDir(demoProjectDir());
    m_session->setThreads(threads);
    m_compare->setLoadOptions(demoProjectDir(), threads);
    m_session->load(choice);
}

void ChatPanel::setStatus(std::function<QString()> text)
{
    m_statusText = std::move(text);
    m_status->setText(m_statusText());
}

void ChatPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (!m_shown) {
        // Loading waits until the panel is first shown: the demo model may need training.
        m_shown = true;
        loadSelectedModel();
    } else if (!m_projectDir.isEmpty()) {
        refreshModels(); // runs may have been deleted or trained meanwhile
    }
}

ChatPanel::Key ChatPanel::keyOf(const QKeyEvent* event)
{
    const Qt::KeyboardModifiers mods = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    if (mods == Qt::ControlModifier && (key == Qt::Key_Return || key == Qt::Key_Enter))
        return Key::Send;
    if (mods == Qt::NoModifier && key == Qt::Key_Escape)
        return Key::Stop;
    if (mods == Qt::ControlModifier && key == Qt::Key_R)
        return Key::Regenerate;
    if (mods == Qt::ControlModifier && key == Qt::Key_N)
        return Key::NewConversation;
    return Key::None;
}

bool ChatPanel::event(QEvent* event)
{
    // Shortcut overrides reach the panel from the focused child upwards: taking them
    // here turns the keys into key presses for the panel, before the window's
    // shortcuts (Ctrl+N: new project, Ctrl+Enter: start training) see them.
    if (event->type() == QEvent::ShortcutOverride) {
        const Key key = keyOf(static_cast<QKeyEvent*>(event));
        if (key != Key::None && (key != Key::Stop || m_session->isBusy() || m_compare->isRunning())) {
            event->accept();
            return true;
        }
    }
    return QWidget::event(event);
}

void ChatPanel::keyPressEvent(QKeyEvent* event)
{
    const Key key = keyOf(event);
    if (key == Key::None) {
        QWidget::keyPressEvent(event);
        return;
    }
    handleKey(key);
    event->accept();
}

void ChatPanel::handleKey(Key key)
{
    QWidget* tab = m_tabs->currentWidget();
    switch (key) {
    case Key::Send:
        if (tab == m_lab)
            m_lab->run();
        else if (tab == m_compare)
            m_compare->run();
        else
            m_chat->send();
        break;
    case Key::Stop:
        m_chat->stop();
        m_lab->stop();
        m_compare->stop();
        break;
    case Key::Regenerate:
        m_tabs->setCurrentWidget(m_chat);
        m_chat->regenerate();
        break;
    case Key::NewConversation:
        m_tabs->setCurrentWidget(m_chat);
        m_chat->newConversation();
        break;
    case Key::None:
        break;
    }
}

void ChatPanel::retranslate()
{
    m_modelLabel->setText(tr("Model"));
    m_picker->setToolTip(tr("A checkpoint of one of the project's runs, or the demo model"));
    m_refresh->setToolTip(tr("Read the project's runs and checkpoints again"));
    m_tabs->setTabText(m_tabs->indexOf(m_chat), tr("Chat"));
    m_tabs->setTabText(m_tabs->indexOf(m_lab), tr("Decoding lab"));
    m_tabs->setTabText(m_tabs->indexOf(m_compare), tr("Compare models"));
    if (m_statusText)
        m_status->setText(m_statusText());
}

void ChatPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        refreshModels(); // the labels of the models are translated when read
    }
    QWidget::changeEvent(event);
}

void ChatPanel::enableApiServer(JobSupervisor* supervisor)
{
    if (m_apiServer)
        return;
    m_apiServer = new ApiServerControl(
        supervisor, [this] { return m_picker->currentChoice(); }, [this] { return m_projectDir; }, this);
    m_topBar->addWidget(m_apiServer);
    connect(m_apiServer, &ApiServerControl::listening, this,
            [this](const QString& url) { Q_EMIT statusMessage(tr("The API answers at %1/v1").arg(url)); });
}

} // namespace lw::ui

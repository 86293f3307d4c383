#include "ui/panels/chat/chat_panel.h"

#include "ui/panels/chat/adapter_picker.h"
#include "ui/panels/chat/api_server_control.h"
#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/shell/json_bridge.h"
#include "ui/panels/chat/demo_model_job.h"
#include "ui/panels/chat/decoding_lab.h"
#include "ui/panels/chat/model_compare.h"
#include "ui/panels/chat/model_picker.h"
#include "ui/panels/chat/model_session.h"
#include "ui/shell/background.h"
#include "ui/shell/preferences.h"
#include "ui/shell/worker_events.h"
#include "core/util/paths.h"

#include <QAction>
#include <QDir>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace lw::ui {

ChatPanel::ChatPanel(JobSupervisor* supervisor, Preferences* preferences, QWidget* parent)
    : QWidget(parent),
      m_supervisor(supervisor),
      m_preferences(preferences),
      m_demo(new DemoModelJob(supervisor, this)),
      m_session(new ModelSession(this))
{
    m_session->setDemoModel(m_demo);
    m_modelLabel = new QLabel(this);
    m_picker = new ModelPicker(this);
    m_picker->setObjectName(QStringLiteral("chatModel"));
    m_modelLabel->setBuddy(m_picker);
    m_adapterLabel = new QLabel(this);
    m_adapters = new AdapterPicker(this);
    m_adapters->setObjectName(QStringLiteral("chatAdapter"));
    m_adapterLabel->setBuddy(m_adapters);
    m_refresh = new QToolButton(this);
    m_refresh->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_refresh->setAutoRaise(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("modelStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);
    m_status->setWordWrap(true); // a long line (the demo model's training) takes two rows, not more room
    m_loadError = new QLabel(this);
    m_loadError->setObjectName(QStringLiteral("modelLoadError"));
    m_loadError->setWordWrap(true);
    m_loadError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_loadError->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_loadError->hide();

    auto* top = m_topBar = new QHBoxLayout;
    top->addWidget(m_modelLabel);
    top->addWidget(m_picker, 1);
    top->addWidget(m_adapterLabel);
    top->addWidget(m_adapters);
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

    m_errorsLayout = new QVBoxLayout;
    m_errorsLayout->setContentsMargins(0, 0, 0, 0);
    m_errorsLayout->addWidget(m_loadError);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(top);
    layout->addLayout(m_errorsLayout);
    layout->addWidget(m_tabs, 1);

    connect(m_refresh, &QToolButton::clicked, this, &ChatPanel::refreshModels);
    connect(m_picker, &ModelPicker::choiceChanged, this, [this](const ModelChoice& choice) {
        m_adapters->setBase(choice);
        if (m_shown)
            loadSelectedModel();
    });
    connect(m_adapters, &AdapterPicker::adapterChanged, this, [this] {
        if (m_shown)
            loadSelectedModel();
    });
    connect(m_session, &ModelSession::loadStarted, this, [this] {
        m_loadErrorMessage.clear();
        m_loadError->hide();
        updateStatus();
    });
    connect(m_session, &ModelSession::loaded, this, [this](const LoadedModelInfo& info) {
        // A fine-tune's adapter answers best in the template it learned.
        if (!info.adapterTemplate.isEmpty()) {
            try {
                m_chat->templatePicker()->setTemplate(generate::ChatTemplate::fromJson(fromQJson(info.adapterTemplate)));
            } catch (const std::exception& e) {
                Q_EMIT statusMessage(tr("The adapter's chat template could not be read: %1").arg(QString::fromUtf8(e.what())));
            }
        }
        m_chat->setModelKey(info.key);
        m_chat->setContextLength(info.contextLength);
        updateStatus();
    });
    connect(m_session, &ModelSession::loadFailed, this, [this](const QString& message) {
        m_loadErrorMessage = message;
        retranslate();
        m_loadError->show();
        updateStatus();
        Q_EMIT statusMessage(m_loadError->text());
    });
    connect(m_demo, &DemoModelJob::progressChanged, this, &ChatPanel::updateStatus);
    connect(m_chat, &ChatView::statusMessage, this, &ChatPanel::statusMessage);
    connect(m_chat, &ChatView::modelWanted, this, [this](const QString& key) { m_picker->selectKey(key); });
    m_catalog = ModelCatalog::load(QString()); // the demo model, until the project's runs are read
    m_picker->setCatalog(m_catalog);
    createActions();
    retranslate();
    if (m_preferences)
        connect(m_preferences, &Preferences::changed, this, &ChatPanel::applyPreferences);
    applyPreferences();
    // The demo model was still training for this panel when the app last closed: go on
    // with it (from its last checkpoint) without waiting to be asked again.
    if (m_demo->wasWantedBefore())
        m_demo->request();
}

ChatPanel::~ChatPanel() = default;

void ChatPanel::applyPreferences()
{
    // The demo model lives in the default project of the data folder, where the app's
    // first start and `llmwb` without --project put the demo project too.
    m_demo->setProjectDir(m_preferences ? m_preferences->defaultProjectDir()
                                        : QString::fromStdString(util::defaultProjectDir()));
    const int threads = m_preferences ? m_preferences->threads() : 0;
    m_demo->setThreads(threads);
    m_session->setThreads(threads);
    m_compare->setLoadOptions(m_demo, threads);
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
    m_adapters->setCatalog(catalog);
    m_adapters->setBase(m_picker->currentChoice());
    m_compare->setCatalog(catalog);
    applyPendingAdapter();
    if (!catalog.error.isEmpty())
        Q_EMIT statusMessage(tr("The project's runs could not be read: %1").arg(catalog.error));
    if (m_shown)
        loadSelectedModel();
    Q_EMIT modelsRefreshed();
}

void ChatPanel::chatWithAdapter(qint64 baseRunId, const QString& adapterDir)
{
    m_pendingBaseRun = baseRunId;
    m_pendingAdapter = adapterDir;
    // The run (or its adapter) may be newer than the list.
    refreshModels();
}

void ChatPanel::applyPendingAdapter()
{
    if (m_pendingBaseRun <= 0)
        return;
    const qint64 runId = m_pendingBaseRun;
    m_pendingBaseRun = 0;
    for (const ModelChoice& choice : m_catalog.models) // a run's best checkpoint comes first
        if (choice.runId == runId) {
            m_picker->selectKey(choice.key);
            break;
        }
    m_adapters->setBase(m_picker->currentChoice());
    if (!m_adapters->selectDir(m_pendingAdapter))
        Q_EMIT statusMessage(tr("%1 is not an adapter folder.").arg(m_pendingAdapter));
    if (m_shown)
        loadSelectedModel();
}

void ChatPanel::loadSelectedModel()
{
    ModelChoice choice = m_picker->currentChoice();
    choice.adapterDir = m_adapters->currentDir();
    // Before the project's runs are listed the picker only has the demo model, which
    // may need training: wait for the list.
    if (choice.key.isEmpty() || !m_catalogReady)
        return;
    m_picker->settle(); // in use now: a refresh of the list does not change it
    m_session->load(choice);
}

QString ChatPanel::demoStatus() const
{
    const QLocale locale;
    switch (m_demo->phase()) {
    case DemoModelJob::Phase::Checking:
        return tr("Looking for the demo model…");
    case DemoModelJob::Phase::Training: {
        if (m_demo->maxSteps() <= 0)
            return tr("Preparing the demo model's training…");
        QString text = tr("Training the demo model (only this once): step %1 of %2")
                           .arg(locale.toString(m_demo->step()), locale.toString(m_demo->maxSteps()));
        const QString eta = formatEta(m_demo->etaSeconds());
        if (!eta.isEmpty())
            text += tr(" · %1 left").arg(eta);
        return text;
    }
    case DemoModelJob::Phase::Following:
        return tr("Run #%1 is training the demo model in another process: step %2 of %3")
            .arg(m_demo->runId())
            .arg(locale.toString(m_demo->step()), locale.toString(m_demo->maxSteps()));
    default:
        return tr("Loading the model…");
    }
}

void ChatPanel::updateStatus()
{
    const LoadedModelInfo& info = m_session->info();
    if (m_session->isWaitingForDemo()) {
        m_status->setText(demoStatus() + tr(" · what you send is answered when it is ready"));
        m_status->setToolTip(QDir::toNativeSeparators(m_demo->projectDir()));
    } else if (m_session->isLoading()) {
        m_status->setText(tr("Loading the model…"));
        m_status->setToolTip(QString());
    } else if (m_session->isLoaded()) {
        m_status->setText(tr("Ready · the model reads up to %1 tokens").arg(QLocale().toString(info.contextLength)));
        m_status->setToolTip(QStringLiteral("%1\n%2").arg(QDir::toNativeSeparators(info.checkpointPath), info.runner));
    } else {
        m_status->setText(m_catalogReady && m_shown ? tr("No model loaded") : QString());
        m_status->setToolTip(QString());
    }
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

void ChatPanel::createActions()
{
    // Not added to any widget: the panel matches their keys itself (event() below), so
    // that they win over the window's shortcuts on the same keys.
    auto make = [this](Key key, const QList<QKeySequence>& keys) {
        auto* action = new QAction(this);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, [this, key] { handleKey(key); });
        m_actions.append({key, action});
    };
    make(Key::Send, {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    make(Key::Stop, {QKeySequence(Qt::Key_Escape)});
    make(Key::Regenerate, {QKeySequence(Qt::CTRL | Qt::Key_R)});
    make(Key::NewConversation, {QKeySequence(Qt::CTRL | Qt::Key_N)});
}

QList<QAction*> ChatPanel::shortcutActions() const
{
    QList<QAction*> actions;
    for (const auto& entry : m_actions)
        actions.append(entry.second);
    return actions;
}

ChatPanel::Key ChatPanel::keyOf(const QKeyEvent* event) const
{
    const QKeyCombination pressed(event->modifiers() & ~Qt::KeypadModifier, Qt::Key(event->key()));
    const QKeySequence sequence(pressed);
    for (const auto& [key, action] : m_actions)
        for (const QKeySequence& shortcut : action->shortcuts())
            if (shortcut.matches(sequence) == QKeySequence::ExactMatch)
                return key;
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
    for (const auto& [key, action] : std::as_const(m_actions)) {
        switch (key) {
        case Key::Send: action->setText(tr("Send the message, run the lab or the comparison")); break;
        case Key::Stop: action->setText(tr("Stop the answer")); break;
        case Key::Regenerate: action->setText(tr("Write the last answer again")); break;
        case Key::NewConversation: action->setText(tr("New conversation")); break;
        case Key::None: break;
        }
    }
    m_loadError->setText(tr("The model could not be loaded: %1").arg(m_loadErrorMessage));
    m_modelLabel->setText(tr("Model"));
    m_adapterLabel->setText(tr("Adapter"));
    m_picker->setToolTip(tr("A checkpoint of one of the project's runs, or the demo model"));
    m_refresh->setToolTip(tr("Read the project's runs and checkpoints again"));
    m_tabs->setTabText(m_tabs->indexOf(m_chat), tr("Chat"));
    m_tabs->setTabText(m_tabs->indexOf(m_lab), tr("Decoding lab"));
    m_tabs->setTabText(m_tabs->indexOf(m_compare), tr("Compare models"));
    updateStatus();
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
    // The demo model is served from the demo project, where it is (or is being) trained.
    m_apiServer = new ApiServerControl(
        supervisor ? supervisor : m_supervisor, [this] { return m_picker->currentChoice(); },
        [this] { return m_picker->currentChoice().demo ? m_demo->projectDir() : m_projectDir; }, this);
    m_topBar->addWidget(m_apiServer);
    m_errorsLayout->addWidget(m_apiServer->errorLabel());
    connect(m_apiServer, &ApiServerControl::listening, this,
            [this](const QString& url) { Q_EMIT statusMessage(tr("The API answers at %1/v1").arg(url)); });
}

} // namespace lw::ui

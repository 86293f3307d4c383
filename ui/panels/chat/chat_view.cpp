#include "ui/panels/chat/chat_view.h"

#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/conversation_archive.h"
#include "ui/panels/chat/conversation_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/panels/chat/model_session.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

namespace lw::ui {

ChatView::ChatView(ModelSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_archive(new ConversationArchive(this)),
      m_slot(std::make_shared<ConversationSlot>())
{
    buildLayout();
    connect(m_session, &ModelSession::tokenArrived, this, &ChatView::onToken);
    connect(m_session, &ModelSession::finished, this, &ChatView::onFinished);
    connect(m_session, &ModelSession::failed, this, &ChatView::onFailed);
    connect(m_archive, &ConversationArchive::listed, this, &ChatView::onListed);
    connect(m_archive, &ConversationArchive::opened, this, &ChatView::onOpened);
    connect(m_archive, &ConversationArchive::saved, this, [this](int64_t id) {
        if (m_slot->id.load() == id)
            m_conversation.id = id;
        Q_EMIT conversationSaved(id);
        refreshList();
    });
    connect(m_archive, &ConversationArchive::removed, this, [this](int64_t id) {
        if (m_conversation.id == id)
            newConversation();
        refreshList();
    });
    connect(m_archive, &ConversationArchive::failed, this,
            [this](const QString& message) { showError(tr("The conversations could not be read or saved: %1").arg(message)); });
    connect(m_view, &ConversationView::resendRequested, this, &ChatView::editAndResend);
    connect(m_view, &ConversationView::versionRequested, this, &ChatView::showAnswerVersion);
    connect(m_session, &ModelSession::measured, this, [this](quint64 jobId, const ContextUse& use) {
        if (jobId != m_measureJob)
            return;
        m_measureJob = 0;
        showContextUse(use, 0);
    });
    connect(m_send, &QPushButton::clicked, this, &ChatView::send);
    connect(m_stop, &QPushButton::clicked, this, &ChatView::stop);
    connect(m_regenerate, &QPushButton::clicked, this, &ChatView::regenerate);
    connect(m_new, &QPushButton::clicked, this, &ChatView::newConversation);
    connect(m_delete, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem* item = m_list->currentItem())
            deleteConversation(item->data(Qt::UserRole).toLongLong());
    });
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item)
            openConversation(item->data(Qt::UserRole).toLongLong());
        updateButtons();
    });
    retranslate();
    updateButtons();
}

ChatView::~ChatView() = default;

void ChatView::buildLayout()
{
    m_listTitle = new QLabel(this);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("conversationList"));
    m_new = new QPushButton(this);
    m_new->setObjectName(QStringLiteral("newConversation"));
    m_delete = new QPushButton(this);
    m_delete->setObjectName(QStringLiteral("deleteConversation"));
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_new);
    listButtons->addWidget(m_delete);
    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_listTitle);
    leftLayout->addWidget(m_list, 1);
    leftLayout->addLayout(listButtons);

    m_view = new ConversationView(this);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("chatError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    m_contextLabel = new QLabel(this);
    m_contextLabel->setObjectName(QStringLiteral("chatContext"));
    m_contextLabel->setWordWrap(true);
    m_contextLabel->setForegroundRole(QPalette::PlaceholderText);
    m_contextLabel->hide();
    m_input = new QPlainTextEdit(this);
    m_input->setObjectName(QStringLiteral("chatInput"));
    m_input->setTabChangesFocus(true);
    m_input->setMaximumHeight(90);
    m_send = new QPushButton(this);
    m_send->setObjectName(QStringLiteral("send"));
    m_send->setDefault(true);
    m_stop = new QPushButton(this);
    m_stop->setObjectName(QStringLiteral("stop"));
    m_regenerate = new QPushButton(this);
    m_regenerate->setObjectName(QStringLiteral("regenerate"));
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(m_send);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_regenerate);
    buttons->addStretch(1);
    auto* inputRow = new QHBoxLayout;
    inputRow->addWidget(m_input, 1);
    inputRow->addLayout(buttons);
    auto* middle = new QWidget(this);
    auto* middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    middleLayout->addWidget(m_view, 1);
    middleLayout->addWidget(m_contextLabel);
    middleLayout->addWidget(m_error);
    middleLayout->addLayout(inputRow);

    m_templateLabel = new QLabel(this);
    m_template = new ChatTemplatePicker(this);
    m_template->setObjectName(QStringLiteral("chatTemplate"));
    m_templateLabel->setBuddy(m_template);
    m_systemLabel = new QLabel(this);
    m_system = new QPlainTextEdit(this);
    m_system->setObjectName(QStringLiteral("systemPrompt"));
    m_system->setTabChangesFocus(true);
    m_system->setMaximumHeight(110);
    m_systemLabel->setBuddy(m_system);
    m_decodingLabel = new QLabel(this);
    m_form = new DecodingForm(this, 1); // one field per row: the side column stays narrow
    auto* settings = new QWidget(this);
    auto* settingsLayout = new QVBoxLayout(settings);
    settingsLayout->setContentsMargins(4, 0, 4, 0);
    settingsLayout->addWidget(m_templateLabel);
    settingsLayout->addWidget(m_template);
    settingsLayout->addWidget(m_systemLabel);
    settingsLayout->addWidget(m_system);
    settingsLayout->addWidget(m_decodingLabel);
    settingsLayout->addWidget(m_form);
    settingsLayout->addStretch(1);
    auto* settingsScroll = new QScrollArea(this);
    settingsScroll->setWidget(settings);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setFrameShape(QFrame::NoFrame);
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    settingsScroll->setMinimumWidth(settings->sizeHint().width() + settingsScroll->verticalScrollBar()->sizeHint().width());

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(middle);
    splitter->addWidget(settingsScroll);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    splitter->setSizes({200, 700, 280});
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);
}

void ChatView::retranslate()
{
    m_listTitle->setText(tr("Conversations"));
    m_new->setText(tr("New"));
    m_new->setToolTip(tr("Start a new conversation (Ctrl+N)"));
    m_delete->setText(tr("Delete"));
    m_delete->setToolTip(tr("Delete the selected conversation"));
    m_input->setPlaceholderText(tr("Write a message; Ctrl+Enter sends it"));
    m_send->setText(tr("Send"));
    m_send->setToolTip(tr("Send the message (Ctrl+Enter)"));
    m_stop->setText(tr("Stop"));
    m_stop->setToolTip(tr("Stop the answer being written (Esc)"));
    m_regenerate->setText(tr("Regenerate"));
    m_regenerate->setToolTip(tr("Write the last answer again with the next seed (Ctrl+R)"));
    m_templateLabel->setText(tr("Chat template"));
    m_template->setToolTip(tr("How the conversation is written out for the model"));
    m_systemLabel->setText(tr("System prompt"));
    m_system->setPlaceholderText(tr("Instructions the model sees before the conversation (optional)"));
    m_decodingLabel->setText(tr("Decoding"));
    if (m_contextUsed > 0)
        showContextUse({m_contextUsed, m_contextLength, m_outOfContext}, 0);
}

void ChatView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void ChatView::setProjectDir(const QString& dir)
{
    if (dir == m_archive->projectDir())
        return;
    stop();
    m_archive->setProjectDir(dir);
    m_list->clear();
    newConversation();
    refreshList();
}

void ChatView::showError(const QString& message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
    if (!message.isEmpty())
        Q_EMIT statusMessage(message);
}

void ChatView::updateButtons()
{
    const bool answering = isAnswering();
    m_send->setEnabled(!answering);
    m_stop->setEnabled(answering);
    const bool hasAnswer = !m_conversation.messages.empty() && m_conversation.messages.back().role == "assistant";
    m_regenerate->setEnabled(!answering && hasAnswer);
    m_delete->setEnabled(m_list->currentItem() != nullptr);
    m_view->setEditEnabled(!answering);
}

} // namespace lw::ui

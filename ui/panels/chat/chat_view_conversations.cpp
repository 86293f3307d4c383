// The Chat tab's conversations: the list of saved ones, starting, opening, saving and
// deleting them.
#include "ui/panels/chat/answer_versions.h"
#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/conversation_archive.h"
#include "ui/panels/chat/conversation_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/panels/chat/model_session.h"
#include "ui/shell/json_bridge.h"

#include <QDateTime>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>

namespace lw::ui {

void ChatView::refreshList()
{
    if (!m_archive->projectDir().isEmpty())
        m_archive->refresh();
}

void ChatView::onListed(const std::vector<store::ConversationSummary>& list)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    for (const store::ConversationSummary& c : list) {
        const QString title = c.title.empty() ? tr("(untitled)") : QString::fromStdString(c.title);
        auto* item = new QListWidgetItem(title, m_list);
        item->setData(Qt::UserRole, qint64(c.id));
        item->setToolTip(tr("%n message(s), last changed %1", nullptr, int(c.messageCount))
                             .arg(QLocale().toString(QDateTime::fromSecsSinceEpoch(qint64(c.updatedAt)),
                                                     QLocale::ShortFormat)));
        if (c.id == m_conversation.id)
            m_list->setCurrentItem(item);
    }
    updateButtons();
    Q_EMIT conversationsListed();
}

void ChatView::newConversation()
{
    if (isAnswering())
        stop();
    m_job = 0; // what the stopped answer still sends is not for this conversation
    m_answerBubble = nullptr;
    m_regenerated.reset();
    m_measureJob = 0;
    m_conversation = store::Conversation();
    m_slot = std::make_shared<ConversationSlot>();
    m_view->clearMessages();
    m_error->hide();
    showContextUse(ContextUse(), 0);
    m_list->setCurrentItem(nullptr);
    updateButtons();
    m_input->setFocus(Qt::OtherFocusReason);
}

void ChatView::openConversation(qint64 id)
{
    if (id == m_conversation.id)
        return;
    m_archive->open(id);
}

void ChatView::onOpened(const store::Conversation& conversation)
{
    newConversation();
    m_conversation = conversation;
    m_slot->id.store(conversation.id);
    m_system->setPlainText(QString::fromStdString(conversation.systemPrompt));
    try {
        if (!conversation.chatTemplate.empty())
            m_template->setTemplate(generate::ChatTemplate::fromJson(conversation.chatTemplate));
        if (!conversation.settings.empty())
            m_form->setSettings(generate::SamplerSettings::fromJson(conversation.settings));
    } catch (const std::exception& e) {
        showError(tr("This conversation's settings could not be read (%1); the current ones stay.")
                      .arg(QString::fromUtf8(e.what())));
    }
    for (const store::ConversationMessage& m : conversation.messages) {
        MessageBubble* bubble = m_view->addMessage(QString::fromStdString(m.role), QString::fromStdString(m.content));
        if (m.role == "assistant" && m.stats.contains("time_to_first_token_ms"))
            bubble->setAnswerStats(toQJson(m.stats), QString::fromStdString(m.stats.value("stop_reason", "")));
        if (m.role == "assistant")
            bubble->setVersion(shownAnswerVersion(m), int(answerVersions(m).size()));
    }
    for (int i = 0; i < m_list->count(); ++i)
        if (m_list->item(i)->data(Qt::UserRole).toLongLong() == conversation.id)
            m_list->setCurrentRow(i);
    if (!conversation.model.empty())
        Q_EMIT modelWanted(QString::fromStdString(conversation.model));
    measureContext(); // queued after the load of the model it was held with
    updateButtons();
    Q_EMIT conversationOpened(conversation.id);
}

void ChatView::deleteConversation(qint64 id)
{
    QMessageBox box(QMessageBox::Question, tr("Delete conversation"),
                    tr("Delete this conversation and all its messages? This cannot be undone."),
                    QMessageBox::Ok | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("deleteConversationDialog"));
    box.button(QMessageBox::Ok)->setText(tr("Delete"));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Ok)
        return;
    m_archive->remove(id);
}

void ChatView::save()
{
    if (m_archive->projectDir().isEmpty() || m_conversation.messages.empty())
        return;
    if (m_conversation.title.empty()) {
        // The first words of the first question name the conversation.
        QString title = QString::fromStdString(m_conversation.messages.front().content).simplified();
        if (title.size() > 48)
            title = title.left(47) + QStringLiteral("…");
        m_conversation.title = title.toStdString();
    }
    m_conversation.model = m_modelKey.toStdString();
    m_conversation.systemPrompt = m_system->toPlainText().toStdString();
    m_conversation.chatTemplate = m_template->currentTemplate().toJson();
    m_conversation.settings = m_form->settings().toJson();
    m_archive->save(m_conversation, m_slot);
}

} // namespace lw::ui

// The Chat tab's answers: sending, streaming in, stopping, regenerating, and editing a
// user message to send it again.
#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/conversation_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/panels/chat/model_session.h"
#include "ui/shell/json_bridge.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>

namespace lw::ui {

namespace {

int assistantCount(const store::Conversation& conversation)
{
    int n = 0;
    for (const auto& m : conversation.messages)
        n += m.role == "assistant" ? 1 : 0;
    return n;
}

} // namespace

void ChatView::send()
{
    const QString text = m_input->toPlainText().trimmed();
    if (text.isEmpty() || isAnswering())
        return;
    m_input->clear();
    sendMessage(text);
}

void ChatView::sendMessage(const QString& text)
{
    if (text.trimmed().isEmpty() || isAnswering())
        return;
    m_conversation.messages.push_back({"user", text.toStdString(), nlohmann::json::object(), 0});
    m_view->addMessage(QStringLiteral("user"), text);
    save(); // the question is kept even if the answer never comes
    // Reproducible, yet not the same draw for every answer of the conversation.
    startAnswer(m_form->settings().seed + uint64_t(assistantCount(m_conversation)));
}

void ChatView::regenerate()
{
    if (isAnswering() || m_conversation.messages.empty() || m_conversation.messages.back().role != "assistant")
        return;
    const nlohmann::json& stats = m_conversation.messages.back().stats;
    const uint64_t seed = stats.contains("seed") ? stats["seed"].get<uint64_t>() + 1 : m_form->settings().seed;
    m_conversation.messages.pop_back();
    m_view->truncate(int(m_conversation.messages.size()));
    startAnswer(seed);
}

void ChatView::editAndResend(int index, const QString& text)
{
    if (isAnswering() || index < 0 || index >= int(m_conversation.messages.size()) ||
        m_conversation.messages[size_t(index)].role != "user" || text.trimmed().isEmpty())
        return;
    m_conversation.messages.resize(size_t(index));
    m_view->truncate(index);
    sendMessage(text.trimmed());
}

void ChatView::stop()
{
    if (isAnswering())
        m_session->stop();
}

void ChatView::startAnswer(uint64_t seed)
{
    GenerationJob job;
    job.chat = true;
    job.chatTemplate = m_template->currentTemplate();
    const QString system = m_system->toPlainText().trimmed();
    if (!system.isEmpty())
        job.messages.push_back({"system", system.toStdString()});
    for (const store::ConversationMessage& m : m_conversation.messages)
        job.messages.push_back({m.role, m.content});
    generate::SamplerSettings settings = m_form->settings();
    settings.seed = seed;
    job.settings = {settings};
    m_answerSeed = seed;
    showError(QString());
    m_answerBubble = m_view->addMessage(QStringLiteral("assistant"), QString());
    m_answerBubble->setStreaming(true);
    m_job = m_session->start(std::move(job));
    updateButtons();
    Q_EMIT answerStarted();
}

void ChatView::onToken(quint64 jobId, const StreamedToken& token)
{
    if (jobId != m_job || !m_answerBubble)
        return;
    m_answerBubble->appendText(token.token.text);
}

void ChatView::onFinished(quint64 jobId, const QList<AnswerResult>& results)
{
    if (jobId != m_job || results.isEmpty())
        return;
    const AnswerResult& answer = results.front();
    m_job = 0;
    if (m_answerBubble) {
        m_answerBubble->setStreaming(false);
        m_answerBubble->setText(answer.text);
        m_answerBubble->setAnswerStats(answer.stats, answer.stopReason);
    }
    m_answerBubble = nullptr;
    nlohmann::json stats = fromQJson(answer.stats);
    stats["stop_reason"] = answer.stopReason.toStdString();
    stats["seed"] = m_answerSeed;
    m_conversation.messages.push_back({"assistant", answer.text.toStdString(), stats, 0});
    save();
    updateButtons();
    Q_EMIT answerFinished(answer);
}

void ChatView::onFailed(quint64 jobId, const QString& message)
{
    if (jobId != m_job)
        return;
    m_job = 0;
    if (m_answerBubble)
        m_view->truncate(m_view->count() - 1); // the answer that did not come
    m_answerBubble = nullptr;
    showError(tr("No answer: %1").arg(message));
    updateButtons();
    Q_EMIT answerFailed(message);
}

} // namespace lw::ui

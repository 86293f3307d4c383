// The Chat tab's answers: sending, streaming in, stopping, regenerating (keeping the
// earlier versions), editing a user message to send it again, and how much of the
// model's context the conversation takes.
#include "ui/panels/chat/answer_versions.h"
#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/conversation_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/panels/chat/model_session.h"
#include "ui/shell/json_bridge.h"

#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>

#include <algorithm>
#include <optional>

namespace lw::ui {

namespace {

int assistantCount(const store::Conversation& conversation)
{
    int n = 0;
    for (const auto& m : conversation.messages)
        n += m.role == "assistant" ? 1 : 0;
    return n;
}

// Models often begin an answer on a new line (after the template's "assistant" header):
// that is no part of what they say.
QString withoutLeadingSpace(const QString& text)
{
    int i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    return text.mid(i);
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
    // The next seed after every one used for this answer so far: a new draw each time.
    uint64_t seed = m_form->settings().seed;
    std::optional<uint64_t> highest;
    for (const AnswerVersion& v : answerVersions(m_conversation.messages.back()))
        if (v.stats.contains("seed") && v.stats["seed"].is_number_unsigned())
            highest = std::max(highest.value_or(0), v.stats["seed"].get<uint64_t>());
    if (highest)
        seed = *highest + 1;
    m_regenerated = m_conversation.messages.back();
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

void ChatView::showAnswerVersion(int index, int version)
{
    if (isAnswering() || index < 0 || index >= int(m_conversation.messages.size()) ||
        m_conversation.messages[size_t(index)].role != "assistant")
        return;
    store::ConversationMessage& message = m_conversation.messages[size_t(index)];
    const std::vector<AnswerVersion> versions = answerVersions(message);
    const double createdAt = message.createdAt;
    message = answerMessage(versions, version);
    message.createdAt = createdAt;
    if (MessageBubble* bubble = m_view->bubble(index)) {
        bubble->setText(QString::fromStdString(message.content));
        if (message.stats.contains("time_to_first_token_ms"))
            bubble->setAnswerStats(toQJson(message.stats), QString::fromStdString(message.stats.value("stop_reason", "")));
        bubble->setVersion(shownAnswerVersion(message), int(versions.size()));
    }
    save();
    measureContext(); // the next turn reads this version
}

void ChatView::stop()
{
    if (isAnswering())
        m_session->stop();
}

GenerationJob ChatView::conversationJob() const
{
    GenerationJob job;
    job.chat = true;
    job.chatTemplate = m_template->currentTemplate();
    const QString system = m_system->toPlainText().trimmed();
    if (!system.isEmpty())
        job.messages.push_back({"system", system.toStdString()});
    for (const store::ConversationMessage& m : m_conversation.messages)
        job.messages.push_back({m.role, m.content});
    job.settings = {m_form->settings()};
    return job;
}

void ChatView::startAnswer(uint64_t seed)
{
    GenerationJob job = conversationJob();
    job.settings.front().seed = seed;
    m_answerSeed = seed;
    m_answerStarted = false;
    showError(QString());
    m_answerBubble = m_view->addMessage(QStringLiteral("assistant"), QString());
    m_answerBubble->setStreaming(true);
    m_measureJob = 0; // the answer tells the use of the context
    m_job = m_session->start(std::move(job));
    updateButtons();
    Q_EMIT answerStarted();
}

void ChatView::onToken(quint64 jobId, const StreamedToken& token)
{
    if (jobId != m_job || !m_answerBubble)
        return;
    QString text = token.token.text;
    if (!m_answerStarted) {
        text = withoutLeadingSpace(text);
        m_answerStarted = !text.isEmpty();
    }
    if (!text.isEmpty())
        m_answerBubble->appendText(text);
}

void ChatView::onFinished(quint64 jobId, const QList<AnswerResult>& results)
{
    if (jobId != m_job || results.isEmpty())
        return;
    const AnswerResult& answer = results.front();
    const QString text = withoutLeadingSpace(answer.text);
    m_job = 0;
    nlohmann::json stats = fromQJson(answer.stats);
    stats["stop_reason"] = answer.stopReason.toStdString();
    stats["seed"] = m_answerSeed;
    std::vector<AnswerVersion> versions;
    if (m_regenerated)
        versions = answerVersions(*m_regenerated);
    m_regenerated.reset();
    versions.push_back({text.toStdString(), stats});
    m_conversation.messages.push_back(answerMessage(versions, int(versions.size()) - 1));
    if (m_answerBubble) {
        m_answerBubble->setStreaming(false);
        m_answerBubble->setText(text);
        m_answerBubble->setAnswerStats(answer.stats, answer.stopReason);
        m_answerBubble->setVersion(int(versions.size()) - 1, int(versions.size()));
    }
    m_answerBubble = nullptr;
    save();
    showContextUse(answer.context, answer.generatedTokens());
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
    restoreRegenerated();
    showError(tr("No answer: %1").arg(message));
    updateButtons();
    Q_EMIT answerFailed(message);
}

void ChatView::restoreRegenerated()
{
    // A new version that never came: the answer it was to replace comes back as it was.
    if (!m_regenerated)
        return;
    const store::ConversationMessage message = *m_regenerated;
    m_regenerated.reset();
    m_conversation.messages.push_back(message);
    MessageBubble* bubble = m_view->addMessage(QStringLiteral("assistant"), QString::fromStdString(message.content));
    if (message.stats.contains("time_to_first_token_ms"))
        bubble->setAnswerStats(toQJson(message.stats), QString::fromStdString(message.stats.value("stop_reason", "")));
    bubble->setVersion(shownAnswerVersion(message), int(answerVersions(message).size()));
}

void ChatView::setContextLength(qint64 tokens)
{
    m_contextLength = tokens;
    measureContext();
}

void ChatView::measureContext()
{
    if (m_conversation.messages.empty() || isAnswering()) {
        if (m_conversation.messages.empty())
            showContextUse(ContextUse(), 0);
        return;
    }
    m_measureJob = m_session->measure(conversationJob());
}

void ChatView::showContextUse(const ContextUse& use, qint64 answerTokens)
{
    if (use.contextLength > 0)
        m_contextLength = use.contextLength;
    // What the model read, and the answer it wrote after it: the next turn reads both.
    m_contextUsed = use.promptTokens > 0 ? std::min(use.promptTokens + answerTokens, m_contextLength) : 0;
    m_outOfContext = use.droppedMessages;
    m_view->setOutOfContext(m_outOfContext);
    if (m_contextUsed <= 0 || m_contextLength <= 0) {
        m_contextLabel->hide();
        Q_EMIT contextMeasured();
        return;
    }
    const QLocale locale;
    QString text = tr("Context: %1 of %2 tokens (%3 %)")
                       .arg(locale.toString(m_contextUsed), locale.toString(m_contextLength),
                            locale.toString(100.0 * double(m_contextUsed) / double(m_contextLength), 'f', 0));
    if (m_outOfContext > 0)
        text += tr(" · the first %n message(s) no longer fit: the model does not read them", nullptr, m_outOfContext);
    m_contextLabel->setText(text);
    m_contextLabel->setToolTip(tr("How much of what the model can read at once the conversation takes. When it is "
                                  "full, the oldest exchanges are left out (the system prompt always stays)."));
    m_contextLabel->show();
    Q_EMIT contextMeasured();
}

} // namespace lw::ui

#include "ui/panels/chat/conversation_view.h"

#include "ui/panels/chat/message_bubble.h"

#include <QScrollBar>
#include <QVBoxLayout>

namespace lw::ui {

ConversationView::ConversationView(QWidget* parent) : QScrollArea(parent)
{
    setObjectName(QStringLiteral("conversationView"));
    setWidgetResizable(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_content = new QWidget(this);
    m_layout = new QVBoxLayout(m_content);
    m_layout->setContentsMargins(8, 8, 8, 8);
    m_layout->setSpacing(8);
    m_layout->addStretch(1);
    setWidget(m_content);

    QScrollBar* bar = verticalScrollBar();
    // Follow the end only while the user has not scrolled away from it.
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) { m_followEnd = value >= bar->maximum() - 4; });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_followEnd)
            bar->setValue(maximum);
    });
}

void ConversationView::clearMessages()
{
    truncate(0);
    m_outOfContext = 0;
    m_followEnd = true;
}

MessageBubble* ConversationView::addMessage(const QString& role, const QString& text)
{
    auto* bubble = new MessageBubble(role, text, m_content);
    bubble->setEditEnabled(m_editEnabled);
    const int index = int(m_bubbles.size());
    connect(bubble, &MessageBubble::resendRequested, this,
            [this, bubble](const QString& edited) { Q_EMIT resendRequested(int(m_bubbles.indexOf(bubble)), edited); });
    connect(bubble, &MessageBubble::versionRequested, this,
            [this, bubble](int version) { Q_EMIT versionRequested(int(m_bubbles.indexOf(bubble)), version); });
    bubble->setOutOfContext(index < m_outOfContext);
    m_layout->insertWidget(index, bubble); // before the stretch
    m_bubbles.append(bubble);
    m_followEnd = true;
    return bubble;
}

void ConversationView::truncate(int index)
{
    while (m_bubbles.size() > qMax(0, index)) {
        MessageBubble* bubble = m_bubbles.takeLast();
        m_layout->removeWidget(bubble);
        bubble->hide();
        bubble->deleteLater();
    }
}

void ConversationView::setOutOfContext(int count)
{
    m_outOfContext = qMax(0, count);
    for (int i = 0; i < m_bubbles.size(); ++i)
        m_bubbles[i]->setOutOfContext(i < m_outOfContext);
}

void ConversationView::setEditEnabled(bool enabled)
{
    m_editEnabled = enabled;
    for (MessageBubble* bubble : std::as_const(m_bubbles))
        bubble->setEditEnabled(enabled);
}

} // namespace lw::ui

#pragma once
// The messages of one conversation, top to bottom, following the newest text while the
// view is scrolled to the end (and staying put when the user scrolled up to read).
#include <QList>
#include <QScrollArea>

class QVBoxLayout;

namespace lw::ui {

class MessageBubble;

class ConversationView : public QScrollArea {
    Q_OBJECT
public:
    explicit ConversationView(QWidget* parent = nullptr);

    void clearMessages();
    MessageBubble* addMessage(const QString& role, const QString& text);
    // Removes the messages from `index` on.
    void truncate(int index);
    int count() const { return int(m_bubbles.size()); }
    MessageBubble* bubble(int index) const { return m_bubbles.value(index); }
    MessageBubble* last() const { return m_bubbles.isEmpty() ? nullptr : m_bubbles.last(); }
    // Offers (or not) editing the user's messages and browsing the answers' versions.
    void setEditEnabled(bool enabled);
    // The first `count` messages are drawn as outside the model's context.
    void setOutOfContext(int count);
    int outOfContextCount() const { return m_outOfContext; }

Q_SIGNALS:
    // The user edited message `index` and sent it again.
    void resendRequested(int index, const QString& text);
    // The user asked to see version `version` of the answer at `index`.
    void versionRequested(int index, int version);

private:
    QWidget* m_content;
    QVBoxLayout* m_layout;
    QList<MessageBubble*> m_bubbles;
    bool m_editEnabled = true;
    int m_outOfContext = 0;
    bool m_followEnd = true;
};

} // namespace lw::ui

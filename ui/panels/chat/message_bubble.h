#pragma once
// One message of a conversation: who wrote it, the text (growing while an answer
// streams in), and under an answer its statistics. A user message can be edited in
// place and sent again, which drops everything after it. An answer written more than
// once (Regenerate) shows which version it is, with buttons to the others (‹ 2/3 ›).
// A message the model no longer reads (the conversation outgrew its context) is
// drawn faded, with a line that says so.
#include <QElapsedTimer>
#include <QFrame>
#include <QJsonObject>
#include <QTimer>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace lw::ui {

class MessageBubble : public QFrame {
    Q_OBJECT
public:
    MessageBubble(const QString& role, const QString& text, QWidget* parent = nullptr);

    QString role() const { return m_role; }
    QString text() const { return m_text; }
    void setText(const QString& text);
    void appendText(const QString& text);
    void setStreaming(bool streaming);
    bool isStreaming() const { return m_streaming; }
    // An answer's statistics (GenerationStats as JSON), shown in the current language.
    void setAnswerStats(const QJsonObject& stats, const QString& stopReason);
    QString statsText() const;
    // Whether the Edit button is offered (not while an answer is being written); also
    // whether the versions of an answer can be browsed.
    void setEditEnabled(bool enabled);
    // Version `shown` (from 0) of `count`; the browsing buttons show when count > 1.
    void setVersion(int shown, int count);
    int version() const { return m_version; }
    int versionCount() const { return m_versionCount; }
    QToolButton* previousVersionButton() const { return m_previous; }
    QToolButton* nextVersionButton() const { return m_next; }
    QLabel* versionLabel() const { return m_versionLabel; }
    // Left out of what the model reads (the oldest turns of a long conversation).
    void setOutOfContext(bool outside);
    bool isOutOfContext() const { return m_outOfContext; }

    bool isEditing() const;
    void startEditing();
    void cancelEditing();
    QToolButton* editButton() const { return m_edit; }
    QPlainTextEdit* editor() const { return m_editor; }
    QPushButton* resendButton() const { return m_resend; }

Q_SIGNALS:
    void resendRequested(const QString& text);
    void versionRequested(int version);

protected:
    void changeEvent(QEvent* event) override;

private:
    void showText();
    void retranslate();

    QString m_role;
    QString m_text;
    bool m_streaming = false;
    QJsonObject m_statsJson;
    QString m_stopReason;
    QTimer m_redraw;        // while streaming: at most one relayout per frame
    QElapsedTimer m_lastDraw;
    bool m_editEnabled = true;
    int m_version = 0;
    int m_versionCount = 1;
    bool m_outOfContext = false;
    QLabel* m_who;
    QLabel* m_body;
    QLabel* m_stats;
    QLabel* m_outside;
    QToolButton* m_previous = nullptr;
    QLabel* m_versionLabel = nullptr;
    QToolButton* m_next = nullptr;
    QToolButton* m_edit = nullptr;
    QWidget* m_editPane = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    QPushButton* m_resend = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace lw::ui

#pragma once
// One message of a conversation: who wrote it, the text (growing while an answer
// streams in), and under an answer its statistics. A user message can be edited in
// place and sent again, which drops everything after it.
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
    // Whether the Edit button is offered (not while an answer is being written).
    void setEditEnabled(bool enabled);

    bool isEditing() const;
    void startEditing();
    void cancelEditing();
    QToolButton* editButton() const { return m_edit; }
    QPlainTextEdit* editor() const { return m_editor; }
    QPushButton* resendButton() const { return m_resend; }

Q_SIGNALS:
    void resendRequested(const QString& text);

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
    QLabel* m_who;
    QLabel* m_body;
    QLabel* m_stats;
    QToolButton* m_edit = nullptr;
    QWidget* m_editPane = nullptr;
    QPlainTextEdit* m_editor = nullptr;
    QPushButton* m_resend = nullptr;
    QPushButton* m_cancel = nullptr;
};

} // namespace lw::ui

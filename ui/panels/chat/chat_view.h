#pragma once
// The Chat tab: the project's saved conversations (left), the conversation with its
// input line (middle), and how it is held (right): chat template, system prompt and
// decoding settings. Answers stream in token by token from the ModelSession; each one
// is saved with its statistics. Stop, Regenerate (which keeps the earlier answers to
// browse), and Edit-and-resend of a user message (which drops what followed it) act on
// the conversation on screen. A line under it tells how much of the model's context
// the conversation takes, and the turns left out of it are marked.
#include "core/store/records.h"
#include "ui/panels/chat/generation_types.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QPushButton;

namespace lw::ui {

class ChatTemplatePicker;
class ConversationArchive;
class ConversationView;
class DecodingForm;
class MessageBubble;
class ModelSession;
struct ConversationSlot;

class ChatView : public QWidget {
    Q_OBJECT
public:
    ChatView(ModelSession* session, QWidget* parent = nullptr);
    ~ChatView() override;

    void setProjectDir(const QString& dir);
    // The model answers come from ("demo" or a checkpoint path), saved with the conversation.
    void setModelKey(const QString& key) { m_modelKey = key; }
    // The loaded model's context, in tokens: the conversation's use of it is measured again.
    void setContextLength(qint64 tokens);

    const store::Conversation& conversation() const { return m_conversation; }
    bool isAnswering() const { return m_job != 0; }

    ConversationView* conversationView() const { return m_view; }
    QListWidget* conversationList() const { return m_list; }
    QPlainTextEdit* input() const { return m_input; }
    QPlainTextEdit* systemPrompt() const { return m_system; }
    QPushButton* sendButton() const { return m_send; }
    QPushButton* stopButton() const { return m_stop; }
    QPushButton* regenerateButton() const { return m_regenerate; }
    QPushButton* newButton() const { return m_new; }
    QPushButton* deleteButton() const { return m_delete; }
    DecodingForm* decodingForm() const { return m_form; }
    ChatTemplatePicker* templatePicker() const { return m_template; }
    ConversationArchive* archive() const { return m_archive; }
    QLabel* errorLabel() const { return m_error; }
    QLabel* contextLabel() const { return m_contextLabel; }
    // The conversation's prompt as the model last read it, in tokens, and the messages
    // left out of it (the oldest ones).
    qint64 contextUsed() const { return m_contextUsed; }
    int messagesOutOfContext() const { return m_outOfContext; }

public Q_SLOTS:
    void send();                          // the input's text as the next user message
    void sendMessage(const QString& text);
    void stop();
    void regenerate();                    // the last answer again, with the next seed
    void editAndResend(int index, const QString& text);
    // Shows version `version` of the answer at `index`; the model reads that one next.
    void showAnswerVersion(int index, int version);
    void newConversation();
    void openConversation(qint64 id);
    void deleteConversation(qint64 id);   // asks first
    void refreshList();

Q_SIGNALS:
    void answerStarted();
    void answerFinished(const lw::ui::AnswerResult& answer);
    void answerFailed(const QString& message);
    void conversationSaved(qint64 id);
    void conversationsListed();
    void conversationOpened(qint64 id);
    void statusMessage(const QString& text);
    void modelWanted(const QString& key); // a reopened conversation was held with this model
    void contextMeasured();

protected:
    void changeEvent(QEvent* event) override;

private:
    void buildLayout();
    void retranslate();
    void startAnswer(uint64_t seed);
    GenerationJob conversationJob() const;
    void measureContext();
    void showContextUse(const ContextUse& use, qint64 answerTokens);
    void restoreRegenerated();
    void onToken(quint64 jobId, const StreamedToken& token);
    void onFinished(quint64 jobId, const QList<AnswerResult>& results);
    void onFailed(quint64 jobId, const QString& message);
    void onListed(const std::vector<store::ConversationSummary>& list);
    void onOpened(const store::Conversation& conversation);
    void save();
    void showError(const QString& message);
    void updateButtons();

    ModelSession* m_session;
    ConversationArchive* m_archive;
    QListWidget* m_list;
    QPushButton* m_new;
    QPushButton* m_delete;
    QLabel* m_listTitle;
    ConversationView* m_view;
    QPlainTextEdit* m_input;
    QPushButton* m_send;
    QPushButton* m_stop;
    QPushButton* m_regenerate;
    QLabel* m_error;
    QLabel* m_contextLabel;
    QLabel* m_templateLabel;
    ChatTemplatePicker* m_template;
    QLabel* m_systemLabel;
    QPlainTextEdit* m_system;
    QLabel* m_decodingLabel;
    DecodingForm* m_form;

    store::Conversation m_conversation;
    std::shared_ptr<ConversationSlot> m_slot;
    QString m_modelKey;
    quint64 m_job = 0;
    MessageBubble* m_answerBubble = nullptr;
    uint64_t m_answerSeed = 0;
    bool m_answerStarted = false; // leading blank lines of the answer are skipped
    std::optional<store::ConversationMessage> m_regenerated; // the answer Regenerate replaces
    quint64 m_measureJob = 0;
    qint64 m_contextLength = 0;
    qint64 m_contextUsed = 0;
    int m_outOfContext = 0;
};

} // namespace lw::ui

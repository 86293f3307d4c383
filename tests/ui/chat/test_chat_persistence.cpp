// Conversations live in the project's SQLite store: they are there after the panel is
// closed (read back with core's Store, apart from the panel), a new panel lists and
// reopens them and goes on under the same id, and Delete asks first. A damaged
// checkpoint among the project's models is a clear error, never a crash.
#include "chat_test_support.h"
#include "core/store/project.h"
#include "core/store/sqlite_connection.h"
#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/conversation_archive.h"
#include "ui/panels/chat/conversation_view.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QFile>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>

using namespace lw::ui;
using chat_test::answerOf;

class TestChatPersistence : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void conversationsOutliveThePanel();
    void reopenedConversationGoesOn();
    void deleteAsksFirst();
    void damagedCheckpointIsAClearError();

private:
    lw::store::Store openStore() const
    {
        return lw::store::Project::open(m_fixture.projectDir.toStdString()).openStore();
    }
    AnswerResult ask(ChatView* view, const QString& text);
    void waitSaved(ChatView* view);

    QTemporaryDir m_dir;
    chat_test::ChatFixture m_fixture;
    std::unique_ptr<Preferences> m_preferences;
    qint64 m_savedId = 0;
};

void TestChatPersistence::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_fixture = chat_test::makeChatFixture(m_dir);
    m_preferences = std::make_unique<Preferences>();
}

AnswerResult TestChatPersistence::ask(ChatView* view, const QString& text)
{
    QSignalSpy finished(view, &ChatView::answerFinished);
    view->sendMessage(text);
    if (!finished.wait(30000))
        qFatal("no answer to %s", qPrintable(text));
    return answerOf(finished);
}

void TestChatPersistence::waitSaved(ChatView* view)
{
    QTRY_VERIFY_WITH_TIMEOUT(!view->archive()->isBusy(), 10000);
}

void TestChatPersistence::conversationsOutliveThePanel()
{
    auto panel = chat_test::openPanel(m_fixture, m_preferences.get());
    ChatView* view = panel->chatView();
    view->decodingForm()->setSettings(chat_test::greedySettings(16));
    view->systemPrompt()->setPlainText(QStringLiteral("You tell stories."));
    view->templatePicker()->setTemplate(lw::generate::builtinChatTemplate("alpaca"));
    const AnswerResult first = ask(view, QStringLiteral("Where did the fox go?"));
    const AnswerResult second = ask(view, QStringLiteral("And the rabbit?"));
    waitSaved(view);
    m_savedId = view->conversation().id;
    QVERIFY(m_savedId > 0);
    QCOMPARE(view->conversationList()->count(), 1);
    panel.reset(); // the panel is closed; the store keeps everything

    lw::store::Store store = openStore();
    const auto list = store.listConversations();
    QCOMPARE(list.size(), size_t(1));
    QCOMPARE(list[0].title, std::string("Where did the fox go?"));
    QCOMPARE(list[0].messageCount, int64_t(4));
    const auto saved = store.conversation(m_savedId);
    QVERIFY(saved);
    QCOMPARE(saved->model, std::string("runs/1-chat-test/checkpoints/best.ckpt")); // relative to the project
    QCOMPARE(saved->systemPrompt, std::string("You tell stories."));
    QCOMPARE(saved->chatTemplate["name"].get<std::string>(), std::string("alpaca"));
    QCOMPARE(saved->settings["temperature"].get<double>(), 0.0);
    QCOMPARE(saved->messages[1].content, first.text.toStdString());
    QCOMPARE(saved->messages[3].content, second.text.toStdString());
    QVERIFY(saved->messages[3].stats["time_to_first_token_ms"].get<double>() > 0);
    QCOMPARE(saved->messages[3].stats["stop_reason"].get<std::string>(), second.stopReason.toStdString());
}

void TestChatPersistence::reopenedConversationGoesOn()
{
    auto panel = chat_test::openPanel(m_fixture, m_preferences.get());
    ChatView* view = panel->chatView();
    QTRY_COMPARE_WITH_TIMEOUT(view->conversationList()->count(), 1, 10000);
    QSignalSpy opened(view, &ChatView::conversationOpened);
    view->conversationList()->setCurrentRow(0); // as a click on it does
    QVERIFY(opened.wait(10000));
    QCOMPARE(opened.first().first().toLongLong(), m_savedId);

    const lw::store::Conversation saved = *openStore().conversation(m_savedId);
    ConversationView* messages = view->conversationView();
    QCOMPARE(messages->count(), 4);
    for (int i = 0; i < 4; ++i)
        QCOMPARE(messages->bubble(i)->text().toStdString(), saved.messages[size_t(i)].content);
    QVERIFY(messages->bubble(3)->statsText().contains(QStringLiteral("first token")));
    QCOMPARE(view->systemPrompt()->toPlainText(), QStringLiteral("You tell stories."));
    QCOMPARE(view->templatePicker()->currentTemplate().name, std::string("alpaca"));
    QCOMPARE(view->decodingForm()->settings().max_tokens, int64_t(16));

    // Going on: the answer follows the whole conversation, saved under the same id.
    const AnswerResult third = ask(view, QStringLiteral("What happened next?"));
    waitSaved(view);
    const auto list = openStore().listConversations();
    QCOMPARE(list.size(), size_t(1));
    QCOMPARE(list[0].messageCount, int64_t(6));
    std::vector<std::pair<std::string, std::string>> history = {{"system", "You tell stories."}};
    for (const auto& m : saved.messages)
        history.emplace_back(m.role, m.content);
    history.emplace_back("user", "What happened next?");
    QCOMPARE(third.text.toStdString(), chat_test::greedyChatAnswer(m_fixture.checkpoint, "alpaca", history, 16));
}

void TestChatPersistence::deleteAsksFirst()
{
    auto panel = chat_test::openPanel(m_fixture, m_preferences.get());
    ChatView* view = panel->chatView();
    QTRY_COMPARE_WITH_TIMEOUT(view->conversationList()->count(), 1, 10000);
    QSignalSpy opened(view, &ChatView::conversationOpened);
    view->conversationList()->setCurrentRow(0);
    QVERIFY(opened.wait(10000));
    QVERIFY(view->deleteButton()->isEnabled());
    {
        chat_test::MessageBoxAnswerer no(QStringLiteral("deleteConversationDialog"), QMessageBox::Cancel);
        QTest::mouseClick(view->deleteButton(), Qt::LeftButton);
        QVERIFY(no.answered());
    }
    QTest::qWait(200);
    QCOMPARE(openStore().listConversations().size(), size_t(1));
    {
        chat_test::MessageBoxAnswerer yes(QStringLiteral("deleteConversationDialog"), QMessageBox::Ok);
        QTest::mouseClick(view->deleteButton(), Qt::LeftButton);
        QVERIFY(yes.answered());
    }
    QTRY_COMPARE_WITH_TIMEOUT(view->conversationList()->count(), 0, 10000);
    QVERIFY(openStore().listConversations().empty());
    lw::store::Store store = openStore();
    QCOMPARE(store.connection().scalarInt64("SELECT count(*) FROM conversation_messages"), int64_t(0));
    QCOMPARE(view->conversationView()->count(), 0); // the deleted conversation left the screen
    QVERIFY(view->conversation().messages.empty());
}

void TestChatPersistence::damagedCheckpointIsAClearError()
{
    // A checkpoint of the run whose bytes changed after it was written.
    QByteArray bytes;
    {
        QFile good(m_fixture.checkpoint);
        QVERIFY(good.open(QIODevice::ReadOnly));
        bytes = good.readAll();
    }
    for (int i = 0; i < 64; ++i)
        bytes[bytes.size() / 2 + i] = char(bytes[bytes.size() / 2 + i] ^ 0x5a);
    const QString damaged = QDir(m_fixture.projectDir).filePath(QStringLiteral("runs/1-chat-test/checkpoints/damaged.ckpt"));
    {
        QFile out(damaged);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(bytes);
    }
    {
        lw::store::Store store = openStore();
        lw::store::Artifact artifact;
        artifact.runId = m_fixture.runId;
        artifact.kind = lw::store::kArtifactCheckpoint;
        artifact.path = store.storablePath(damaged.toStdString());
        artifact.step = 99;
        store.addArtifact(artifact);
    }
    auto panel = chat_test::openPanel(m_fixture, m_preferences.get());
    QSignalSpy failed(panel->session(), &ModelSession::loadFailed);
    QVERIFY(panel->modelPicker()->selectKey(damaged));
    QVERIFY(failed.wait(20000));
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(damaged), qPrintable(message));
    QVERIFY(panel->loadError()->isVisibleTo(panel.get()));
    QVERIFY(panel->loadError()->text().contains(damaged));
    QVERIFY(!panel->session()->isLoaded());

    // Asking anyway says why there is no answer, and keeps the question.
    ChatView* view = panel->chatView();
    view->newConversation();
    QSignalSpy noAnswer(view, &ChatView::answerFailed);
    view->sendMessage(QStringLiteral("Anyone there?"));
    QVERIFY(noAnswer.wait(10000));
    QVERIFY(view->errorLabel()->isVisibleTo(panel.get()));
    QCOMPARE(view->conversationView()->count(), 1);
    QVERIFY(!view->isAnswering());

    // A good model again: the error goes.
    QVERIFY(panel->modelPicker()->selectKey(m_fixture.checkpoint));
    QTRY_VERIFY_WITH_TIMEOUT(panel->session()->isLoaded(), 20000);
    QVERIFY(!panel->loadError()->isVisibleTo(panel.get()));
}

LW_TEST_MAIN(TestChatPersistence)
#include "test_chat_persistence.moc"

// The Chat tab with a real model trained for the test: a typed message streams its
// answer token by token, and that answer is the one core's Generator gives greedily;
// the next turn reuses the KV cache; Stop, Regenerate and Edit-and-resend do what they
// say; the keys work even inside a window whose own shortcuts use them; and the GUI
// thread keeps its pace while a long answer is written.
#include "chat_test_support.h"
#include "ui/panels/chat/conversation_view.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/shell/stall_meter.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QAction>
#include <QElapsedTimer>
#include <QLabel>
#include <QLocale>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>

#include <cctype>

using namespace lw::ui;
using chat_test::answerOf;

namespace {

// An answer as the chat shows and keeps it: without the blank line or spaces a model
// often starts with after the template's "assistant" header.
std::string shownAnswer(const std::string& raw)
{
    size_t i = 0;
    while (i < raw.size() && std::isspace(static_cast<unsigned char>(raw[i])))
        ++i;
    return raw.substr(i);
}

QString shownAnswer(const QString& raw)
{
    return QString::fromStdString(shownAnswer(raw.toStdString()));
}

} // namespace

class TestChatConversation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void typedMessageStreamsTheGreedyAnswer();
    void nextTurnReusesTheCache();
    void stopEndsTheAnswerHalfway();
    void regenerateKeepsTheEarlierAnswers();
    void editAndResendDropsWhatFollowed();
    void keysWorkInsideTheWindow();
    void guiStaysResponsiveWhileGenerating();
    void longConversationStaysInTheContext();
    void cleanupTestCase();

private:
    ChatView* view() const { return m_panel->chatView(); }
    AnswerResult ask(const QString& text);

    QTemporaryDir m_dir;
    chat_test::ChatFixture m_fixture;
    std::unique_ptr<Preferences> m_preferences;
    std::unique_ptr<ChatPanel> m_panel;
};

void TestChatConversation::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_fixture = chat_test::makeChatFixture(m_dir);
    m_preferences = std::make_unique<Preferences>();
    m_panel = chat_test::openPanel(m_fixture, m_preferences.get());
}

void TestChatConversation::init()
{
    view()->newConversation();
    view()->decodingForm()->setSettings(chat_test::greedySettings(24));
}

AnswerResult TestChatConversation::ask(const QString& text)
{
    QSignalSpy finished(view(), &ChatView::answerFinished);
    view()->sendMessage(text);
    if (!finished.wait(30000))
        qFatal("no answer to %s", qPrintable(text));
    return answerOf(finished);
}

void TestChatConversation::typedMessageStreamsTheGreedyAnswer()
{
    const QString question = QStringLiteral("Once upon a time there was a cat");
    QSignalSpy tokens(m_panel->session(), &ModelSession::tokenArrived);
    QSignalSpy finished(view(), &ChatView::answerFinished);
    // What the answer's bubble showed each time a token arrived.
    QStringList shown;
    connect(m_panel->session(), &ModelSession::tokenArrived, this, [&] { shown << view()->conversationView()->last()->text(); });

    QTest::keyClicks(view()->input(), question);
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(view()->sendButton(), Qt::LeftButton);
    QVERIFY(view()->isAnswering());
    QVERIFY(!view()->sendButton()->isEnabled());
    QVERIFY(view()->stopButton()->isEnabled());
    QVERIFY(tokens.wait(10000));
    qInfo("first token on the GUI thread %lld ms after the click", qint64(clock.elapsed()));
    QVERIFY(!finished.isEmpty() || finished.wait(30000));
    disconnect(m_panel->session(), &ModelSession::tokenArrived, this, nullptr);

    const AnswerResult answer = answerOf(finished);
    QVERIFY(tokens.count() >= 2);
    QString streamed;
    for (const QList<QVariant>& args : std::as_const(tokens))
        streamed += args.at(1).value<StreamedToken>().token.text;
    QCOMPARE(streamed, answer.text);
    // The bubble grew while the answer was written: every state shown was a beginning of
    // it, and none began with blank space.
    for (const QString& partial : std::as_const(shown)) {
        const QString text = partial.chopped(partial.endsWith(QStringLiteral("▍")) ? 1 : 0);
        QVERIFY2(shownAnswer(answer.text).startsWith(text), qPrintable(partial));
        QVERIFY2(text.isEmpty() || !text.front().isSpace(), qPrintable(partial));
    }

    const std::string expected = chat_test::greedyChatAnswer(m_fixture.checkpoint, "chatml",
                                                             {{"user", question.toStdString()}}, 24);
    QCOMPARE(answer.text.toStdString(), expected);
    QVERIFY(!shownAnswer(expected).empty());

    ConversationView* messages = view()->conversationView();
    QCOMPARE(messages->count(), 2);
    QCOMPARE(messages->bubble(0)->text(), question);
    QCOMPARE(messages->bubble(1)->text(), shownAnswer(answer.text));
    QVERIFY2(messages->bubble(1)->statsText().contains(QStringLiteral("first token")),
             qPrintable(messages->bubble(1)->statsText()));
    QVERIFY(messages->bubble(1)->statsText().contains(QStringLiteral("tokens/s")));
    QVERIFY(answer.timeToFirstTokenMs() > 0);
    QVERIFY(answer.tokensPerSecond() > 0);
    QVERIFY(view()->input()->toPlainText().isEmpty());
    QVERIFY(view()->sendButton()->isEnabled());
    QCOMPARE(view()->conversation().messages.size(), size_t(2));
    QCOMPARE(view()->conversation().messages[1].content, shownAnswer(expected));
    // How much of the context it takes: the prompt the model read, and the answer.
    const qint64 used = answer.stats.value(QStringLiteral("prompt_tokens")).toInteger() + answer.generatedTokens();
    QCOMPARE(view()->contextUsed(), used);
    QCOMPARE(view()->messagesOutOfContext(), 0);
    QVERIFY(view()->contextLabel()->isVisible());
    QVERIFY2(view()->contextLabel()->text().contains(
                 QStringLiteral("%1 of %2 tokens")
                     .arg(QLocale().toString(used), QLocale().toString(m_panel->session()->info().contextLength))),
             qPrintable(view()->contextLabel()->text()));
}

void TestChatConversation::nextTurnReusesTheCache()
{
    const AnswerResult first = ask(QStringLiteral("Tell me about a dog."));
    const AnswerResult second = ask(QStringLiteral("What did the dog do?"));
    // The second prompt starts with the first exchange, already in the KV cache.
    const int reused = second.stats.value(QStringLiteral("prompt_tokens_reused")).toInt();
    QVERIFY2(reused >= first.stats.value(QStringLiteral("prompt_tokens")).toInt(), qPrintable(QString::number(reused)));
    const std::string expected = chat_test::greedyChatAnswer(
        m_fixture.checkpoint, "chatml",
        {{"user", "Tell me about a dog."}, {"assistant", shownAnswer(first.text.toStdString())},
         {"user", "What did the dog do?"}},
        24);
    QCOMPARE(second.text.toStdString(), expected);
    qInfo("time to first token: %.1f ms, then %.1f ms with %d prompt tokens reused", first.timeToFirstTokenMs(),
          second.timeToFirstTokenMs(), reused);
}

void TestChatConversation::stopEndsTheAnswerHalfway()
{
    view()->decodingForm()->setSettings(chat_test::longSettings(900, 3));
    QSignalSpy finished(view(), &ChatView::answerFinished);
    int seen = 0;
    connect(m_panel->session(), &ModelSession::tokenArrived, this, [&] {
        if (++seen == 3)
            QTest::mouseClick(view()->stopButton(), Qt::LeftButton);
    });
    view()->sendMessage(QStringLiteral("A long story, please."));
    QVERIFY(finished.wait(30000));
    disconnect(m_panel->session(), &ModelSession::tokenArrived, this, nullptr);
    const AnswerResult answer = answerOf(finished);
    QCOMPARE(answer.stopReason, QStringLiteral("cancelled"));
    QVERIFY2(answer.generatedTokens() >= 3 && answer.generatedTokens() < 900, qPrintable(QString::number(answer.generatedTokens())));
    qInfo("stopped after %d tokens", answer.generatedTokens());
    QVERIFY(view()->conversationView()->last()->statsText().contains(QStringLiteral("stopped")));
    // The part written before Stop is kept as the answer.
    QCOMPARE(QString::fromStdString(view()->conversation().messages.back().content), shownAnswer(answer.text));
    QVERIFY(!view()->isAnswering());
    QVERIFY(view()->regenerateButton()->isEnabled());
}

void TestChatConversation::regenerateKeepsTheEarlierAnswers()
{
    view()->decodingForm()->setSettings(chat_test::longSettings(40, 11));
    const AnswerResult first = ask(QStringLiteral("Say something."));
    const uint64_t firstSeed = view()->conversation().messages.back().stats["seed"].get<uint64_t>();
    QSignalSpy finished(view(), &ChatView::answerFinished);
    QTest::mouseClick(view()->regenerateButton(), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    const AnswerResult again = answerOf(finished);
    const auto& messages = view()->conversation().messages;
    QCOMPARE(messages.size(), size_t(2));
    QCOMPARE(view()->conversationView()->count(), 2);
    QCOMPARE(messages.back().stats["seed"].get<uint64_t>(), firstSeed + 1);
    QCOMPARE(QString::fromStdString(messages.back().content), shownAnswer(again.text));
    MessageBubble* answer = view()->conversationView()->last();
    QCOMPARE(answer->text(), shownAnswer(again.text));
    QVERIFY2(again.text != first.text, "another seed drew the same 40 tokens");

    // The first answer is kept: the message shows 2/2 and goes back to it.
    QCOMPARE(answer->versionCount(), 2);
    QCOMPARE(answer->version(), 1);
    QVERIFY(answer->previousVersionButton()->isVisible());
    QCOMPARE(answer->versionLabel()->text(), QStringLiteral("2/2"));
    QTest::mouseClick(answer->previousVersionButton(), Qt::LeftButton);
    QCOMPARE(answer->text(), shownAnswer(first.text));
    QCOMPARE(QString::fromStdString(view()->conversation().messages.back().content), shownAnswer(first.text));
    QCOMPARE(answer->versionLabel()->text(), QStringLiteral("1/2"));

    // Once more: a third draw (the seed after every one used), the other two still there.
    finished.clear();
    QTest::mouseClick(view()->regenerateButton(), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QCOMPARE(messages.back().stats["seed"].get<uint64_t>(), firstSeed + 2);
    answer = view()->conversationView()->last();
    QCOMPARE(answer->versionCount(), 3);
    QCOMPARE(answer->versionLabel()->text(), QStringLiteral("3/3"));
    QTest::mouseClick(answer->previousVersionButton(), Qt::LeftButton);
    QCOMPARE(answer->text(), shownAnswer(again.text));
}

void TestChatConversation::editAndResendDropsWhatFollowed()
{
    ask(QStringLiteral("First question"));
    ask(QStringLiteral("Second question"));
    QCOMPARE(view()->conversationView()->count(), 4);
    MessageBubble* first = view()->conversationView()->bubble(0);
    QTest::mouseClick(first->editButton(), Qt::LeftButton);
    QVERIFY(first->isEditing());
    QCOMPARE(first->editor()->toPlainText(), QStringLiteral("First question"));
    first->editor()->setPlainText(QStringLiteral("A different question"));
    QSignalSpy finished(view(), &ChatView::answerFinished);
    QTest::mouseClick(first->resendButton(), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    const auto& messages = view()->conversation().messages;
    QCOMPARE(messages.size(), size_t(2));
    QCOMPARE(messages[0].content, std::string("A different question"));
    QCOMPARE(view()->conversationView()->count(), 2);
    const std::string expected =
        chat_test::greedyChatAnswer(m_fixture.checkpoint, "chatml", {{"user", "A different question"}}, 24);
    QCOMPARE(messages[1].content, shownAnswer(expected));
}

void TestChatConversation::keysWorkInsideTheWindow()
{
    // The window's own shortcuts on the same keys, as the main window has them.
    QMainWindow window;
    int windowShortcuts = 0;
    for (const char* keys : {"Ctrl+Return", "Ctrl+N", "Ctrl+R"}) {
        auto* action = new QAction(&window);
        action->setShortcut(QKeySequence(QString::fromLatin1(keys)));
        connect(action, &QAction::triggered, &window, [&] { ++windowShortcuts; });
        window.addAction(action);
    }
    window.setCentralWidget(m_panel.get());
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    view()->input()->setFocus();
    QTest::keyClicks(view()->input(), QStringLiteral("Hello there"));

    QSignalSpy finished(view(), &ChatView::answerFinished);
    QTest::keyClick(view()->input(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(finished.wait(30000));
    QCOMPARE(view()->conversation().messages.size(), size_t(2));
    QCOMPARE(view()->conversation().messages[0].content, std::string("Hello there"));

    view()->decodingForm()->setSettings(chat_test::longSettings(900, 5));
    QTest::keyClick(view()->input(), Qt::Key_R, Qt::ControlModifier); // regenerate...
    QVERIFY(view()->isAnswering());
    QTest::keyClick(view()->input(), Qt::Key_Escape); // ...and stop it at once
    QVERIFY(finished.wait(30000));
    QCOMPARE(answerOf(finished, 1).stopReason, QStringLiteral("cancelled"));
    QCOMPARE(view()->conversation().messages.size(), size_t(2));

    QTest::keyClick(view()->input(), Qt::Key_N, Qt::ControlModifier);
    QVERIFY(view()->conversation().messages.empty());
    QCOMPARE(view()->conversationView()->count(), 0);
    QCOMPARE(windowShortcuts, 0);

    window.takeCentralWidget(); // the panel outlives this window
    m_panel->setParent(nullptr);
    m_panel->show();
}

void TestChatConversation::guiStaysResponsiveWhileGenerating()
{
    view()->decodingForm()->setSettings(chat_test::longSettings(900, 7));
    StallMeter meter(5);
    meter.start();
    QElapsedTimer clock;
    clock.start();
    int tokens = 0;
    for (int round = 0; round < 3; ++round) {
        view()->newConversation();
        tokens += ask(QStringLiteral("Tell a long story, number %1.").arg(round)).generatedTokens();
    }
    meter.stop();
    qInfo("%d tokens in %lld ms; longest GUI stall %.1f ms over %lld ticks", tokens, qint64(clock.elapsed()),
          meter.longestStallMs(), meter.ticks());
    QVERIFY(tokens > 1000);
    QVERIFY2(meter.longestStallMs() < 100, qPrintable(QString::number(meter.longestStallMs())));
}

void TestChatConversation::longConversationStaysInTheContext()
{
    // Answers as long as the context allows: each one ends where the context does, and
    // the next question drops the oldest exchange instead of cutting the prompt.
    view()->decodingForm()->setSettings(chat_test::longSettings(2000, 9));
    const int context = int(m_panel->session()->info().contextLength);
    const AnswerResult first = ask(QStringLiteral("Tell me everything."));
    const AnswerResult second = ask(QStringLiteral("Go on."));
    for (const AnswerResult& answer : {first, second}) {
        const int prompt = answer.stats.value(QStringLiteral("prompt_tokens")).toInt();
        QCOMPARE(answer.stats.value(QStringLiteral("prompt_tokens_dropped")).toInt(), 0);
        QCOMPARE(prompt + answer.generatedTokens(), context);
        QCOMPARE(answer.stopReason, QStringLiteral("max_tokens"));
    }
    QVERIFY(second.stats.value(QStringLiteral("prompt_tokens")).toInt() < context / 4);
    QCOMPARE(view()->conversation().messages.size(), size_t(4)); // all of it is still shown and saved
    // The first exchange no longer fits: the second answer was written without it, and
    // the view says so and marks it.
    QCOMPARE(first.context.droppedMessages, 0);
    QCOMPARE(second.context.droppedMessages, 2);
    QCOMPARE(view()->messagesOutOfContext(), 2);
    ConversationView* messages = view()->conversationView();
    QVERIFY(messages->bubble(0)->isOutOfContext() && messages->bubble(1)->isOutOfContext());
    QVERIFY(!messages->bubble(2)->isOutOfContext() && !messages->bubble(3)->isOutOfContext());
    QCOMPARE(view()->contextUsed(), qint64(context)); // the prompt and the answer filled it
    QVERIFY2(view()->contextLabel()->text().contains(QStringLiteral("first 2 message")),
             qPrintable(view()->contextLabel()->text()));
}

void TestChatConversation::cleanupTestCase()
{
    m_panel.reset();
}

LW_TEST_MAIN(TestChatConversation)
#include "test_chat_conversation.moc"

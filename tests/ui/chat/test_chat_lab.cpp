// The decoding lab shows one column per decoding setting, each token coloured by its
// probability and listing the alternatives when hovered; the greedy column is what core
// gives greedily. Model comparison runs two checkpoints side by side. The demo model
// answers with a time to first token under 200 ms.
#include "chat_test_support.h"
#include "core/store/project.h"
#include "ui/panels/chat/conversation_view.h"
#include "ui/panels/chat/decoding_lab.h"
#include "ui/panels/chat/lab_column.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/panels/chat/model_compare.h"
#include "ui/train/ui_test_support.h"
#include "ui/widgets/token_view.h"
#include "test_registry.h"

#include <QElapsedTimer>
#include <QHelpEvent>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolTip>

using namespace lw::ui;

class TestChatLab : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void oneColumnPerSetting();
    void tokensAreColouredByProbability();
    void hoveringATokenListsTheAlternatives();
    void twoCheckpointsSideBySide();
    void demoModelAnswersQuickly();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    chat_test::ChatFixture m_fixture;
    std::unique_ptr<Preferences> m_preferences;
    std::unique_ptr<ChatPanel> m_panel;
    QList<AnswerResult> m_labResults;
};

void TestChatLab::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_fixture = chat_test::makeChatFixture(m_dir);
    m_preferences = std::make_unique<Preferences>();
    m_panel = chat_test::openPanel(m_fixture, m_preferences.get());
}

void TestChatLab::oneColumnPerSetting()
{
    DecodingLab* lab = m_panel->decodingLab();
    m_panel->tabs()->setCurrentWidget(lab);
    for (int columns : {2, 4, 3}) {
        lab->columnsSpin()->setValue(columns);
        QCOMPARE(lab->columnCount(), columns);
        QCOMPARE(lab->findChildren<LabColumn*>().size(), columns);
    }
    lab->columnsSpin()->setValue(4);
    // Every column its own setting: greedy first, then ever more adventurous sampling.
    QCOMPARE(lab->column(0)->form()->settings().temperature, 0.0);
    QVERIFY(lab->column(3)->form()->settings().temperature > lab->column(1)->form()->settings().temperature);
    for (int i = 0; i < 4; ++i) {
        auto s = lab->column(i)->form()->settings();
        s.max_tokens = 20;
        s.stop_at_eos = false; // as long as asked, like chat_test::greedyContinuation
        lab->column(i)->form()->setSettings(s);
    }
    lab->prompt()->setPlainText(QStringLiteral("Once upon a time"));
    QSignalSpy finished(lab, &DecodingLab::finished);
    QTest::mouseClick(lab->runButton(), Qt::LeftButton);
    QVERIFY(lab->isRunning());
    QVERIFY(!lab->columnsSpin()->isEnabled());
    QVERIFY(finished.wait(30000));
    m_labResults = finished.first().first().value<QList<AnswerResult>>();
    QCOMPARE(m_labResults.size(), 4);
    for (int i = 0; i < 4; ++i) {
        TokenView* view = lab->column(i)->tokenView();
        view->flushTokens();
        QCOMPARE(view->text(), m_labResults[i].text);
        QVERIFY(view->tokenCount() >= m_labResults[i].generatedTokens());
        QVERIFY(lab->column(i)->statsLabel()->text().contains(QStringLiteral("first token")));
    }
    const std::string greedy = chat_test::greedyContinuation(m_fixture.checkpoint, "Once upon a time", 20);
    QCOMPARE(m_labResults[0].text.toStdString(), greedy);
}

void TestChatLab::tokensAreColouredByProbability()
{
    DecodingLab* lab = m_panel->decodingLab();
    QVERIFY(lab->columnCount() == 4);
    const bool dark = lab->palette().color(QPalette::Base).lightness() < 128;
    int coloured = 0;
    for (int c = 0; c < lab->columnCount(); ++c) {
        TokenView* view = lab->column(c)->tokenView();
        for (int i = 0; i < view->tokenCount(); ++i) {
            const TokenViewItem& token = view->token(i);
            if (token.probability < 0 || QString(token.text).remove(QLatin1Char('\n')).isEmpty())
                continue; // plain text, or a line break (which has no background to colour)
            QVERIFY(token.probability > 0 && token.probability <= 1);
            QCOMPARE(view->tokenColor(i), TokenView::probabilityColor(token.probability, dark));
            QCOMPARE(token.alternatives.size(), DecodingLab::kAlternatives);
            for (int a = 1; a < token.alternatives.size(); ++a)
                QVERIFY(token.alternatives[a - 1].probability >= token.alternatives[a].probability);
            if (c == 0) // greedy: the token chosen is the most likely one
                QCOMPARE(token.probability, token.alternatives.front().probability);
            ++coloured;
        }
    }
    QVERIFY(coloured > 20);
    // The scale runs from red (unlikely) to green (likely).
    QVERIFY(TokenView::probabilityColor(0.05, false).hueF() < TokenView::probabilityColor(0.95, false).hueF());
    QCOMPARE(TokenView::probabilityColor(0.0, false).hue(), 0);
    QCOMPARE(TokenView::probabilityColor(1.0, false).hue(), 120);
}

void TestChatLab::hoveringATokenListsTheAlternatives()
{
    TokenView* view = m_panel->decodingLab()->column(0)->tokenView();
    int hovered = -1;
    for (int i = 0; i < view->tokenCount(); ++i) {
        if (view->token(i).probability < 0 || view->token(i).text.trimmed().isEmpty())
            continue;
        QCOMPARE(view->tokenAt(view->tokenPosition(i)), i);
        if (hovered < 0)
            hovered = i;
    }
    QVERIFY(hovered >= 0);
    const QPoint at = view->tokenPosition(hovered);
    QHelpEvent help(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString tip = QToolTip::text();
    QCOMPARE(tip, view->tokenToolTip(hovered));
    for (const TokenViewAlternative& a : view->token(hovered).alternatives) {
        QVERIFY2(tip.contains(TokenView::visibleText(a.text).toHtmlEscaped()), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("%1 %").arg(a.probability * 100.0, 0, 'f', 1)), qPrintable(tip));
    }
    QToolTip::hideText();
}

void TestChatLab::twoCheckpointsSideBySide()
{
    // The run's checkpoint after 10 steps against its best one.
    QString early;
    for (const ModelChoice& m : m_panel->catalog().models)
        if (m.label.contains(QStringLiteral("step 10")))
            early = m.key;
    QVERIFY2(!early.isEmpty(), "no checkpoint of step 10 in the catalog");
    ModelCompare* compare = m_panel->modelCompare();
    m_panel->tabs()->setCurrentWidget(compare);
    QVERIFY(compare->picker(0)->selectKey(m_fixture.checkpoint));
    QVERIFY(compare->picker(1)->selectKey(early));
    compare->prompt()->setPlainText(QStringLiteral("The little bird"));
    lw::generate::SamplerSettings greedy = compare->decodingForm()->settings();
    greedy.stop_at_eos = false; // as chat_test::greedyContinuation
    compare->decodingForm()->setSettings(greedy);
    QSignalSpy finished(compare, &ModelCompare::finished);
    QTest::mouseClick(compare->runButton(), Qt::LeftButton);
    QVERIFY(compare->isRunning());
    QVERIFY(finished.wait(30000));
    const auto first = finished.first().at(0).value<AnswerResult>();
    const auto second = finished.first().at(1).value<AnswerResult>();
    QCOMPARE(first.text.toStdString(), chat_test::greedyContinuation(m_fixture.checkpoint, "The little bird", 64));
    QCOMPARE(second.text.toStdString(), chat_test::greedyContinuation(early, "The little bird", 64));
    compare->tokenView(0)->flushTokens();
    compare->tokenView(1)->flushTokens();
    QCOMPARE(compare->tokenView(0)->text(), first.text);
    QCOMPARE(compare->tokenView(1)->text(), second.text);
    QVERIFY(compare->statsLabel(0)->text().contains(QStringLiteral("first token")));
    QVERIFY(compare->statsLabel(1)->text().contains(QStringLiteral("first token")));
    QCOMPARE(compare->session(1)->info().checkpointPath, early);
    m_panel->tabs()->setCurrentWidget(m_panel->chatView());
}

void TestChatLab::demoModelAnswersQuickly()
{
    QVERIFY(m_panel->modelPicker()->selectKey(QStringLiteral("demo")));
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->session()->isLoaded() && m_panel->session()->info().key == "demo", 30000);
    // The demo project's newest completed run is the demo model: no training needed.
    QCOMPARE(m_panel->session()->info().checkpointPath, m_fixture.checkpoint);

    ChatView* view = m_panel->chatView();
    view->newConversation();
    view->decodingForm()->setSettings(chat_test::greedySettings(32));
    QSignalSpy tokens(m_panel->session(), &ModelSession::tokenArrived);
    QSignalSpy finished(view, &ChatView::answerFinished);
    QTest::keyClicks(view->input(), QStringLiteral("Tell me a story about a brave mouse."));
    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(view->sendButton(), Qt::LeftButton);
    QVERIFY(tokens.wait(10000));
    const qint64 seenMs = clock.elapsed();
    QVERIFY(finished.wait(30000));
    const AnswerResult answer = chat_test::answerOf(finished);
    qInfo("demo model: time to first token %.1f ms (reported), %lld ms from the click to the first token shown; "
          "%.0f tokens/s",
          answer.timeToFirstTokenMs(), seenMs, answer.tokensPerSecond());
    QVERIFY(answer.timeToFirstTokenMs() > 0);
    QVERIFY2(answer.timeToFirstTokenMs() < 200, qPrintable(QString::number(answer.timeToFirstTokenMs())));
    QVERIFY2(seenMs < 200, qPrintable(QString::number(seenMs)));
    QVERIFY(view->conversationView()->last()->statsText().contains(QStringLiteral("first token")));
    QCOMPARE(QString::fromStdString(view->conversation().model), QStringLiteral("demo"));
}

void TestChatLab::cleanupTestCase()
{
    m_panel.reset();
}

LW_TEST_MAIN(TestChatLab)
#include "test_chat_lab.moc"

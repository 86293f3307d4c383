// The Chat panel's smaller parts, without a model: the decoding form keeps every
// setting it is given, explains each field with core's help, and shows its labels whole
// however narrow it is made; the chat template picker offers the built-in templates and
// takes a custom file (or says why not); the line under an answer; the token view draws
// whitespace visibly and copies the real text; an answer's versions survive a save and
// are browsed on the message; the API port is remembered; and the panel speaks
// Vietnamese when the language changes.
#include "core/generate/sampler_settings.h"
#include "ui/panels/chat/answer_stats_text.h"
#include "ui/panels/chat/answer_versions.h"
#include "ui/panels/chat/api_server_control.h"
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/message_bubble.h"
#include "ui/panels/chat/sampler_field_texts.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"
#include "ui/widgets/token_view.h"
#include "test_registry.h"

#include <QAbstractSpinBox>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QMimeData>
#include <QSettings>
#include <QSpinBox>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>
#include <QJsonObject>
#include <QPushButton>
#include <QTabWidget>
#include <QTranslator>
#include <QtTest>

using namespace lw::ui;

class TestChatWidgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void decodingFormKeepsEverySetting();
    void everyFieldExplainsItself();
    void templatePickerTakesBuiltinAndCustomTemplates();
    void answerStatsLine();
    void decodingFormShowsItsLabelsWhole();
    void tokenViewShowsWhitespaceAndCopiesTheRealText();
    void answerVersionsSurviveASave();
    void answerVersionsAreBrowsedOnTheMessage();
    void apiPortIsRemembered();
    void panelSpeaksVietnamese();

private:
    QTemporaryDir m_dir;
    LanguageSwitcher m_language;
};

void TestChatWidgets::initTestCase()
{
    QVERIFY(m_dir.isValid());
    ui_test::isolateSettings(m_dir.path());
    m_language.apply(QStringLiteral("en")); // the English plural forms, as the app has them
}

void TestChatWidgets::decodingFormKeepsEverySetting()
{
    DecodingForm form;
    QVERIFY(form.settings() == lw::generate::SamplerSettings()); // core's defaults
    lw::generate::SamplerSettings s;
    s.temperature = 0.35;
    s.top_k = 7;
    s.top_p = 0.85;
    s.min_p = 0.1;
    s.repetition_penalty = 1.2;
    s.presence_penalty = 0.5;
    s.frequency_penalty = -0.3;
    s.max_tokens = 300;
    s.seed = 12345;
    s.stop = {"THE END"}; // not on the form: kept as given
    s.stop_at_eos = false;
    QSignalSpy changed(&form, &DecodingForm::changed);
    form.setSettings(s);
    QCOMPARE(changed.count(), 0);
    QVERIFY(form.settings() == s);
    static_cast<QAbstractSpinBox*>(form.editor(QStringLiteral("top_k")))->stepBy(1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(form.settings().top_k, int64_t(8));
    form.settings().validate();
}

void TestChatWidgets::everyFieldExplainsItself()
{
    DecodingForm form;
    const QStringList translatable = translatableSamplerHelpTexts();
    for (const QString& key : DecodingForm::fieldKeys()) {
        std::string coreHelp;
        for (const auto& [field, help] : lw::generate::samplerSettingsHelp())
            if (field == key.toStdString())
                coreHelp = help;
        QVERIFY2(!coreHelp.empty(), qPrintable(key));
        // lupdate collects the text only if it is written out here, word for word.
        QVERIFY2(translatable.contains(QString::fromStdString(coreHelp)), coreHelp.c_str());
        QCOMPARE(form.editor(key)->toolTip(), QString::fromStdString(coreHelp));
        QVERIFY(samplerFieldLabel(key) != key);
    }
}

void TestChatWidgets::templatePickerTakesBuiltinAndCustomTemplates()
{
    ChatTemplatePicker picker;
    QCOMPARE(picker.count(), int(lw::generate::builtinChatTemplateNames().size()) + 1); // + "Custom template file…"
    QCOMPARE(picker.currentTemplate().name, std::string("chatml"));
    picker.setTemplate(lw::generate::builtinChatTemplate("llama3"));
    QCOMPARE(picker.currentTemplate().name, std::string("llama3"));

    const QString good = m_dir.filePath(QStringLiteral("bot.json"));
    QFile file(good);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "bot", "system": "[S]{content}\n", "user": "[U]{content}\n",
                   "assistant": "[B]{content}[/B]\n", "stop": ["[/B]"]})");
    file.close();
    QString error;
    QVERIFY2(picker.addCustomFile(good, &error), qPrintable(error));
    QCOMPARE(picker.currentTemplate().name, std::string("bot"));
    QCOMPARE(picker.currentTemplate().stop, std::vector<std::string>{"[/B]"});
    QVERIFY(picker.currentText().contains(QStringLiteral("bot")));

    const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
    QFile badFile(bad);
    QVERIFY(badFile.open(QIODevice::WriteOnly));
    badFile.write(R"({"name": "bad", "system": "{content}", "user": "{content}", "assistant": "no placeholder"})");
    badFile.close();
    QVERIFY(!picker.addCustomFile(bad, &error));
    QVERIFY2(error.contains(QStringLiteral("assistant")), qPrintable(error));
    QCOMPARE(picker.currentTemplate().name, std::string("bot")); // unchanged

    // A reopened conversation held with the custom template finds it again.
    ChatTemplatePicker other;
    other.setTemplate(lw::generate::loadChatTemplate(good.toStdString()));
    QCOMPARE(other.currentTemplate().toJson(), picker.currentTemplate().toJson());
}

void TestChatWidgets::answerStatsLine()
{
    const QJsonObject stats{{"time_to_first_token_ms", 35.4}, {"decode_tokens_per_s", 118.2}, {"generated_tokens", 42}};
    QCOMPARE(answerStatsText(stats, QStringLiteral("eos")), QStringLiteral("first token 35 ms · 118 tokens/s · 42 tokens"));
    QCOMPARE(answerStatsText(stats, QStringLiteral("cancelled")),
             QStringLiteral("first token 35 ms · 118 tokens/s · 42 tokens · stopped"));
    const QJsonObject one{{"time_to_first_token_ms", 2.26}, {"generated_tokens", 1}};
    QCOMPARE(answerStatsText(one, QStringLiteral("max_tokens")), QStringLiteral("first token 2.3 ms · 1 token · length limit"));
}

void TestChatWidgets::decodingFormShowsItsLabelsWhole()
{
    // In a layout, as in a column of the decoding lab.
    QWidget column;
    auto* layout = new QVBoxLayout(&column);
    auto* form = new DecodingForm(&column, 2);
    layout->addWidget(form);
    column.resize(1000, 300);
    column.show();
    QVERIFY(QTest::qWaitForWindowExposed(&column));
    QTRY_COMPARE(form->columns(), 2); // room for two fields a row
    // As narrow as the form allows (a column of the lab with four columns): one a row.
    column.resize(column.minimumSizeHint().width(), 400);
    QTRY_COMPARE(form->columns(), 1);
    QVERIFY(form->width() < 1000 / 2);
    QString cut;
    auto labelsWhole = [&] {
        cut.clear();
        for (QLabel* label : form->findChildren<QLabel*>()) {
            const int needed = label->fontMetrics().horizontalAdvance(label->text());
            if (needed > label->contentsRect().width())
                cut += QStringLiteral("%1 needs %2 px, has %3; ").arg(label->text()).arg(needed).arg(label->width());
        }
        return cut.isEmpty();
    };
    QTRY_VERIFY2(labelsWhole(), qPrintable(cut)); // once the layout has placed them again
    column.resize(1000, 300);
    QTRY_COMPARE(form->columns(), 2);
}

void TestChatWidgets::tokenViewShowsWhitespaceAndCopiesTheRealText()
{
    TokenView view;
    view.resize(500, 200);
    const QStringList pieces = {QStringLiteral("Once"), QStringLiteral(" upon"), QStringLiteral("\n"),
                                QStringLiteral("\t"), QStringLiteral("a  time"), QStringLiteral(" ")};
    for (const QString& piece : pieces)
        view.appendToken({piece, 0.5, {}});
    view.flushTokens();
    QCOMPARE(view.text(), pieces.join(QString()));
    // Drawn: every space, tab and line break has its mark (the break itself follows ↵).
    QCOMPARE(view.toPlainText(), QStringLiteral("Once·upon↵\n→a··time·"));
    // A token of whitespace alone is drawn with its probability's colour, so it can be seen.
    QVERIFY(view.tokenColor(5).isValid());
    QVERIFY(view.tokenColor(3).isValid());
    // Copying the whole view, or part of it, gives the real text.
    view.selectAll();
    view.copy();
    QCOMPARE(QApplication::clipboard()->text(), pieces.join(QString()));
    QTextCursor cursor(view.document());
    cursor.setPosition(4); // after "Once": " upon" and the line break
    cursor.setPosition(11, QTextCursor::KeepAnchor); // up to the tab's mark, not taking it
    view.setTextCursor(cursor);
    QCOMPARE(view.selectedRealText(), QStringLiteral(" upon\n"));
    view.copy();
    QCOMPARE(QApplication::clipboard()->text(), QStringLiteral(" upon\n"));
    // Hovering says what the token really is.
    QVERIFY(view.tokenToolTip(2).contains(QStringLiteral("&quot;\\n&quot;")));
    QCOMPARE(TokenView::visibleText(QStringLiteral(" a\tb\n")), QStringLiteral("·a→b↵"));
    QCOMPARE(TokenView::quotedText(QStringLiteral(" a\tb\n")), QStringLiteral("\" a\\tb\\n\""));
}

void TestChatWidgets::answerVersionsSurviveASave()
{
    lw::store::ConversationMessage first;
    first.role = "assistant";
    first.content = "one";
    first.stats = {{"seed", 7}, {"generated_tokens", 3}};
    std::vector<AnswerVersion> versions = answerVersions(first);
    QCOMPARE(versions.size(), size_t(1));
    QCOMPARE(shownAnswerVersion(first), 0);
    versions.push_back({"two", {{"seed", 8}}});
    versions.push_back({"three", {{"seed", 9}}});
    const lw::store::ConversationMessage second = answerMessage(versions, 1);
    QCOMPARE(second.content, std::string("two")); // what later turns and other readers see
    QCOMPARE(second.stats["seed"].get<int>(), 8);
    // Through the store's JSON text and back, as a save and an open do.
    lw::store::ConversationMessage reread = second;
    reread.stats = nlohmann::json::parse(second.stats.dump());
    QCOMPARE(shownAnswerVersion(reread), 1);
    const std::vector<AnswerVersion> back = answerVersions(reread);
    QCOMPARE(back.size(), size_t(3));
    QCOMPARE(back[0].content, std::string("one"));
    QCOMPARE(back[0].stats["generated_tokens"].get<int>(), 3);
    QCOMPARE(back[2].content, std::string("three"));
    QVERIFY(!back[2].stats.contains("versions")); // a version holds its own stats only
    // One version: the message carries nothing more than before.
    QVERIFY(!answerMessage({versions[0]}, 0).stats.contains("versions"));
}

void TestChatWidgets::answerVersionsAreBrowsedOnTheMessage()
{
    MessageBubble bubble(QStringLiteral("assistant"), QStringLiteral("two"));
    bubble.show();
    QVERIFY(!bubble.previousVersionButton()->isVisible()); // one version: nothing to browse
    bubble.setVersion(1, 3);
    QVERIFY(bubble.previousVersionButton()->isVisible());
    QCOMPARE(bubble.versionLabel()->text(), QStringLiteral("2/3"));
    QSignalSpy requested(&bubble, &MessageBubble::versionRequested);
    QTest::mouseClick(bubble.nextVersionButton(), Qt::LeftButton);
    QTest::mouseClick(bubble.previousVersionButton(), Qt::LeftButton);
    QCOMPARE(requested.size(), 2);
    QCOMPARE(requested[0].first().toInt(), 2);
    QCOMPARE(requested[1].first().toInt(), 0);
    bubble.setVersion(2, 3);
    QVERIFY(!bubble.nextVersionButton()->isEnabled()); // the last one
    bubble.setEditEnabled(false); // while an answer is written
    QVERIFY(!bubble.previousVersionButton()->isEnabled());
}

void TestChatWidgets::apiPortIsRemembered()
{
    JobSupervisor supervisor;
    {
        ApiServerControl control(&supervisor, [] { return ModelChoice(); }, [] { return QString(); });
        QCOMPARE(control.port(), ApiServerControl::kDefaultPort);
        control.portBox()->setValue(9123);
    }
    ApiServerControl again(&supervisor, [] { return ModelChoice(); }, [] { return QString(); });
    QCOMPARE(again.port(), 9123);
    QCOMPARE(again.portBox()->text(), QStringLiteral("9123")); // a port, not an amount: no separator
}

void TestChatWidgets::panelSpeaksVietnamese()
{
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    JobSupervisor supervisor;
    ChatPanel panel(&supervisor, &preferences); // no project: nothing is loaded until the panel is shown
    QCOMPARE(panel.tabs()->tabText(0), QStringLiteral("Chat"));
    QCOMPARE(panel.chatView()->sendButton()->text(), QStringLiteral("Send"));

    QTranslator vietnamese;
    QVERIFY(vietnamese.load(QStringLiteral(":/i18n/llmwb_vi.qm")));
    const QString tab = vietnamese.translate("lw::ui::ChatPanel", "Decoding lab");
    const QString send = vietnamese.translate("lw::ui::ChatView", "Send");
    const QString help = vietnamese.translate("lw::ui::SamplerFieldHelp", "sample among the k most likely tokens (0: off)");
    QVERIFY(!tab.isEmpty() && tab != QLatin1String("Decoding lab"));
    QVERIFY(!send.isEmpty() && send != QLatin1String("Send"));
    QVERIFY(!help.isEmpty());

    QVERIFY(m_language.apply(QStringLiteral("vi")));
    QTRY_COMPARE(panel.tabs()->tabText(1), tab);
    QCOMPARE(panel.chatView()->sendButton()->text(), send);
    QCOMPARE(panel.chatView()->decodingForm()->editor(QStringLiteral("top_k"))->toolTip(), help);
    m_language.apply(QStringLiteral("en"));
    QTRY_COMPARE(panel.tabs()->tabText(1), QStringLiteral("Decoding lab"));
}

LW_TEST_MAIN(TestChatWidgets)
#include "test_chat_widgets.moc"

// The Chat panel's smaller parts, without a model: the decoding form keeps every
// setting it is given and explains each field with core's help; the chat template
// picker offers the built-in templates and takes a custom file (or says why not); the
// line under an answer; and the panel speaks Vietnamese when the language changes.
#include "core/generate/sampler_settings.h"
#include "ui/panels/chat/answer_stats_text.h"
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/chat/chat_template_picker.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/sampler_field_texts.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"
#include "test_registry.h"

#include <QAbstractSpinBox>
#include <QFile>
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

void TestChatWidgets::panelSpeaksVietnamese()
{
    Preferences preferences;
    preferences.setDataFolder(m_dir.filePath(QStringLiteral("data")));
    ChatPanel panel(&preferences); // no project: nothing is loaded until the panel is shown
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

// The assistant spans of Jinja chat templates (what a fine-tune learns from): found from
// {% generation %} blocks or from renders of the conversation's prefixes, and checked
// against spans written out by hand: each answer's content and its end marker, nothing
// else. Also: Jinja templates survive toJson/fromJson, the way stored conversations
// keep them.
#include "core/generate/chat_template.h"
#include "core/generate/hf_chat_template.h"
#include "hf_folder_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw::generate;

namespace {

const std::vector<ChatMessage> kTwoAnswers = {
    {"user", "Which file holds the template?"}, {"assistant", "tokenizer_config.json"},
    {"user", "And the defaults?"},              {"assistant", "generation_config.json"}};

ChatTemplate familyTemplate(const std::string& family, const std::string& templateFile = "")
{
    const auto& f = lw::test::chatFamily(family);
    ChatTemplate t;
    t.name = family;
    t.jinja = lw::test::templateSource(templateFile.empty() ? f.templateFile : templateFile);
    t.bos_token = f.bosToken;
    t.eos_token = f.eosToken;
    return t;
}

QStringList assistantTexts(const std::vector<ChatSegment>& segments)
{
    QStringList texts;
    for (const ChatSegment& s : segments)
        if (s.assistant)
            texts << QString::fromStdString(s.text);
    return texts;
}

QString joined(const std::vector<ChatSegment>& segments)
{
    QString all;
    for (const ChatSegment& s : segments)
        all += QString::fromStdString(s.text);
    return all;
}

} // namespace

class TestJinjaChatSegments : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void answersAndEndMarkersAreTheAssistantSpans_data();
    void answersAndEndMarkersAreTheAssistantSpans();
    void segmentsCarryTheirMessageRole();
    void promptSegmentsLeadTheWholeConversation();
    void templatesThatRewriteEarlierTurnsNeedGenerationBlocks();
    void jinjaFormSurvivesJson();
    void jsonWithBadJinjaNamesTheField();
};

void TestJinjaChatSegments::answersAndEndMarkersAreTheAssistantSpans_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("templateFile");
    QTest::addColumn<QString>("endMarker");
    // The text each template writes right after an answer's content (read off the
    // templates in tests/core/generate/templates).
    QTest::newRow("llama3") << "llama3" << "" << "<|eot_id|>";
    QTest::newRow("llama3, generation blocks") << "llama3" << "header_turns_marked.jinja" << "<|eot_id|>";
    QTest::newRow("qwen25") << "qwen25" << "" << "<|im_end|>\n";
    QTest::newRow("mistral") << "mistral" << "" << "</s>";
    QTest::newRow("smollm") << "smollm" << "" << "<|im_end|>\n";
    QTest::newRow("tinyllama") << "tinyllama" << "" << "</s>\n";
}

void TestJinjaChatSegments::answersAndEndMarkersAreTheAssistantSpans()
{
    QFETCH(QString, family);
    QFETCH(QString, templateFile);
    QFETCH(QString, endMarker);
    const ChatTemplate t = familyTemplate(family.toStdString(), templateFile.toStdString());
    for (const bool prompt : {false, true}) {
        const auto segments = t.renderSegments(kTwoAnswers, prompt);
        QCOMPARE(joined(segments), QString::fromStdString(t.render(kTwoAnswers, prompt)));
        QCOMPARE(assistantTexts(segments),
                 (QStringList{"tokenizer_config.json" + endMarker, "generation_config.json" + endMarker}));
    }
}

void TestJinjaChatSegments::segmentsCarryTheirMessageRole()
{
    const ChatTemplate t = familyTemplate("llama3");
    const auto segments = t.renderSegments({{"user", "Hi"}, {"assistant", "Hello"}}, true);
    // The BOS (what the template writes for no messages, belonging to none), the user
    // turn, the assistant's header, its answer, the generation prompt.
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"<|begin_of_text|>", ""},
        {"<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>", "user"},
        {"<|start_header_id|>assistant<|end_header_id|>\n\n", "assistant"},
        {"Hello<|eot_id|>", "assistant"},
        {"<|start_header_id|>assistant<|end_header_id|>\n\n", "assistant"}};
    QCOMPARE(segments.size(), expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(QString::fromStdString(segments[i].text), QString::fromStdString(expected[i].first));
        QCOMPARE(QString::fromStdString(segments[i].role), QString::fromStdString(expected[i].second));
        QCOMPARE(segments[i].assistant, i == 3);
    }
}

void TestJinjaChatSegments::promptSegmentsLeadTheWholeConversation()
{
    // core/shape counts the segments of the prompt alone to know where answers start.
    for (const auto& family : lw::test::chatFamilies()) {
        const ChatTemplate t = familyTemplate(family.name);
        const auto whole = t.renderSegments(kTwoAnswers, false);
        const auto prompt = t.renderSegments({kTwoAnswers.begin(), kTwoAnswers.begin() + 3}, false);
        QVERIFY(prompt.size() < whole.size());
        for (size_t i = 0; i < prompt.size(); ++i)
            QCOMPARE(QString::fromStdString(prompt[i].text), QString::fromStdString(whole[i].text));
    }
}

void TestJinjaChatSegments::templatesThatRewriteEarlierTurnsNeedGenerationBlocks()
{
    ChatTemplate t = familyTemplate("mistral", "system_in_last_turn.jinja");
    const std::vector<ChatMessage> conversation = {
        {"system", "Be exact."}, {"user", "One?"}, {"assistant", "1"}, {"user", "Two?"}, {"assistant", "2"}};
    // The second user turn moves the system text from the first user turn to itself, so
    // the render of the first three messages is no prefix of the render of four.
    QString error;
    try {
        t.renderSegments(conversation, false);
    } catch (const lw::Error& e) {
        error = e.what();
    }
    QVERIFY2(error.startsWith("messages[3]: chat template 'mistral' renders the earlier messages differently once this "
                                     "one follows"),
             qPrintable(error));

    // The same template with the answers marked: spans come from the blocks.
    const size_t at = t.jinja.find("{{- item.content + eos_token }}");
    QVERIFY(at != std::string::npos);
    t.jinja.replace(at, std::string("{{- item.content + eos_token }}").size(),
                    "{% generation %}{{- item.content + eos_token }}{% endgeneration %}");
    const auto segments = t.renderSegments(conversation, false);
    QCOMPARE(assistantTexts(segments), (QStringList{"1</s>", "2</s>"}));
    QCOMPARE(joined(segments), QString("<s>[INST] One? [/INST]1</s>[INST] Be exact.\n\nTwo? [/INST]2</s>"));
}

void TestJinjaChatSegments::jinjaFormSurvivesJson()
{
    QTemporaryDir dir;
    lw::test::writeChatFolder(dir.path().toStdString(), lw::test::chatFamily("llama3"));
    const ChatTemplate loaded = chatTemplateFromHfFolder(dir.path().toStdString());
    const nlohmann::json stored = nlohmann::json::parse(loaded.toJson().dump());
    QVERIFY(!stored.contains("assistant"));
    const ChatTemplate back = ChatTemplate::fromJson(stored);
    QVERIFY(back.isJinja());
    QCOMPARE(back.jinja, loaded.jinja);
    QCOMPARE(back.bos_token, loaded.bos_token);
    QCOMPARE(back.eos_token, loaded.eos_token);
    QCOMPARE(back.stop, loaded.stop);
    QCOMPARE(back.name, loaded.name);
    QCOMPARE(back.render(kTwoAnswers, true), loaded.render(kTwoAnswers, true));
    // A placeholder template keeps its own form.
    const ChatTemplate chatml = builtinChatTemplate("chatml");
    QVERIFY(!ChatTemplate::fromJson(chatml.toJson()).isJinja());
    QCOMPARE(ChatTemplate::fromJson(chatml.toJson()).render(kTwoAnswers), chatml.render(kTwoAnswers));
}

void TestJinjaChatSegments::jsonWithBadJinjaNamesTheField()
{
    auto errorOf = [](const nlohmann::json& json) {
        try {
            ChatTemplate::fromJson(json, "conversation.template");
        } catch (const lw::Error& e) {
            return QString(e.what());
        }
        return QString("(no error)");
    };
    // "{% if x %}" is 10 characters: the end of the template is column 11.
    QCOMPARE(errorOf({{"name", "t"}, {"jinja", "{% if x %}"}}),
             QString("conversation.template.jinja: line 1, column 11: unexpected end of template: expected 'endif'"));
    QCOMPARE(errorOf({{"name", "t"}, {"jinja", "x"}, {"user", "{content}"}}),
             QString("conversation.template.user: unknown field (a Jinja template has name, jinja, bos_token, "
                     "eos_token, stop)"));
    QCOMPARE(errorOf({{"name", "t"}, {"jinja", ""}}), QString("conversation.template.jinja: must not be empty"));
}

LW_TEST_GUILESS_MAIN(TestJinjaChatSegments)
#include "test_jinja_chat_segments.moc"

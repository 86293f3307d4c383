// Chat templates read from Hugging Face folders: rendered as Python's jinja2 renders
// them under transformers' settings, with the generation prompt, the stop strings and
// the BOS question answered per family, and with errors that name the file (and the
// line and column of a template that does not parse).
#include "core/generate/chat_template_jinja.h"
#include "core/generate/hf_chat_template.h"
#include "core/jinja/jinja_reference.h"
#include "hf_folder_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw::generate;
using lw::jinja::Json;

namespace {

const std::vector<std::vector<ChatMessage>> kConversations = {
    {{"user", "Hi there"}},
    {{"system", "Be brief."}, {"user", "What is 2+2?"}, {"assistant", "  4  "}, {"user", "And 3+3?"}},
    {{"user", "Xin chào, bạn khỏe không? 🙂"}, {"assistant", "Khỏe, cảm ơn!"}, {"user", "Tạm biệt"}},
    {{"user", "Name a colour."}, {"assistant", "Teal."}},
};

Json messagesJson(const std::vector<ChatMessage>& messages)
{
    Json list = Json::array();
    for (const ChatMessage& m : messages)
        list.push_back({{"role", m.role}, {"content", m.content}});
    return list;
}

ChatTemplate loadFamily(const QTemporaryDir& dir, const lw::test::ChatFamily& family)
{
    lw::test::writeChatFolder(dir.path().toStdString(), family);
    return chatTemplateFromHfFolder(dir.path().toStdString());
}

QString loadError(const QTemporaryDir& dir)
{
    return lw::test::lwErrorOf([&] { chatTemplateFromHfFolder(dir.path().toStdString()); });
}

} // namespace

class TestHfChatTemplate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rendersAsJinja2Does();
    void familyPromptsStopsAndBos_data();
    void familyPromptsStopsAndBos();
    void onlySpecialTokensBecomeStopStrings();
    void chatTemplateJinjaFileWinsOverConfig();
    void namedTemplatesPickDefaultOrTheNameAsked();
    void folderWithoutTemplateAsksToChoose();
    void badJinjaNamesFileLineAndColumn();
};

void TestHfChatTemplate::rendersAsJinja2Does()
{
    std::vector<lw::test::JinjaCase> cases;
    std::vector<std::pair<ChatTemplate, size_t>> ours; // template, conversation index
    std::vector<bool> prompts;
    std::vector<std::unique_ptr<QTemporaryDir>> dirs;
    for (const auto& family : lw::test::chatFamilies()) {
        dirs.push_back(std::make_unique<QTemporaryDir>());
        const ChatTemplate t = loadFamily(*dirs.back(), family);
        for (size_t c = 0; c < kConversations.size(); ++c)
            for (const bool prompt : {false, true}) {
                const Json context = {{"messages", messagesJson(kConversations[c])},
                                      {"add_generation_prompt", prompt},
                                      {"bos_token", family.bosToken},
                                      {"eos_token", family.eosToken}};
                cases.push_back({std::string(family.name) + " " + std::to_string(c), t.jinja, context});
                ours.push_back({t, c});
                prompts.push_back(prompt);
            }
    }
    nlohmann::json expected;
    QVERIFY2(lw::test::renderWithPython(cases, expected), "the jinja2 reference script failed");
    int refused = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto& [t, c] = ours[i];
        if (expected[i].contains("error")) {
            ++refused; // the Mistral-style template refuses a system turn, as jinja2 does
            QVERIFY2(lw::test::lwErrorOf([&] { t.render(kConversations[c], prompts[i]); }) != "(no error)",
                     cases[i].name.c_str());
            continue;
        }
        QCOMPARE(QString::fromStdString(t.render(kConversations[c], prompts[i])),
                 QString::fromStdString(expected[i]["output"].get<std::string>()));
    }
    QCOMPARE(refused, 2); // inst_pairs: conversation 1 with and without the prompt
}

void TestHfChatTemplate::familyPromptsStopsAndBos_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<QString>("generationPrompt");
    QTest::addColumn<QStringList>("stop");
    QTest::addColumn<bool>("addsBos");
    // The cue each template writes under add_generation_prompt; the marker after an
    // answer, when it is a special token, after the EOS; whether the render starts
    // with the BOS text (SmolLM's bos_token is <|im_start|>, which opens every render).
    QTest::newRow("llama3") << "llama3" << "<|start_header_id|>assistant<|end_header_id|>\n\n"
                            << QStringList{"<|end_of_text|>", "<|eot_id|>"} << true;
    QTest::newRow("qwen25") << "qwen25" << "<|im_start|>assistant\n" << QStringList{"<|endoftext|>", "<|im_end|>"}
                            << false;
    QTest::newRow("mistral") << "mistral" << "" << QStringList{"</s>"} << true;
    QTest::newRow("smollm") << "smollm" << "<|im_start|>assistant\n" << QStringList{"<|im_end|>"} << true;
    QTest::newRow("tinyllama") << "tinyllama" << "<|assistant|>\n" << QStringList{"</s>"} << false;
}

void TestHfChatTemplate::familyPromptsStopsAndBos()
{
    QFETCH(QString, family);
    QFETCH(QString, generationPrompt);
    QFETCH(QStringList, stop);
    QFETCH(bool, addsBos);
    QTemporaryDir dir;
    const ChatTemplate t = loadFamily(dir, lw::test::chatFamily(family.toStdString()));
    QVERIFY(t.isJinja());
    QCOMPARE(QString::fromStdString(t.generationPrompt()), generationPrompt);
    QStringList ours;
    for (const std::string& s : t.stop)
        ours << QString::fromStdString(s);
    QCOMPARE(ours, stop);
    QCOMPARE(t.templateAddsBos(), addsBos);
    // The generation prompt is what the flag adds to longer conversations too (those
    // without a system turn, which the Mistral-style template refuses).
    for (const size_t c : {0, 2, 3})
        QCOMPARE(t.render(kConversations[c], false) + t.generationPrompt(), t.render(kConversations[c], true));
}

void TestHfChatTemplate::onlySpecialTokensBecomeStopStrings()
{
    ChatTemplate t;
    t.name = "probe";
    t.jinja = lw::test::templateSource("header_turns.jinja");
    t.eos_token = "<|end_of_text|>";
    // "<|eot_id|>" follows an answer, but a tokenizer without it as a special token
    // would never produce it as one piece, so it is not a stop string.
    QCOMPARE(deriveJinjaStopStrings(t, {}), std::vector<std::string>{"<|end_of_text|>"});
    QCOMPARE(deriveJinjaStopStrings(t, {"<|eot_id|>"}), (std::vector<std::string>{"<|end_of_text|>", "<|eot_id|>"}));
    t.eos_token.clear();
    QCOMPARE(deriveJinjaStopStrings(t, {"<|eot_id|>"}), std::vector<std::string>{"<|eot_id|>"});
}

void TestHfChatTemplate::chatTemplateJinjaFileWinsOverConfig()
{
    QTemporaryDir dir;
    lw::test::writeChatFolder(dir.path().toStdString(), lw::test::chatFamily("qwen25"));
    std::ofstream(dir.filePath("chat_template.jinja").toStdString()) << "{{ bos_token }}|{{ messages[0].content }}";
    const ChatTemplate t = chatTemplateFromHfFolder(dir.path().toStdString() + "/");
    QCOMPARE(QString::fromStdString(t.render({{"user", "x"}})), QString("|x"));
    QCOMPARE(QString::fromStdString(t.name), dir.path().section('/', -1));
}

void TestHfChatTemplate::namedTemplatesPickDefaultOrTheNameAsked()
{
    QTemporaryDir dir;
    const std::string config = dir.filePath("tokenizer_config.json").toStdString();
    const nlohmann::json list = {{{"name", "tool_use"}, {"template", "tools:{{ messages | length }}"}},
                                 {{"name", "default"}, {"template", "plain:{{ messages | length }}"}}};
    lw::test::writeJson(config, {{"chat_template", list}, {"eos_token", "</s>"}});
    QCOMPARE(QString::fromStdString(chatTemplateFromHfFolder(dir.path().toStdString()).render({{"user", "a"}})),
             QString("plain:1"));
    const ChatTemplate tools = chatTemplateFromHfFolder(dir.path().toStdString(), "tool_use");
    QCOMPARE(QString::fromStdString(tools.render({{"user", "a"}, {"assistant", "b"}})), QString("tools:2"));

    lw::test::writeJson(config, {{"chat_template", {list[0]}}});
    const QString error = loadError(dir);
    QCOMPARE(error,
             QString::fromStdString(config + ": field \"chat_template\": no template named 'default' (the file has: "
                                             "tool_use)"));
}

void TestHfChatTemplate::folderWithoutTemplateAsksToChoose()
{
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    for (const bool withConfig : {false, true}) {
        if (withConfig)
            lw::test::writeJson(folder + "/tokenizer_config.json", {{"eos_token", "</s>"}, {"chat_template", nullptr}});
        bool asked = false;
        try {
            chatTemplateFromHfFolder(folder);
        } catch (const NoChatTemplateError& e) {
            asked = true;
            QVERIFY(QString(e.what()).startsWith(dir.path() + ": the model has no chat template"));
            QVERIFY(QString(e.what()).endsWith("choose a template"));
        }
        QVERIFY(asked);
    }
}

void TestHfChatTemplate::badJinjaNamesFileLineAndColumn()
{
    QTemporaryDir dir;
    const std::string config = dir.filePath("tokenizer_config.json").toStdString();
    // Line 2: "{% for m in messages %}" is 23 characters, then "{{ ", "m.content" and
    // " | " (15 more), so the filter's name starts at column 39.
    lw::test::writeJson(config, {{"chat_template", "{{ bos_token }}\n{% for m in messages %}{{ m.content | shout }}"
                                                   "{% endfor %}"}});
    QCOMPARE(loadError(dir),
             QString::fromStdString(config + " chat_template: line 2, column 39: unknown filter 'shout'"));
    // In chat_template.jinja: the template ends after the 5 characters of line 2.
    const std::string jinjaFile = dir.filePath("chat_template.jinja").toStdString();
    std::ofstream(jinjaFile) << "{% if messages %}\nhello";
    const QString error = loadError(dir);
    QVERIFY2(error.startsWith(QString::fromStdString(jinjaFile + ": line 2, column 6: unexpected end of template")),
             qPrintable(error));
    // A wrong type for a token names the field.
    std::remove(jinjaFile.c_str());
    lw::test::writeJson(config, {{"chat_template", "x"}, {"eos_token", 2}});
    QCOMPARE(loadError(dir),
             QString::fromStdString(config + ": field \"eos_token\": expected a string or {\"content\": \"...\"}"));
}

LW_TEST_GUILESS_MAIN(TestHfChatTemplate)
#include "test_hf_chat_template.moc"

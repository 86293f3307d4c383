// Chat templates written in the style of each model family (tests/core/jinja/templates:
// Llama 2 and 3, Qwen 2.5, Mistral, SmolLM, TinyLlama, GPT-2), rendered by lw::jinja
// and by Python's jinja2 for conversations with and without a system message, with and
// without the generation prompt, with Vietnamese and emoji, with tool calls, and with
// turns out of order (which the stricter templates refuse through raise_exception).
#include "jinja_reference.h"
#include "test_registry.h"

#include <QtTest>

using lw::jinja::Json;
using lw::test::JinjaCase;

namespace {

const char* const kFamilyTemplates[] = {"inst_with_sys_block", "header_ids", "im_start_default_system",
                                        "inst_namespace_counter", "im_start_plain", "role_tags_eos", "plain_eos"};

std::string familyFile(const std::string& name)
{
    return std::string(lw::test::sourceDir()) + "/tests/core/jinja/templates/" + name;
}

std::vector<JinjaCase> familyCases()
{
    std::vector<JinjaCase> cases;
    const Json conversations = Json::parse(lw::test::readWholeFile(familyFile("conversations.json")));
    for (const char* name : kFamilyTemplates) {
        const std::string source = lw::test::readWholeFile(familyFile(std::string(name) + ".jinja"));
        for (size_t c = 0; c < conversations.size(); ++c) {
            for (const bool prompt : {false, true}) {
                Json context = conversations[c];
                context["bos_token"] = "<s>";
                context["eos_token"] = "</s>";
                context["add_generation_prompt"] = prompt;
                cases.push_back({std::string(name) + " conversation " + std::to_string(c) + (prompt ? " +prompt" : ""),
                                 source, context});
            }
        }
    }
    return cases;
}

} // namespace

class TestChatFamilyTemplates : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void familyTemplatesMatchJinja2();
    void strictTemplatesRefuseTurnsOutOfOrder();
};

void TestChatFamilyTemplates::familyTemplatesMatchJinja2()
{
    const std::vector<JinjaCase> cases = familyCases();
    QCOMPARE(cases.size(), std::size(kFamilyTemplates) * 5 * 2);
    lw::test::compareWithPython(cases);
}

void TestChatFamilyTemplates::strictTemplatesRefuseTurnsOutOfOrder()
{
    // Conversation 3 has two user turns in a row: the [INST] templates call
    // raise_exception, and the error carries the template's own message.
    for (const JinjaCase& c : familyCases()) {
        if (c.name.find("conversation 3") == std::string::npos || c.name.find("inst_") != 0)
            continue;
        const nlohmann::json result = lw::test::renderWithLw(c);
        QVERIFY2(result.contains("error"), c.name.c_str());
        const std::string message = result["error"];
        QVERIFY2(message.find("take turns") != std::string::npos || message.find("must go user") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.rfind(c.name + ": line ", 0) == 0, message.c_str());
    }
}

LW_TEST_GUILESS_MAIN(TestChatFamilyTemplates)
#include "test_chat_family_templates.moc"

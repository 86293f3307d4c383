// Chat templates render conversations exactly as their reference formats do, know
// their stop strings, mark the assistant's spans for fine-tuning, and custom templates
// read from JSON are checked with errors that name the field.
#include "core/generate/chat_template.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>

using namespace lw::generate;

namespace {

const std::vector<ChatMessage> kConversation = {
    {"system", "Be brief."}, {"user", "Hi"}, {"assistant", "Hello!"}, {"user", "2+2?"}};

} // namespace

class TestChatTemplate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void builtinsRenderTheirReferenceFormat_data();
    void builtinsRenderTheirReferenceFormat();
    void alpacaUsesItsDefaultSystemMessage();
    void segmentsMarkAssistantContentAndEndMarker();
    void customTemplateFromJsonFile();
    void placeholderErrorsNameTheField_data();
    void placeholderErrorsNameTheField();
    void unknownNamesListTheBuiltins();
};

void TestChatTemplate::builtinsRenderTheirReferenceFormat_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("firstStop");
    QTest::newRow("chatml") << "chatml"
                            << "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                               "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\n2+2?<|im_end|>\n"
                               "<|im_start|>assistant\n"
                            << "<|im_end|>";
    QTest::newRow("llama3") << "llama3"
                            << "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                               "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                               "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
                               "<|start_header_id|>user<|end_header_id|>\n\n2+2?<|eot_id|>"
                               "<|start_header_id|>assistant<|end_header_id|>\n\n"
                            << "<|eot_id|>";
    QTest::newRow("alpaca") << "alpaca"
                            << "Be brief.\n\n### Instruction:\nHi\n\n### Response:\nHello!\n\n"
                               "### Instruction:\n2+2?\n\n### Response:\n"
                            << "### Instruction:";
}

void TestChatTemplate::builtinsRenderTheirReferenceFormat()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QFETCH(QString, firstStop);
    const ChatTemplate t = builtinChatTemplate(name.toStdString());
    QCOMPARE(QString::fromStdString(t.render(kConversation)), expected);
    QCOMPARE(QString::fromStdString(t.stop.front()), firstStop);
    // Without the generation prompt the render ends with the last message.
    const std::string closed = t.render(kConversation, false);
    QCOMPARE(closed + t.generationPrompt(), t.render(kConversation, true));
}

void TestChatTemplate::alpacaUsesItsDefaultSystemMessage()
{
    const std::string rendered = builtinChatTemplate("alpaca").render({{"user", "Name a colour."}});
    QCOMPARE(QString::fromStdString(rendered),
             QString("Below is an instruction that describes a task. Write a response that appropriately completes "
                     "the request.\n\n### Instruction:\nName a colour.\n\n### Response:\n"));
}

void TestChatTemplate::segmentsMarkAssistantContentAndEndMarker()
{
    const auto segments = builtinChatTemplate("chatml").renderSegments(kConversation, false);
    std::string trained, all;
    for (const auto& s : segments) {
        all += s.text;
        if (s.assistant)
            trained += s.text;
    }
    QCOMPARE(trained, std::string("Hello!<|im_end|>\n"));
    QCOMPARE(all, builtinChatTemplate("chatml").render(kConversation, false));
}

void TestChatTemplate::customTemplateFromJsonFile()
{
    QTemporaryDir dir;
    const std::string path = dir.filePath("mine.json").toStdString();
    std::ofstream(path) << R"({"name": "mine", "bos": "<s>", "system": "[{role}] {content}\n",
        "user": "Q: {content}\n", "assistant": "A: {content} {{done}}\n", "stop": ["Q:"]})";
    const ChatTemplate t = loadChatTemplate(path);
    QCOMPARE(t.name, std::string("mine"));
    QCOMPARE(t.render({{"system", "sys"}, {"user", "u1"}, {"assistant", "a1"}, {"user", "u2"}}),
             std::string("<s>[system] sys\nQ: u1\nA: a1 {done}\nQ: u2\nA: "));
    QCOMPARE(t.stop, std::vector<std::string>{"Q:"});
    QVERIFY(ChatTemplate::fromJson(t.toJson()).render({{"user", "x"}}) == t.render({{"user", "x"}}));
}

void TestChatTemplate::placeholderErrorsNameTheField_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown placeholder")
        << R"({"name": "x", "system": "{content}", "user": "{text}", "assistant": "{content}"})"
        << "t.user: unknown placeholder {text}";
    QTest::newRow("no content in assistant")
        << R"({"name": "x", "system": "{content}", "user": "{content}", "assistant": "A:"})"
        << "t.assistant: must contain {content}";
    QTest::newRow("lone brace") << R"({"name": "x", "system": "}", "user": "{content}", "assistant": "{content}"})"
                                << "t.system: lone '}'";
    QTest::newRow("missing user") << R"({"name": "x", "system": "{content}", "assistant": "{content}"})"
                                  << "t.user: missing";
    QTest::newRow("unknown field")
        << R"({"name": "x", "system": "", "user": "{content}", "assistant": "{content}", "eos": ""})"
        << "t.eos: unknown field";
}

void TestChatTemplate::placeholderErrorsNameTheField()
{
    QFETCH(QString, json);
    QFETCH(QString, expected);
    try {
        ChatTemplate::fromJson(nlohmann::json::parse(json.toStdString()), "t");
        QFAIL("no error");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains(expected), e.what());
    }
}

void TestChatTemplate::unknownNamesListTheBuiltins()
{
    try {
        loadChatTemplate("vicuna");
        QFAIL("no error");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains("chatml, llama3, alpaca"), e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"

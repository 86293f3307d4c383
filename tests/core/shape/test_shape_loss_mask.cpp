// The loss mask of every built-in chat template (and a custom one whose answer shares a
// token with its cue), token by token, against loss_mask_reference.py: GPT-2's
// published BPE algorithm and the documented masking rules written again in Python.
// Plus hand-checked ids from GPT-2's published test vectors, and the sentencepiece
// dummy prefix.
#include "core/generate/chat_template.h"
#include "core/shape/training_renderer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/tokenizer_test_support.h"
#include "shape_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

namespace {

struct MaskCase {
    std::string label;
    generate::ChatTemplate chatTemplate;
    test::Turns turns;
    shape::LossMode loss;
};

// Answers that end in a space or start with one, accents and an emoji (bytes split
// across tokens), a system message and several turns.
std::vector<test::Turns> maskConversations()
{
    return {
        {{"user", "What is the capital of France?"}, {"assistant", "Paris."}},
        {{"system", "You answer briefly."},
         {"user", "Name a colour."},
         {"assistant", "Blue."},
         {"user", "Another one?"},
         {"assistant", " Green, maybe! "}},
        {{"user", "Xin chào, bạn khỏe không?"}, {"assistant", "Tôi khỏe — cảm ơn! 😀"}},
    };
}

generate::ChatTemplate cueEndingInSpace()
{
    return test::customTemplate("answer-colon", "Question: {content}\n", "Answer: {content}\n", {"Question:"});
}

nlohmann::json templateJson(const generate::ChatTemplate& t)
{
    return {{"bos", t.bos}, {"system", t.system}, {"user", t.user}, {"assistant", t.assistant},
            {"default_system", t.default_system}};
}

} // namespace

class TestShapeLossMask : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void builtInTemplatesMatchReference();
    void plainTextIsPublishedIdsThenEos();
    void straddlingTokenReceivesLoss();
    void sentencePieceDummyPrefixKeepsWholeTextTokens();
    void jinjaTemplateShapesAsItsPlaceholderTwin();
};

void TestShapeLossMask::builtInTemplatesMatchReference()
{
    std::vector<MaskCase> cases;
    std::vector<generate::ChatTemplate> templates;
    for (const auto& name : generate::builtinChatTemplateNames())
        templates.push_back(generate::builtinChatTemplate(name));
    templates.push_back(cueEndingInSpace());
    for (const auto& t : templates)
        for (const auto& turns : maskConversations())
            for (auto loss : {shape::LossMode::Assistant, shape::LossMode::All})
                cases.push_back({t.name + " " + std::string(shape::lossModeName(loss)) + " (" +
                                     std::to_string(turns.size()) + " turns)",
                                 t, turns, loss});
    nlohmann::json input = nlohmann::json::array();
    for (const auto& c : cases) {
        nlohmann::json messages = nlohmann::json::array();
        for (const auto& [role, content] : c.turns)
            messages.push_back({{"role", role}, {"content", content}});
        input.push_back({{"template", templateJson(c.chatTemplate)}, {"messages", messages},
                         {"loss", shape::lossModeName(c.loss)}});
    }
    QTemporaryDir dir;
    const std::string inputPath = dir.filePath("cases.json").toStdString();
    std::ofstream(inputPath) << input.dump();
    const std::string gpt2 = test::sharedDataPath("llms-from-scratch/gpt2-bpe");
    QByteArray output;
    QVERIFY(test::runPython({QString::fromStdString(std::string(test::sourceDir()) +
                                                    "/tests/core/shape/loss_mask_reference.py"),
                             QString::fromStdString(gpt2 + "/encoder.json"),
                             QString::fromStdString(gpt2 + "/vocab.bpe"), QString::fromStdString(inputPath)},
                            output));
    const auto expected = nlohmann::json::parse(output.toStdString());
    QCOMPARE(expected.size(), cases.size());
    for (size_t i = 0; i < cases.size(); ++i) {
        const MaskCase& c = cases[i];
        const shape::TrainingRenderer renderer(c.chatTemplate, test::gpt2Tokenizer(), {c.loss, 0});
        QVERIFY(renderer.answerEnd().placeEos); // GPT-2 has no special token for any end marker
        const auto shaped = renderer.render(test::chatRecord(c.turns));
        const auto& s = shaped.sequences.at(0);
        QVERIFY2(s.wholeText, c.label.c_str());
        const auto ids = expected[i]["ids"].get<std::vector<int32_t>>();
        const auto loss = expected[i]["loss"].get<std::vector<uint8_t>>();
        QVERIFY2(s.ids == ids, c.label.c_str());
        QVERIFY2(s.loss == loss, c.label.c_str());
    }
}

void TestShapeLossMask::plainTextIsPublishedIdsThenEos()
{
    // GPT-2 test vector: "Hello, world. Is this-- a test?" -> these ids; a text record
    // adds the end-of-text token 50256, and every token receives loss in both modes.
    const std::vector<int32_t> ids = {15496, 11, 995, 13, 1148, 428, 438, 257, 1332, 30, 50256};
    for (auto mode : {shape::LossMode::Assistant, shape::LossMode::All}) {
        const shape::TrainingRenderer renderer(std::nullopt, test::gpt2Tokenizer(), {mode, 0});
        const auto s = renderer.render(test::textRecord("Hello, world. Is this-- a test?")).sequences.at(0);
        QCOMPARE(s.ids, ids);
        QCOMPARE(s.loss, std::vector<uint8_t>(ids.size(), 1));
        QCOMPARE(s.text, std::string("Hello, world. Is this-- a test?<|endoftext|>"));
    }
    // Special-token text inside a text record is data, as in `llmwb data prepare`.
    const shape::TrainingRenderer renderer(std::nullopt, test::gpt2Tokenizer(), {});
    const auto s = renderer.render(test::textRecord("<|endoftext|>")).sequences.at(0);
    QVERIFY(s.ids.size() > 2);
    QCOMPARE(s.ids.back(), 50256);
    QVERIFY(s.ids.front() != 50256);
}

void TestShapeLossMask::straddlingTokenReceivesLoss()
{
    // Cue "Answer: " then "Paris": GPT-2's pre-tokenizer makes " Paris" one piece (a space
    // joins the word after it), and "Paris" after a space is one token, 6342 ("Ġ" +
    // "Paris"; "Hello, world" -> 995 is " world" in the published vector, same rule).
    // The token holds the cue's space, and it receives loss.
    const shape::TrainingRenderer renderer(cueEndingInSpace(), test::gpt2Tokenizer(), {});
    const auto s = renderer.render(test::chatRecord({{"user", "Capital?"}, {"assistant", "Paris"}})).sequences.at(0);
    const auto& tok = test::gpt2Tokenizer();
    size_t paris = s.ids.size();
    for (size_t t = 0; t < s.ids.size(); ++t)
        if (tok.tokenBytes(s.ids[t]) == " Paris")
            paris = t;
    QVERIFY(paris < s.ids.size());
    QCOMPARE(int(s.loss[paris]), 1);
    QCOMPARE(int(s.loss[paris - 1]), 0); // ":"
    QCOMPARE(tok.tokenBytes(s.ids[paris - 1]), std::string(":"));
}

void TestShapeLossMask::sentencePieceDummyPrefixKeepsWholeTextTokens()
{
    QTemporaryDir dir;
    const std::string corpus = dir.filePath("corpus.txt").toStdString();
    {
        std::ofstream out(corpus);
        for (int i = 0; i < 200; ++i)
            out << "the user asks a question and the assistant answers it " << i << "\nblue green red colour\n";
    }
    tokenizer::TrainTokenizerOptions options;
    options.kind = "sp-bpe";
    options.vocabSize = 300;
    options.inputFiles = {corpus};
    options.outputPath = dir.filePath("sp").toStdString();
    const auto tok = tokenizer::trainTokenizer(options);
    QVERIFY(tok->eosId().has_value());
    const shape::TrainingRenderer renderer(generate::builtinChatTemplate("chatml"), *tok, {});
    // sentencepiece never matches "<|im_end|>" as a special token: </s> follows each answer.
    QVERIFY(!renderer.answerEnd().markerIsSpecial);
    QVERIFY(renderer.answerEnd().placeEos);
    const auto s = renderer.render(test::chatRecord({{"user", "name a colour"}, {"assistant", "blue green"}}))
                       .sequences.at(0);
    QVERIFY(s.wholeText);
    // The tokens are those of encoding the text before the placed </s> in one call.
    const std::string beforeEos = "<|im_start|>user\nname a colour<|im_end|>\n<|im_start|>assistant\nblue green<|im_end|>\n";
    std::vector<int32_t> whole = tok->encode(beforeEos);
    whole.push_back(*tok->eosId());
    QCOMPARE(s.ids, whole);
    // The tokens that receive loss spell the answer and its end, then </s>.
    std::string trained;
    for (size_t t = 0; t + 1 < s.ids.size(); ++t)
        if (s.loss[t])
            trained += tok->tokenBytes(s.ids[t]);
    QCOMPARE(trained, std::string("blue green<|im_end|>\n"));
    QCOMPARE(int(s.loss.back()), 1);
}

// A Jinja template written to render exactly what the built-in ChatML template renders
// must give the same ids, loss mask and answer end (the marker found after an answer
// in the Jinja render, not in a placeholder format it does not have).
void TestShapeLossMask::jinjaTemplateShapesAsItsPlaceholderTwin()
{
    generate::ChatTemplate jinja;
    jinja.name = "chatml-jinja";
    jinja.jinja = "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}"
                  "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
    jinja.stop = {"<|im_end|>", "<|im_start|>"};
    const generate::ChatTemplate placeholder = generate::builtinChatTemplate("chatml");
    const auto record = test::chatRecord({{"system", "be brief"},
                                          {"user", "name a colour"},
                                          {"assistant", "blue"},
                                          {"user", "another"},
                                          {"assistant", "green, of course"}});
    for (auto mode : {shape::LossMode::Assistant, shape::LossMode::All}) {
        const shape::TrainingRenderer a(jinja, test::gpt2Tokenizer(), {mode, 0});
        const shape::TrainingRenderer b(placeholder, test::gpt2Tokenizer(), {mode, 0});
        QCOMPARE(a.answerEnd().marker, std::string("<|im_end|>"));
        QCOMPARE(a.answerEnd().marker, b.answerEnd().marker);
        QCOMPARE(a.answerEnd().placeEos, b.answerEnd().placeEos);
        const auto x = a.render(record).sequences.at(0);
        const auto y = b.render(record).sequences.at(0);
        QCOMPARE(x.text, y.text);
        QCOMPARE(x.ids, y.ids);
        QCOMPARE(x.loss, y.loss);
    }
}

LW_TEST_GUILESS_MAIN(TestShapeLossMask)
#include "test_shape_loss_mask.moc"

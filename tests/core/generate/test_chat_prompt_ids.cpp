// The BOS rule for chat prompts: one BOS at most, from the template when it writes one,
// else from a tokenizer that puts BOS before text, else none. Checked with tokenizers
// loaded from tokenizer.json files written for each family (hf_folder_support.h).
#include "core/generate/chat_prompt_ids.h"
#include "core/generate/hf_chat_template.h"
#include "hf_folder_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw::generate;

namespace {

const std::vector<ChatMessage> kQuestion = {{"user", "Hi"}};

int leadingCount(const std::vector<int32_t>& ids, int32_t id)
{
    int n = 0;
    while (n < int(ids.size()) && ids[n] == id)
        ++n;
    return n;
}

} // namespace

class TestChatPromptIds : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void oneBosAtMost_data();
    void oneBosAtMost();
    void placeholderTemplatesFollowTheSameRule();
};

void TestChatPromptIds::oneBosAtMost_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<bool>("tokenizerBos"); // the tokenizer's BOS goes first
    QTest::addColumn<int>("leadingBos");    // BOS ids at the start of the prompt
    // Llama 3 and Mistral templates write bos_token, their tokenizers add one too: the
    // template's is kept, the tokenizer's dropped. TinyLlama's template writes none, its
    // tokenizer adds it. Qwen has no BOS at all.
    QTest::newRow("llama3") << "llama3" << false << 1;
    QTest::newRow("mistral") << "mistral" << false << 1;
    QTest::newRow("tinyllama") << "tinyllama" << true << 1;
    QTest::newRow("qwen25") << "qwen25" << false << 0;
}

void TestChatPromptIds::oneBosAtMost()
{
    QFETCH(QString, family);
    QFETCH(bool, tokenizerBos);
    QFETCH(int, leadingBos);
    QTemporaryDir dir;
    const auto& f = lw::test::chatFamily(family.toStdString());
    lw::test::writeChatFolder(dir.path().toStdString(), f);
    const auto tokenizer = lw::tokenizer::HfTokenizer::load(dir.filePath("tokenizer.json").toStdString());
    const ChatTemplate t = chatTemplateFromHfFolder(dir.path().toStdString());
    QCOMPARE(tokenizer->addsBosToken(), f.tokenizerAddsBos);
    QCOMPARE(prependTokenizerBos(t, tokenizer->addsBosToken()), tokenizerBos);

    const std::vector<int32_t> ids = chatPromptIds(t, kQuestion, *tokenizer);
    std::vector<int32_t> expected = tokenizer->encode(t.render(kQuestion, true), true);
    if (tokenizerBos)
        expected.insert(expected.begin(), *tokenizer->tokenId(f.bosToken));
    QCOMPARE(ids, expected);
    if (*f.bosToken)
        QCOMPARE(leadingCount(ids, *tokenizer->tokenId(f.bosToken)), leadingBos);
    else
        QCOMPARE(leadingBos, 0);
}

void TestChatPromptIds::placeholderTemplatesFollowTheSameRule()
{
    // Built-in llama3 writes <|begin_of_text|> itself; chatml writes no BOS.
    QVERIFY(builtinChatTemplate("llama3").templateAddsBos());
    QVERIFY(!prependTokenizerBos(builtinChatTemplate("llama3"), true));
    QVERIFY(!builtinChatTemplate("chatml").templateAddsBos());
    QVERIFY(prependTokenizerBos(builtinChatTemplate("chatml"), true));
    QVERIFY(!prependTokenizerBos(builtinChatTemplate("chatml"), false));
}

LW_TEST_GUILESS_MAIN(TestChatPromptIds)
#include "test_chat_prompt_ids.moc"

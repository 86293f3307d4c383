// Tokenizers from GGUF metadata: the tokenizer.json fixtures of tests/core/tokenizer,
// converted into tokenizer.ggml.* keys by fixtures/make_gguf_fixtures.py, encode to the
// ids the real `tokenizers` library gave for the original files; our own export of
// each tokenizer reads back with the same ids.
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_tokenizer.h"
#include "core/util/error.h"
#include "gguf_model_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace lw;

namespace {

nlohmann::json tokenizerExpected()
{
    std::ifstream in(std::string(test::sourceDir()) + "/tests/core/tokenizer/fixtures/hf/expected.json");
    return nlohmann::json::parse(in);
}

// Cases where llama.cpp's tokenizer, which GGUF metadata describes, differs from the
// Hugging Face file by design: Qwen2's tokenizer.json normalizes to NFC and llama.cpp
// does not; Mistral's Metaspace prepends "▁" to the first piece only, while llama.cpp
// prepends it after every special token as well, and to text that starts with a space
// (Metaspace leaves such text alone).
bool differsByDesign(const std::string& family, const std::string& text)
{
    if (family == "qwen2")
        return text.find("\xCC\x81") != std::string::npos; // a combining acute accent
    if (family == "mistral" && !text.empty() && text[0] == ' ')
        return true;
    if (family == "mistral")
        for (const char* special : {"<s>", "</s>", "[INST]", "[/INST]", "<mask>", "<note>"})
            if (text.find(special) != std::string::npos)
                return true;
    return false;
}

void checkFamily(const gguf_model::GgufTokenizer& tok, const std::string& family, const nlohmann::json& cases,
                 int& compared)
{
    for (const auto& c : cases) {
        const std::string text = c["text"];
        if (differsByDesign(family, text))
            continue;
        const auto expected = c["ids"].get<std::vector<int32_t>>();
        const auto ids = tok.tokenizer->encode(text);
        QVERIFY2(ids == expected, qPrintable(QString::fromStdString(family + ": " + text)));
        QCOMPARE(tok.tokenizer->decode(ids), c["decoded"].get<std::string>());
        ++compared;
    }
}

} // namespace

class TestGgufTokenizer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void idsMatchTheTokenizersLibrary_data()
    {
        QTest::addColumn<QString>("family");
        for (const char* f : {"gpt2", "llama3", "qwen2", "smollm", "llama2", "mistral"})
            QTest::newRow(f) << QString(f);
    }
    void idsMatchTheTokenizersLibrary()
    {
        QFETCH(QString, family);
        const std::string name = family.toStdString();
        const nlohmann::json expected = tokenizerExpected()["families"][name];
        gguf::GgufFile file(test::ggufModelFixture("tokenizer_" + name + ".gguf"));
        const gguf_model::GgufTokenizer tok = gguf_model::loadGgufTokenizer(file);
        int compared = 0;
        checkFamily(tok, name, expected["cases"], compared);
        QVERIFY(compared >= 15);
        // The post-processor's bos is what add_bos_token asks llama.cpp to add.
        const auto bosPrefix = expected["bos_prefix"].get<std::vector<int32_t>>();
        QCOMPARE(tok.tokenizer->bosPrefix(), bosPrefix);
        QCOMPARE(tok.chatTemplate, "{% for m in messages %}" + name + ": {{ m.content }}\n{% endfor %}");

        // Our export of the same tokenizer, read back, encodes the same way.
        QTemporaryDir dir;
        const std::string path = dir.filePath("exported.gguf").toStdString();
        gguf::GgufWriter writer;
        writer.add("general.architecture", gguf::GgufValue::string("llama"));
        for (auto& [key, value] : gguf_model::ggufTokenizerMetadata(*tok.tokenizer, tok.tokenizer->vocabSize() + 3,
                                                                   tok.chatTemplate))
            writer.add(key, std::move(value));
        writer.write(path);
        gguf::GgufFile exportedFile(path);
        const gguf_model::GgufTokenizer again = gguf_model::loadGgufTokenizer(exportedFile);
        QCOMPARE(again.model, tok.model);
        QCOMPARE(again.pre, tok.pre);
        QCOMPARE(again.tokenizer->vocabSize(), tok.tokenizer->vocabSize() + 3);
        int comparedAgain = 0;
        checkFamily(again, name, expected["cases"], comparedAgain);
        QCOMPARE(comparedAgain, compared);
        QCOMPARE(again.bosId, tok.bosId);
        QCOMPARE(again.eosId, tok.eosId);
        // llama.cpp reads the ids as u32 and the token types as i32.
        QCOMPARE(exportedFile.value("tokenizer.ggml.token_type").elementType(), gguf::GgufValueType::I32);
        if (tok.eosId)
            QCOMPARE(exportedFile.value("tokenizer.ggml.eos_token_id").type(), gguf::GgufValueType::U32);
    }

    void unknownPreTokenizerIsNamed()
    {
        gguf::GgufFile file(test::ggufModelFixture("tokenizer_gpt2.gguf"));
        gguf::GgufWriter writer;
        for (const auto& kv : file.metadata())
            writer.add(kv.key, kv.key == "tokenizer.ggml.pre" ? gguf::GgufValue::string("made-up") : kv.value);
        QTemporaryDir dir;
        const std::string path = dir.filePath("pre.gguf").toStdString();
        writer.write(path);
        gguf::GgufFile changed(path);
        try {
            gguf_model::loadGgufTokenizer(changed);
            QFAIL("an unknown pre-tokenizer was accepted");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("'made-up'") != std::string::npos, e.what());
        }
    }
};

LW_TEST_GUILESS_MAIN(TestGgufTokenizer)
#include "test_gguf_tokenizer.moc"

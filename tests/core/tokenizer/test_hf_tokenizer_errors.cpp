// Broken tokenizer.json files: each is refused with one lw::Error naming the file and
// the JSON field. The documents are small edits of a valid one built here.
#include "core/tokenizer/hf_tokenizer.h"
#include "core/util/error.h"
#include "tokenizer_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <functional>

class TestHfTokenizerErrors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validDocumentLoads();
    void brokenDocuments_data();
    void brokenDocuments();
    void malformedJson();
};

namespace {

using Json = nlohmann::json;
using Edit = std::function<void(Json&)>;

// Byte-level vocabulary: the 256 byte tokens ("a" is byte 97 itself), then "ab".
Json validDocument()
{
    Json vocab = Json::object();
    for (int b = 0; b < 256; ++b) {
        // GPT-2's alphabet: printable Latin-1 as itself, the rest shifted to U+0100 and up.
        static int shifted = 0;
        if (b == 0)
            shifted = 0;
        const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        const char32_t c = printable ? char32_t(b) : char32_t(0x100 + shifted++);
        std::string s;
        if (c < 0x80)
            s += char(c);
        else {
            s += char(0xC0 | (c >> 6));
            s += char(0x80 | (c & 0x3F));
        }
        vocab[s] = b;
    }
    vocab["ab"] = 256;
    return Json{{"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", Json::array({"a b"})}, {"dropout", nullptr}}},
                {"pre_tokenizer", {{"type", "ByteLevel"}, {"add_prefix_space", false}}},
                {"decoder", {{"type", "ByteLevel"}}},
                {"added_tokens", Json::array({{{"id", 257}, {"content", "<eos>"}, {"special", true}}})}};
}

std::string writeDocument(const QTemporaryDir& dir, const std::string& text)
{
    const std::string path = dir.filePath("tokenizer.json").toStdString();
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    return path;
}

} // namespace

Q_DECLARE_METATYPE(Edit)

void TestHfTokenizerErrors::validDocumentLoads()
{
    QTemporaryDir dir;
    auto tok = lw::tokenizer::HfTokenizer::load(writeDocument(dir, validDocument().dump()));
    QCOMPARE(tok->encode("aab<eos>"), (std::vector<int32_t>{97, 256, 257}));
    QCOMPARE(tok->eosId(), std::optional<int32_t>(257));
}

void TestHfTokenizerErrors::brokenDocuments_data()
{
    QTest::addColumn<Edit>("edit");
    QTest::addColumn<QString>("message");
    auto row = [](const char* name, Edit edit, const char* message) { QTest::newRow(name) << edit << QString(message); };
    row("merge of unknown token", [](Json& j) { j["model"]["merges"].push_back("x yz"); },
        "model.merges[1]: token \"yz\" is not in the vocabulary");
    row("merged token missing", [](Json& j) { j["model"]["merges"].push_back("b a"); },
        "model.merges[1]: the merged token \"ba\" is not in the vocabulary");
    row("merge without space", [](Json& j) { j["model"]["merges"].push_back("ab"); },
        "model.merges[1]: expected \"left right\"");
    row("merge of wrong type", [](Json& j) { j["model"]["merges"].push_back(7); },
        "model.merges[1]: expected \"left right\" or [left, right]");
    row("repeated merge", [](Json& j) { j["model"]["merges"].push_back(Json::array({"a", "b"})); },
        "model.merges[1]: merge \"a b\" is repeated");
    row("duplicate id", [](Json& j) { j["model"]["vocab"]["xy"] = 256; }, "is also given to");
    row("negative id", [](Json& j) { j["model"]["vocab"]["xy"] = -1; }, "model.vocab[\"xy\"]: expected an id");
    row("huge id", [](Json& j) { j["model"]["vocab"]["xy"] = 2000000000; }, "model.vocab[\"xy\"]: expected an id");
    row("id of wrong type", [](Json& j) { j["model"]["vocab"]["xy"] = "3"; }, "model.vocab[\"xy\"]: expected an id");
    row("missing byte token", [](Json& j) { j["model"]["vocab"].erase("a"); }, "model.vocab: no token for byte 97");
    row("vocab not an object", [](Json& j) { j["model"]["vocab"] = Json::array(); }, "model.vocab: expected an object");
    row("no model", [](Json& j) { j.erase("model"); }, "model: missing");
    row("WordPiece", [](Json& j) { j["model"]["type"] = "WordPiece"; }, "model.type: model \"WordPiece\" is not supported");
    row("Unigram", [](Json& j) { j["model"]["type"] = "Unigram"; }, "model \"Unigram\" is not supported");
    row("dropout", [](Json& j) { j["model"]["dropout"] = 0.1; }, "model.dropout: BPE dropout is not supported");
    row("unknown unk", [](Json& j) { j["model"]["unk_token"] = "<unk>"; }, "model.unk_token: token \"<unk>\"");
    row("byte fallback without byte tokens",
        [](Json& j) {
            j["pre_tokenizer"] = nullptr;
            j["model"]["byte_fallback"] = true;
        },
        "byte_fallback is on but the byte token <0x00> is missing");
    row("unknown normalizer", [](Json& j) { j["normalizer"] = {{"type", "BertNormalizer"}}; },
        "normalizer.type: normalizer \"BertNormalizer\" is not supported");
    row("normalizer in sequence",
        [](Json& j) { j["normalizer"] = {{"type", "Sequence"}, {"normalizers", {{{"type", "NFC"}}, {{"type", "Nope"}}}}}; },
        "normalizer.normalizers[1].type");
    row("bad regex",
        [](Json& j) {
            j["pre_tokenizer"] = {{"type", "Sequence"},
                                  {"pretokenizers",
                                   {{{"type", "Split"}, {"pattern", {{"Regex", "(unclosed"}}}, {"behavior", "Isolated"}},
                                    {{"type", "ByteLevel"}}}}};
        },
        "pre_tokenizer[0].pattern: the regular expression does not compile");
    row("bad behavior",
        [](Json& j) {
            j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"String", " "}}}, {"behavior", "Sideways"}};
        },
        "pre_tokenizer.behavior: \"Sideways\" is not a split behavior");
    row("pattern of wrong shape",
        [](Json& j) { j["pre_tokenizer"] = {{"type", "Split"}, {"pattern", "x"}, {"behavior", "Isolated"}}; },
        "pre_tokenizer.pattern: expected {\"String\": ...} or {\"Regex\": ...}");
    row("step after ByteLevel",
        [](Json& j) {
            j["pre_tokenizer"] = {{"type", "Sequence"},
                                  {"pretokenizers", {{{"type", "ByteLevel"}}, {{"type", "Digits"}}}}};
        },
        "pre_tokenizer[1]: a pre-tokenizer after ByteLevel is not supported");
    row("unknown decoder", [](Json& j) { j["decoder"] = {{"type", "WordPiece"}}; },
        "decoder.type: decoder \"WordPiece\" is not supported");
    row("bool of wrong type", [](Json& j) { j["pre_tokenizer"]["add_prefix_space"] = "yes"; },
        "pre_tokenizer.add_prefix_space: expected true or false");
    row("added token without id", [](Json& j) { j["added_tokens"][0].erase("id"); },
        "added_tokens[0].id: expected a non-negative integer");
    row("added token far out of range", [](Json& j) { j["added_tokens"][0]["id"] = 90000000; },
        "added_tokens[0].id: 90000000 is out of range");
    row("added token twice", [](Json& j) { j["added_tokens"].push_back(j["added_tokens"][0]); },
        "added_tokens[1].content: token \"<eos>\" is added twice");
    row("two added tokens, one id",
        [](Json& j) { j["added_tokens"].push_back({{"id", 257}, {"content", "<bos>"}, {"special", true}}); },
        "added_tokens[1].id: 257 is given to two added tokens");
    row("template without sequence",
        [](Json& j) {
            j["post_processor"] = {{"type", "TemplateProcessing"},
                                   {"single", {{{"SpecialToken", {{"id", "<eos>"}, {"type_id", 0}}}}}},
                                   {"special_tokens", {{"<eos>", {{"id", "<eos>"}, {"ids", {257}}}}}}};
        },
        "post_processor.single: has no");
    row("template naming an unknown special",
        [](Json& j) {
            j["post_processor"] = {{"type", "TemplateProcessing"},
                                   {"single", {{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
                                               {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}}},
                                   {"special_tokens", Json::object()}};
        },
        "post_processor.special_tokens: no ids for \"<s>\"");
    row("top level array", [](Json& j) { j = Json::array(); }, "(top level): expected an object");
}

void TestHfTokenizerErrors::brokenDocuments()
{
    QFETCH(Edit, edit);
    QFETCH(QString, message);
    QTemporaryDir dir;
    Json doc = validDocument();
    edit(doc);
    const std::string path = writeDocument(dir, doc.dump());
    try {
        lw::tokenizer::HfTokenizer::load(path);
        QFAIL("the document loaded");
    } catch (const lw::Error& e) {
        const QString what = QString::fromUtf8(e.what());
        QVERIFY2(what.startsWith(QString::fromStdString(path)), qPrintable(what));
        QVERIFY2(what.contains(message), qPrintable(what));
    }
}

void TestHfTokenizerErrors::malformedJson()
{
    QTemporaryDir dir;
    const std::string path = writeDocument(dir, "{\"model\": {\"vocab\": {\"a\": 0,}}}");
    try {
        lw::tokenizer::HfTokenizer::load(path);
        QFAIL("the document loaded");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).startsWith(QString::fromStdString(path + ":1:")), e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestHfTokenizerErrors)
#include "test_hf_tokenizer_errors.moc"

// Models in and out through the real llmwb: Hugging Face folders written by an
// independent script (tests/core/hf/hf_reference.py, with GPT-2's own tokenizer files
// and a Llama-3-style tokenizer.json) are imported with their sha256, listed, decoded
// from token ids (greedy ids equal the script's own forward pass), exported back to a
// folder the script reads to the same ids, merged, and deleted.
#include "cli_runner.h"
#include "serve_process.h"
#include "core/hf/hf_test_support.h"
#include "test_registry.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace lw::test;
using lw::test::ServeProcess;
using Json = nlohmann::json;

namespace {

QString idsText(const std::vector<int64_t>& ids)
{
    QStringList parts;
    for (int64_t id : ids)
        parts << QString::number(id);
    return parts.join(' ');
}

const std::vector<int64_t> kPrompt = {464, 2068, 7586, 21831, 18045};

} // namespace

class TestCliModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void importListsAndRecordsTheFiles();
    void generateFromIdsMatchesTheReference();
    void llamaPromptsStartWithTheTokenizersBos();
    void exportGivesAFolderOfTheSameModel();
    void mergeOfCopiesIsTheModel();
    void ggufExportImportsBackToTheSameIds();
    void serveUsesTheModelsTemplate();
    void benchTakesTheModelsShape();
    void badImportsLeaveNothing();

private:
    QString project() const { return m_dir.filePath("project"); }
    CliResult cli(QStringList args, int timeoutMs = 300000)
    {
        args << "--project" << project();
        return runCli(args, timeoutMs);
    }
    QTemporaryDir m_dir;
    QString m_gpt2, m_llama;
    Json m_results;
    size_t m_gpt2Greedy = 0;
};

void TestCliModels::initTestCase()
{
    m_gpt2 = m_dir.filePath("gpt2-src");
    m_llama = m_dir.filePath("llama-src");
    HfReferenceBatch batch;
    batch.make({{"family", "gpt2"},
                {"dtype", "F32"},
                {"seed", 21},
                {"config", {{"vocab_size", 50257}, {"n_positions", 64}, {"n_layer", 2}, {"n_head", 4}, {"n_embd", 32}}}},
               m_gpt2);
    batch.make({{"family", "llama"},
                {"dtype", "BF16"},
                {"seed", 22},
                {"config",
                 {{"vocab_size", 561}, {"max_position_embeddings", 64}, {"num_hidden_layers", 2},
                  {"num_attention_heads", 4}, {"num_key_value_heads", 2}, {"hidden_size", 32},
                  {"intermediate_size", 48}, {"rope_theta", 500000.0}, {"tie_word_embeddings", true},
                  {"bos_token_id", 556}, {"eos_token_id", 557}}}},
               m_llama);
    m_gpt2Greedy = batch.greedy(m_gpt2, kPrompt, 6);
    QVERIFY(batch.run(m_results));
    // GPT-2's own tokenizer files, and a Llama-3-style tokenizer.json, beside the weights.
    QVERIFY(QFile::copy(sharedData("llms-from-scratch/gpt2-bpe/encoder.json"), m_gpt2 + "/vocab.json"));
    QVERIFY(QFile::copy(sharedData("llms-from-scratch/gpt2-bpe/vocab.bpe"), m_gpt2 + "/merges.txt"));
    QVERIFY(QFile::copy(QString::fromUtf8(sourceDir()) + "/tests/core/tokenizer/fixtures/hf/llama3.json",
                        m_llama + "/tokenizer.json"));
    QFile config(m_llama + "/tokenizer_config.json");
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(R"({"bos_token": "<|begin_of_text|>", "eos_token": "<|end_of_text|>", "add_bos_token": true,)"
                 R"( "chat_template": "{{ bos_token }}{% for m in messages %}<|start_header_id|>{{ m['role'] }})"
                 R"(<|end_header_id|>\n\n{{ m['content'] | trim }}<|eot_id|>{% endfor %}{% if add_generation_prompt %})"
                 R"(<|start_header_id|>assistant<|end_header_id|>\n\n{% endif %}"})");
    config.close();
    // A file the import leaves out, and one of another weights format.
    QFile other(m_gpt2 + "/pytorch_model.bin");
    QVERIFY(other.open(QIODevice::WriteOnly));
    other.write("not read");
}

void TestCliModels::importListsAndRecordsTheFiles()
{
    const CliResult imported = cli({"import", "--from", m_gpt2, "--name", "tiny-gpt2", "--json"});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.all()));
    QVERIFY2(imported.err.contains("left out pytorch_model.bin"), qPrintable(imported.err));
    const QJsonObject record = lastJsonObject(imported);
    QCOMPARE(record["architecture"].toString(), QString("GPT2LMHeadModel"));
    QCOMPARE(record["family"].toString(), QString("gpt2"));
    QCOMPARE(record["kind"].toString(), QString("import"));
    // 50257 x 32 embeddings + 64 x 32 positions + 2 layers of 12 x 32^2 + 13 x 32 + the final norm.
    QCOMPARE(record["parameters"].toInteger(), qint64(50257 * 32 + 64 * 32 + 2 * (12 * 32 * 32 + 13 * 32) + 2 * 32));
    QCOMPARE(record["dtype"].toString(), QString("float32"));
    const QJsonArray files = record["source"].toObject()["files"].toArray();
    QStringList names;
    for (const auto& f : files) {
        const QJsonObject o = f.toObject();
        names << o["name"].toString();
        QCOMPARE(o["sha256"].toString(), fileSha256(m_gpt2 + "/" + o["name"].toString()));
    }
    QCOMPARE(names, (QStringList{"config.json", "merges.txt", "model.safetensors", "vocab.json"}));
    QVERIFY(QFile::exists(project() + "/models/tiny-gpt2/model.safetensors"));

    const CliResult again = cli({"import", "--from", m_gpt2, "--name", "tiny-gpt2"});
    QCOMPARE(again.exitCode, 2);
    QVERIFY2(again.err.contains("already exists"), qPrintable(again.err));

    const CliResult list = cli({"models", "list", "--json"});
    QVERIFY2(list.exitCode == 0, qPrintable(list.all()));
    const QJsonArray models = QJsonDocument::fromJson(list.out.toUtf8()).array();
    QCOMPARE(models.size(), 1);
    QCOMPARE(models[0].toObject()["name"].toString(), QString("tiny-gpt2"));
}

void TestCliModels::generateFromIdsMatchesTheReference()
{
    if (!QFile::exists(project() + "/models/tiny-gpt2"))
        QVERIFY(cli({"import", "--from", m_gpt2, "--name", "tiny-gpt2"}).exitCode == 0);
    const auto expected = m_results[m_gpt2Greedy].get<std::vector<int64_t>>();
    for (const QString& model : {QString("tiny-gpt2"), m_gpt2}) {
        const CliResult r = cli({"generate", "--model", model, "--prompt-ids", idsText(kPrompt), "--temperature", "0",
                                 "--max-tokens", "6", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QCOMPARE(generatedIds(r), expected);
    }
    const CliResult bad = cli({"generate", "--model", "tiny-gpt2", "--prompt-ids", "3 99999999", "--max-tokens", "2"});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains("'99999999' is not a token id"), qPrintable(bad.err));
    const CliResult missing = cli({"generate", "--model", "nothing-here", "--prompt", "x"});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("no model 'nothing-here'") && missing.err.contains("tiny-gpt2"), qPrintable(missing.err));
}

void TestCliModels::llamaPromptsStartWithTheTokenizersBos()
{
    const CliResult imported = cli({"import", "--from", m_llama, "--name", "tiny-llama", "--json"});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.all()));
    QCOMPARE(lastJsonObject(imported)["dtype"].toString(), QString("bfloat16"));
    const CliResult encoded = cli({"tokenizer", "encode", "--tokenizer", m_llama, "--text", "the cat sat"});
    QVERIFY2(encoded.exitCode == 0, qPrintable(encoded.all()));
    std::vector<int64_t> prompt = {556}; // <|begin_of_text|>, from the tokenizer's post-processor
    for (const QString& id : encoded.out.trimmed().split(' ', Qt::SkipEmptyParts))
        prompt.push_back(id.toLongLong());
    HfReferenceBatch batch;
    const size_t job = batch.greedy(m_llama, prompt, 5);
    Json results;
    QVERIFY(batch.run(results));
    const CliResult r = cli({"generate", "--model", "tiny-llama", "--prompt", "the cat sat", "--temperature", "0",
                             "--max-tokens", "5", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QCOMPARE(generatedIds(r), results[job].get<std::vector<int64_t>>());
    QCOMPARE(lastJsonObject(r)["stats"].toObject()["prompt_tokens"].toInteger(), qint64(prompt.size()));
}

void TestCliModels::exportGivesAFolderOfTheSameModel()
{
    if (!QFile::exists(project() + "/models/tiny-gpt2"))
        QVERIFY(cli({"import", "--from", m_gpt2, "--name", "tiny-gpt2"}).exitCode == 0);
    const QString out = m_dir.filePath("exported");
    const CliResult r = cli({"export", "--model", "tiny-gpt2", "--format", "hf", "--dtype", "f32", "--output", out, "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QStringList files;
    for (const auto& f : lastJsonObject(r)["files"].toArray())
        files << f.toString();
    QCOMPARE(files, (QStringList{"config.json", "generation_config.json", "merges.txt", "model.safetensors", "vocab.json"}));
    HfReferenceBatch batch;
    const size_t job = batch.greedy(out, kPrompt, 6);
    Json results;
    QVERIFY(batch.run(results));
    QCOMPARE(results[job].get<std::vector<int64_t>>(), m_results[m_gpt2Greedy].get<std::vector<int64_t>>());
    const CliResult twice = cli({"export", "--model", "tiny-gpt2", "--output", out});
    QCOMPARE(twice.exitCode, 2);
    QVERIFY2(twice.err.contains("already exists"), qPrintable(twice.err));
}

void TestCliModels::mergeOfCopiesIsTheModel()
{
    if (!QFile::exists(project() + "/models/tiny-gpt2"))
        QVERIFY(cli({"import", "--from", m_gpt2, "--name", "tiny-gpt2"}).exitCode == 0);
    const auto expected = m_results[m_gpt2Greedy].get<std::vector<int64_t>>();
    for (const QString& method : {QString("linear"), QString("slerp")}) {
        const QString name = "merged-" + method;
        const CliResult r = cli({"merge", "--models", "tiny-gpt2", m_gpt2, "--method", method, "--name", name, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const QJsonObject record = lastJsonObject(r);
        QCOMPARE(record["kind"].toString(), QString("merge"));
        QCOMPARE(record["lineage"].toObject()["models"].toArray().size(), 2);
        QCOMPARE(record["lineage"].toObject()["merge"].toObject()["method"].toString(), method);
        const CliResult g = cli({"generate", "--model", name, "--prompt-ids", idsText(kPrompt), "--temperature", "0",
                                 "--max-tokens", "6", "--json"});
        QVERIFY2(g.exitCode == 0, qPrintable(g.all()));
        QCOMPARE(generatedIds(g), expected);
    }
    const CliResult del = cli({"models", "delete", "merged-linear"});
    QVERIFY2(del.exitCode == 0, qPrintable(del.all()));
    QVERIFY(!QFile::exists(project() + "/models/merged-linear"));
    QVERIFY(QFile::exists(m_gpt2 + "/model.safetensors")); // files outside the project stay
}

// The Llama-style model goes out as GGUF (its chat template in the metadata), comes back
// in as a model of the project, and continues the same ids as the independent reference.
void TestCliModels::ggufExportImportsBackToTheSameIds()
{
    if (!QFile::exists(project() + "/models/tiny-llama"))
        QVERIFY(cli({"import", "--from", m_llama, "--name", "tiny-llama"}).exitCode == 0);
    const QString file = m_dir.filePath("tiny-llama.gguf");
    const CliResult exported =
        cli({"export", "--model", "tiny-llama", "--format", "gguf", "--dtype", "f32", "--output", file, "--json"});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.all()));
    QCOMPARE(lastJsonObject(exported)["bytes"].toInteger(), QFileInfo(file).size());
    const CliResult imported = cli({"import", "--from", file, "--name", "tiny-llama-gguf", "--json"});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.all()));
    const QJsonObject record = lastJsonObject(imported);
    QCOMPARE(record["format"].toString(), QString("gguf"));
    QCOMPARE(record["architecture"].toString(), QString("llama"));
    QCOMPARE(record["dtype"].toString(), QString("f32"));
    QVERIFY(record["meta"].toObject()["chat_template"].toBool());
    QCOMPARE(record["source"].toObject()["files"].toArray()[0].toObject()["sha256"].toString(), fileSha256(file));

    const std::vector<int64_t> prompt = {556, 17, 42, 99, 130};
    HfReferenceBatch batch;
    const size_t job = batch.greedy(m_llama, prompt, 6);
    Json results;
    QVERIFY(batch.run(results));
    for (const QString& model : {QString("tiny-llama-gguf"), QString("tiny-llama")}) {
        const CliResult r = cli({"generate", "--model", model, "--prompt-ids", idsText(prompt), "--temperature", "0",
                                 "--max-tokens", "6", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QCOMPARE(generatedIds(r), results[job].get<std::vector<int64_t>>());
    }
    // Both carry the chat template: one BOS (the template's), header tokens around the turn.
    for (const QString& model : {QString("tiny-llama-gguf"), QString("tiny-llama")}) {
        const CliResult r = cli({"generate", "--model", model, "--template", "model", "--prompt", "hi", "--temperature",
                                 "0", "--max-tokens", "2", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const CliResult ids = cli({"tokenizer", "encode", "--tokenizer", m_llama, "--text",
                                   "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>"
                                   "<|start_header_id|>assistant<|end_header_id|>\n\n"});
        QVERIFY2(ids.exitCode == 0, qPrintable(ids.all()));
        QCOMPARE(lastJsonObject(r)["stats"].toObject()["prompt_tokens"].toInteger(),
                 qint64(ids.out.trimmed().split(' ', Qt::SkipEmptyParts).size()));
    }
}

// The API answers chat completions through the imported model's own template (one BOS,
// its header tokens): the prompt's token count is that of the rendered conversation.
void TestCliModels::serveUsesTheModelsTemplate()
{
    if (runCli({"serve", "--help"}).exitCode != 0)
        QSKIP("llmwb was built without the API server");
    if (!QFile::exists(project() + "/models/tiny-llama"))
        QVERIFY(cli({"import", "--from", m_llama, "--name", "tiny-llama"}).exitCode == 0);
    ServeProcess server(m_dir.path(), {"--model", "tiny-llama", "--project", project()});
    QVERIFY2(!server.url.isEmpty(), "the server did not start");
    const QJsonObject body{{"model", server.model},
                           {"messages", QJsonArray{QJsonObject{{"role", "user"}, {"content", "hi"}}}},
                           {"max_tokens", 2},
                           {"temperature", 0}};
    const Reply reply = http(server.url + "/v1/chat/completions", lw::test::json(body), {"Content-Type: application/json"});
    QVERIFY2(reply.status == 200, reply.body.constData());
    const CliResult ids = cli({"tokenizer", "encode", "--tokenizer", m_llama, "--text",
                               "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nhi<|eot_id|>"
                               "<|start_header_id|>assistant<|end_header_id|>\n\n"});
    QVERIFY2(ids.exitCode == 0, qPrintable(ids.all()));
    QCOMPARE(reply.json()["usage"].toObject()["prompt_tokens"].toInteger(),
             qint64(ids.out.trimmed().split(' ', Qt::SkipEmptyParts).size()));
}

void TestCliModels::benchTakesTheModelsShape()
{
    if (!QFile::exists(project() + "/models/tiny-llama"))
        QVERIFY(cli({"import", "--from", m_llama, "--name", "tiny-llama"}).exitCode == 0);
    const CliResult r = cli({"bench", "generate", "--model", "tiny-llama", "--prompt-tokens", "4", "--new-tokens", "2",
                             "--runs", "1", "--threads", "1", "--json"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject j = lastJsonObject(r);
    QCOMPARE(j["family"].toString(), QString("llama"));
    QCOMPARE(j["n_layer"].toInteger(), qint64(2));
    QCOMPARE(j["d_model"].toInteger(), qint64(32));
    QCOMPARE(j["vocab"].toInteger(), qint64(561));
    // 561 x 32 tied embeddings + 2 layers of (2 norms + q 32x32 + k, v 16x32 + o 32x32 + 3 x 48x32) + the final norm.
    QCOMPARE(j["parameters"].toInteger(), qint64(561 * 32 + 2 * (2 * 32 + 32 * 32 + 2 * 16 * 32 + 32 * 32 + 3 * 48 * 32) + 32));
}

void TestCliModels::badImportsLeaveNothing()
{
    const QString broken = m_dir.filePath("broken");
    QVERIFY(QDir().mkpath(broken));
    for (const QString& f : QDir(m_gpt2).entryList(QDir::Files))
        QVERIFY(QFile::copy(m_gpt2 + "/" + f, broken + "/" + f));
    QFile config(broken + "/config.json");
    QVERIFY(config.open(QIODevice::ReadOnly));
    QByteArray text = config.readAll();
    config.close();
    text.replace("\"n_layer\": 2", "\"n_layer\": 3");
    QVERIFY(config.open(QIODevice::WriteOnly | QIODevice::Truncate));
    config.write(text);
    config.close();
    const CliResult r = cli({"import", "--from", broken, "--name", "broken"});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("tensor 'transformer.h.2.ln_1.weight' is missing"), qPrintable(r.err));
    QVERIFY(!QFile::exists(project() + "/models/broken"));
    const CliResult notModel = cli({"import", "--from", m_dir.filePath("nowhere"), "--name", "x"});
    QCOMPARE(notModel.exitCode, 2);
}

LW_TEST_GUILESS_MAIN(TestCliModels)
#include "test_cli_models.moc"

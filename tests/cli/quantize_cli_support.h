#pragma once
// The project the `llmwb quantize` tests share: a tiny Llama-family Hugging Face folder
// (written by tests/core/hf/hf_reference.py, with a Llama-3-style tokenizer.json)
// imported as "base" into a project in a temporary folder, and the calls the tests make
// on it through the real llmwb.
#include "cli_runner.h"
#include "core/gguf/gguf_file.h"
#include "core/hf/hf_test_support.h"
#include "test_paths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <vector>

namespace lw::test {

// A GGUF tensor's stored bytes.
inline std::vector<uint8_t> ggufTensorBytes(const gguf::GgufFile& file, const std::string& name)
{
    const gguf::GgufTensorInfo& info = file.tensor(name);
    return std::vector<uint8_t>(info.data, info.data + info.byteSize);
}

// The folder's shape: 2 layers, 4 query and 2 key-value heads, a vocabulary of 561.
struct TinyLlamaShape {
    int seed = 43;
    int64_t hidden = 64;
    int64_t intermediate = 128;
};

class QuantizeCliProject {
public:
    // Writes the folder and imports it as "base"; empty when that worked, else what failed.
    QString importTinyLlama(const TinyLlamaShape& shape)
    {
        if (!m_dir.isValid())
            return "no temporary folder";
        HfReferenceBatch batch;
        batch.make({{"family", "llama"},
                    {"dtype", "F32"},
                    {"seed", shape.seed},
                    {"config",
                     {{"vocab_size", 561}, {"max_position_embeddings", 64}, {"num_hidden_layers", 2},
                      {"num_attention_heads", 4}, {"num_key_value_heads", 2}, {"hidden_size", shape.hidden},
                      {"intermediate_size", shape.intermediate}, {"rope_theta", 10000.0},
                      {"tie_word_embeddings", false}, {"bos_token_id", 556}, {"eos_token_id", 557}}}},
                   folder());
        nlohmann::json results;
        if (!batch.run(results))
            return "hf_reference.py failed";
        if (!QFile::copy(QString::fromUtf8(sourceDir()) + "/tests/core/tokenizer/fixtures/hf/llama3.json",
                         folder() + "/tokenizer.json"))
            return "cannot copy tokenizer.json";
        const CliResult r = cli({"import", "--from", folder(), "--name", "base"});
        return r.exitCode == 0 ? QString() : r.all();
    }

    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString folder() const { return m_dir.filePath("llama-src"); }
    QString project() const { return m_dir.filePath("project"); }
    std::string modelFile(const QString& name) const
    {
        return (project() + "/models/" + name + "/model.gguf").toStdString();
    }

    CliResult cli(QStringList args, int timeoutMs = 300000) const
    {
        args << "--project" << project();
        return runCli(args, timeoutMs);
    }

    // The project's record of a model (`llmwb models list --json`); empty when unknown.
    QJsonObject modelRecord(const QString& name) const
    {
        const CliResult list = cli({"models", "list", "--json"});
        for (const auto& m : QJsonDocument::fromJson(list.out.toUtf8()).array())
            if (m.toObject()["name"].toString() == name)
                return m.toObject();
        return {};
    }

    // `llmwb eval perplexity` over a text file in windows of 64 tokens; 0 when it fails.
    double perplexity(const QString& model, const QString& textFile) const
    {
        const CliResult r = cli({"eval", "perplexity", "--model", model, "--text-file", textFile, "--context", "64",
                                 "--json"});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.all()));
        return lastJsonObject(r)["perplexity"].toDouble();
    }

private:
    QTemporaryDir m_dir;
};

} // namespace lw::test

// `llmwb adapter export --format gguf` on adapters fine-tuned here, for a tiny GPT-2
// (fused c_attn, tied head) and a tiny Llama with grouped-query attention and its own
// output head (q/k/v adapted as separate modules, rsLoRA):
//   - the file holds exactly PEFT's A and B in llama.cpp's layout, as an independent GGUF
//     reader (gguf_adapter_check.py, written from the specification) sees it, in f32 and f16;
//   - read back through our GGUF reader, base + alpha/r * B @ A of every adapted tensor of
//     the base's GGUF equals that tensor of the GGUF of the model `adapter merge` writes;
//   - truncated, mismatched, DoRA and tied-head adapters, and adapters whose recorded base
//     is not here (without --model), are refused with the file or module named, and no
//     file is left behind.
#include "cli_runner.h"
#include "core/gguf/gguf_file.h"
#include "core/hf/hf_test_support.h"
#include "test_registry.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <cmath>

using namespace lw::test;

class TestCliAdapterExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportHoldsPeftsTensorsAndReproducesTheMerge_data();
    void exportHoldsPeftsTensorsAndReproducesTheMerge();
    void damagedOrMismatchedAdaptersAreRefused();

private:
    QString project() const { return m_dir.filePath("project"); }
    CliResult cli(QStringList args, int timeoutMs = 300000)
    {
        args << "--project" << project();
        return runCli(args, timeoutMs);
    }
    // A few steps of LoRA SFT at a large learning rate, so B is far from zero; the
    // adapter's folder.
    QString fineTune(const QString& base, const QStringList& flags);
    QTemporaryDir m_dir;
    QString m_gpt2Adapter, m_llamaAdapter;
};

namespace {

void makeTinyLlamaFolder(HfReferenceBatch& batch, const QString& folder, bool tied)
{
    batch.make({{"family", "llama"},
                {"dtype", "F32"},
                {"seed", 31},
                {"config",
                 {{"vocab_size", 561}, {"max_position_embeddings", 64}, {"num_hidden_layers", 2},
                  {"num_attention_heads", 4}, {"num_key_value_heads", 2}, {"hidden_size", 32},
                  {"intermediate_size", 48}, {"rope_theta", 10000.0}, {"tie_word_embeddings", tied},
                  {"bos_token_id", 556}, {"eos_token_id", 557}}}},
               folder);
}

bool copyReplacing(const QString& from, const QString& to)
{
    QFile::remove(to);
    return QFile::copy(from, to);
}

QString checkWithIndependentReader(const QString& adapterGguf, const QString& peftDir, const QString& baseGguf,
                                   const QString& dtype)
{
    QProcess python;
    python.start("/usr/bin/python3", {QString::fromUtf8(sourceDir()) + "/tests/cli/gguf_adapter_check.py", adapterGguf,
                                      peftDir, baseGguf, dtype});
    if (!python.waitForFinished(120000) || python.exitCode() != 0)
        return "FAILED: " + QString::fromUtf8(python.readAllStandardError());
    return QString::fromUtf8(python.readAllStandardOutput()).trimmed();
}

// A tensor of a GGUF file as floats, row-major (rows = dims[1], cols = dims[0]).
std::vector<float> ggufTensorFloats(const lw::gguf::GgufFile& file, const std::string& name)
{
    return file.dequantizeTensor(file.tensor(name));
}

} // namespace

QString TestCliAdapterExport::fineTune(const QString& base, const QStringList& flags)
{
    const CliResult r = cli(QStringList{"finetune", "--demo", "--base", base, "--max-steps", "4", "--learning-rate",
                                       "0.02", "--warmup-steps", "0", "--batch-size", "4", "--compare", "0", "--events"} +
                            flags);
    if (r.exitCode != 0) {
        qWarning("%s", qPrintable(r.all()));
        return {};
    }
    for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        if (e["event"].toString() == "run_started")
            return e["run_dir"].toString() + "/adapter";
    }
    return {};
}

void TestCliAdapterExport::initTestCase()
{
    const QString gpt2 = m_dir.filePath("gpt2-src"), llama = m_dir.filePath("llama-src"),
                  tied = m_dir.filePath("llama-tied-src");
    HfReferenceBatch batch;
    batch.make({{"family", "gpt2"},
                {"dtype", "F32"},
                {"seed", 30},
                {"config", {{"vocab_size", 557}, {"n_positions", 64}, {"n_layer", 2}, {"n_head", 4}, {"n_embd", 32}}}},
               gpt2);
    makeTinyLlamaFolder(batch, llama, false);
    makeTinyLlamaFolder(batch, tied, true);
    nlohmann::json results;
    QVERIFY(batch.run(results));
    const QString tokenizers = QString::fromUtf8(sourceDir()) + "/tests/core/tokenizer/fixtures/hf/";
    QVERIFY(copyReplacing(tokenizers + "gpt2.json", gpt2 + "/tokenizer.json"));
    for (const QString& folder : {llama, tied})
        QVERIFY(copyReplacing(tokenizers + "llama3.json", folder + "/tokenizer.json"));
    for (const auto& [folder, name] : {std::pair{gpt2, "tiny-gpt2"}, {llama, "tiny-llama"}, {tied, "tiny-llama-tied"}}) {
        const CliResult imported = cli({"import", "--from", folder, "--name", name});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.all()));
    }
    m_gpt2Adapter = fineTune("tiny-gpt2", {"--lora-targets", "all-linear", "--lora-rank", "4", "--lora-alpha", "8"});
    QVERIFY(!m_gpt2Adapter.isEmpty());
    // rsLoRA: llama.cpp's alpha must carry alpha/sqrt(r), not alpha/r.
    m_llamaAdapter = fineTune("tiny-llama", {"--lora-targets", "q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj,lm_head", "--lora-rank", "4",
                                             "--lora-alpha", "6", "--rslora"});
    QVERIFY(!m_llamaAdapter.isEmpty());
}

void TestCliAdapterExport::exportHoldsPeftsTensorsAndReproducesTheMerge_data()
{
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("architecture");
    QTest::addColumn<int>("adaptedTensors"); // GGUF weights with an adapter
    // GPT-2: attn_qkv, attn_output, ffn_up, ffn_down per layer; Llama: q, k, v, output,
    // gate, up, down per layer and the output head.
    QTest::newRow("gpt2") << "tiny-gpt2" << "gpt2" << 2 * 4;
    QTest::newRow("llama") << "tiny-llama" << "llama" << 2 * 7 + 1;
}

void TestCliAdapterExport::exportHoldsPeftsTensorsAndReproducesTheMerge()
{
    QFETCH(QString, base);
    QFETCH(QString, architecture);
    QFETCH(int, adaptedTensors);
    const QString adapter = base == "tiny-gpt2" ? m_gpt2Adapter : m_llamaAdapter;
    const QString baseGguf = m_dir.filePath(base + ".gguf");
    const CliResult exportedBase =
        cli({"export", "--model", base, "--format", "gguf", "--dtype", "f32", "--output", baseGguf});
    QVERIFY2(exportedBase.exitCode == 0, qPrintable(exportedBase.all()));

    // The adapter's base is the one it was trained from; its run folder names it.
    const QString adapterGguf = m_dir.filePath(base + "-lora.gguf");
    const CliResult exported = cli({"adapter", "export", "--adapter", adapter, "--format", "gguf", "--output",
                                    adapterGguf, "--json"});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.all()));
    const QJsonObject summary = lastJsonObject(exported);
    QCOMPARE(summary["path"].toString(), QFileInfo(adapterGguf).absoluteFilePath());
    QCOMPARE(summary["tensors"].toInt(), 2 * adaptedTensors);
    QCOMPARE(summary["bytes"].toInteger(), QFileInfo(adapterGguf).size());
    QCOMPARE(summary["sha256"].toString(), fileSha256(adapterGguf));
    QCOMPARE(summary["architecture"].toString(), architecture);
    const QString checked = checkWithIndependentReader(adapterGguf, adapter, baseGguf, "f32");
    QVERIFY2(checked.startsWith("{\"tensors\": " + QString::number(2 * adaptedTensors)), qPrintable(checked));

    const QString halfGguf = m_dir.filePath(base + "-lora-f16.gguf");
    const CliResult half = cli({"adapter", "export", "--adapter", adapter, "--model", base, "--output", halfGguf,
                                "--dtype", "f16"});
    QVERIFY2(half.exitCode == 0, qPrintable(half.all()));
    const QString checkedHalf = checkWithIndependentReader(halfGguf, adapter, baseGguf, "f16");
    QVERIFY2(checkedHalf.startsWith("{\"tensors\": "), qPrintable(checkedHalf));

    // What llama.cpp computes from the two files equals the merged model.
    const CliResult merged = cli({"adapter", "merge", "--model", base, "--adapter", adapter, "--name", base + "-merged"});
    QVERIFY2(merged.exitCode == 0, qPrintable(merged.all()));
    const QString mergedGguf = m_dir.filePath(base + "-merged.gguf");
    const CliResult exportedMerged =
        cli({"export", "--model", base + "-merged", "--format", "gguf", "--dtype", "f32", "--output", mergedGguf});
    QVERIFY2(exportedMerged.exitCode == 0, qPrintable(exportedMerged.all()));

    const lw::gguf::GgufFile lora(adapterGguf.toStdString()), baseFile(baseGguf.toStdString()),
        mergedFile(mergedGguf.toStdString());
    QCOMPARE(lora.get<std::string>("general.type"), std::string("adapter"));
    const double scale = lora.get<float>("adapter.lora.alpha") / 4.0; // rank 4
    int compared = 0;
    double largestUpdate = 0;
    for (const lw::gguf::GgufTensorInfo& t : lora.tensors()) {
        if (t.name.size() < 7 || t.name.compare(t.name.size() - 7, 7, ".lora_a") != 0)
            continue;
        const std::string weight = t.name.substr(0, t.name.size() - 7);
        const std::vector<float> a = ggufTensorFloats(lora, t.name), b = ggufTensorFloats(lora, weight + ".lora_b");
        const std::vector<float> w = ggufTensorFloats(baseFile, weight), m = ggufTensorFloats(mergedFile, weight);
        const int64_t in = int64_t(t.dims[0]), rank = int64_t(t.dims[1]), out = int64_t(w.size()) / in;
        QCOMPARE(int64_t(b.size()), out * rank);
        double worst = 0;
        for (int64_t row = 0; row < out; ++row)
            for (int64_t col = 0; col < in; ++col) {
                double update = 0;
                for (int64_t k = 0; k < rank; ++k)
                    update += double(b[row * rank + k]) * double(a[k * in + col]);
                largestUpdate = std::max(largestUpdate, std::abs(scale * update));
                worst = std::max(worst, std::abs(w[row * in + col] + scale * update - m[row * in + col]));
            }
        QVERIFY2(worst < 1e-5, qPrintable(QString::fromStdString(weight) + ": " + QString::number(worst)));
        ++compared;
    }
    QCOMPARE(compared, adaptedTensors);
    QVERIFY2(largestUpdate > 1e-3, qPrintable(QString::number(largestUpdate))); // B trained away from zero
}

void TestCliAdapterExport::damagedOrMismatchedAdaptersAreRefused()
{
    const QString out = m_dir.filePath("refused.gguf");
    auto refused = [&](const QStringList& args, const QString& named) {
        const CliResult r = cli(QStringList{"adapter", "export", "--output", out} + args);
        QVERIFY2(r.exitCode == 2, qPrintable(r.all()));
        QVERIFY2(r.err.contains(named), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    };

    // A download that stopped half-way.
    const QString cut = m_dir.filePath("cut");
    QDir().mkpath(cut);
    QVERIFY(QFile::copy(m_llamaAdapter + "/adapter_config.json", cut + "/adapter_config.json"));
    QFile source(m_llamaAdapter + "/adapter_model.safetensors");
    QVERIFY(source.open(QIODevice::ReadOnly));
    QFile half(cut + "/adapter_model.safetensors");
    QVERIFY(half.open(QIODevice::WriteOnly));
    half.write(source.read(source.size() / 2));
    half.close();
    refused({"--adapter", cut}, "adapter_model.safetensors");

    // A PEFT adapter made elsewhere records its base as a hub id: the base must be given.
    const QString elsewhere = m_dir.filePath("elsewhere");
    QDir().mkpath(elsewhere);
    QVERIFY(QFile::copy(m_gpt2Adapter + "/adapter_model.safetensors", elsewhere + "/adapter_model.safetensors"));
    QFile config(m_gpt2Adapter + "/adapter_config.json");
    QVERIFY(config.open(QIODevice::ReadOnly));
    QJsonObject peftConfig = QJsonDocument::fromJson(config.readAll()).object();
    peftConfig["base_model_name_or_path"] = "openai-community/gpt2";
    QFile edited(elsewhere + "/adapter_config.json");
    QVERIFY(edited.open(QIODevice::WriteOnly));
    edited.write(QJsonDocument(peftConfig).toJson());
    edited.close();
    refused({"--adapter", elsewhere}, "give the base with --model");
    const CliResult given = cli({"adapter", "export", "--adapter", elsewhere, "--model", "tiny-gpt2", "--output", out});
    QVERIFY2(given.exitCode == 0, qPrintable(given.all()));
    QVERIFY(QFile::remove(out));

    // A Llama adapter given a GPT-2 base: its target modules are not GPT-2's.
    refused({"--adapter", m_llamaAdapter, "--model", "tiny-gpt2"}, "not a module of GPT2LMHeadModel");
    // An adapted output head on a base that ties it to the embedding.
    refused({"--adapter", m_llamaAdapter, "--model", "tiny-llama-tied"}, "lm_head");

    // DoRA: llama.cpp has no magnitude vectors.
    const CliResult dora = cli({"finetune", "--demo", "--base", "tiny-gpt2", "--method", "dora", "--lora-targets",
                                "c_attn", "--lora-rank", "2", "--max-steps", "1", "--compare", "0", "--events"});
    QVERIFY2(dora.exitCode == 0, qPrintable(dora.all()));
    QString doraRun;
    for (const QString& line : dora.out.split('\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        if (e["event"].toString() == "run_started")
            doraRun = QString::number(e["run_id"].toInteger());
    }
    refused({"--adapter", doraRun}, "use_dora");
}

LW_TEST_GUILESS_MAIN(TestCliAdapterExport)
#include "test_cli_adapter_export.moc"

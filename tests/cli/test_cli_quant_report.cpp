// `llmwb quant-report` through the real binary: a small random GPT-2 checkpoint (GPT-2's
// tokenizer) against its Q8_0 GGUF file written by core/gguf_model. The figures are
// recomputed here from the full-sequence logits of both models (one window: the text is
// cut to the window's length), log_softmax in double; the report is stored as an
// evaluation and `llmwb eval show` shows it.
#include "cli_runner.h"
#include "core/catalog/model_loader.h"
#include "core/generate/known_models.h"
#include "core/gguf_model/gguf_model.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/checkpoint.h"
#include "eval_cli_support.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <cmath>

using lw::test::runCli;

namespace {

const char* kQuantReportText =
    "The orchard keeper walked the rows each morning and counted the pears that had fallen overnight.\n"
    "Some were bruised and went to the pigs; the rest filled two baskets by the gate.\n"
    "In the afternoon the neighbours came with jars, and by evening the kitchen smelled of cinnamon.\n";

// A checkpoint of a random 2-layer GPT-2 with GPT-2's vocabulary under `dir`.
QString writeQuantReportCheckpoint(const QString& dir, int64_t vocab, uint64_t seed)
{
    auto config = lw::test::knownModelConfig(vocab, 32, 48);
    lw::model::Transformer m(config);
    m->initializeWeights(seed);
    QDir().mkpath(dir + "/checkpoints");
    const QString path = dir + "/checkpoints/step-1.safetensors";
    lw::train::saveCheckpoint(path.toStdString(), m, nullptr, nlohmann::json::object(), {},
                              lw::test::gpt2TokenizerDir());
    return path;
}

} // namespace

class TestCliQuantReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void figuresMatchFullSequenceLogitsAndAreStored();
    void tableWithoutSpeed();
    void mismatchedModelsAreRefused();

private:
    QTemporaryDir m_dir;
    QString m_checkpoint, m_gguf, m_textFile, m_project;
};

void TestCliQuantReport::initTestCase()
{
    QVERIFY(QFile::exists(lw::test::llmwbPath()));
    m_checkpoint = writeQuantReportCheckpoint(m_dir.filePath("base"), 50257, 11);
    auto loaded = lw::catalog::loadModel(lw::catalog::locateModel(m_checkpoint.toStdString(), nullptr), torch::kCPU);
    m_gguf = m_dir.filePath("base-q8_0.gguf");
    lw::gguf_model::writeGgufModel(loaded.model, *loaded.tokenizer, "", m_gguf.toStdString(), lw::gguf::GgmlType::Q8_0);
    m_textFile = m_dir.filePath("orchard.txt");
    QFile file(m_textFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kQuantReportText);
    file.close();
    m_project = m_dir.filePath("project");
}

void TestCliQuantReport::figuresMatchFullSequenceLogitsAndAreStored()
{
    // 33 tokens and a 32-token window: one window reads tokens 0..31 and scores 1..32.
    auto r = runCli({"quant-report", "--model", m_gguf, "--reference", m_checkpoint, "--text-file", m_textFile,
                     "--context", "32", "--max-tokens", "33", "--json", "--project", m_project},
                    300000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject j = lw::test::lastJsonObject(r);
    for (const char* key :
         {"model", "reference", "tokens", "ppl", "ppl_reference", "ln_ppl_ratio", "kl_mean", "kl_stderr", "kl_median",
          "kl_p90", "kl_p95", "kl_p99", "kl_max", "top1_agreement", "top1_agreement_stderr", "bytes_on_disk",
          "bytes_in_memory", "bits_per_weight", "matrices", "decode_tokens_per_s", "prefill_tokens_per_s",
          "bytes_on_disk_reference", "bytes_in_memory_reference", "bits_per_weight_reference",
          "decode_tokens_per_s_reference", "prefill_tokens_per_s_reference", "evaluation_id"})
        QVERIFY2(j.contains(key), key);

    auto quantized = lw::catalog::loadModel(lw::catalog::locateModel(m_gguf.toStdString(), nullptr), torch::kCPU);
    auto reference = lw::catalog::loadModel(lw::catalog::locateModel(m_checkpoint.toStdString(), nullptr), torch::kCPU);
    auto tokens = lw::catalog::encodePrompt(reference, kQuantReportText);
    QVERIFY(tokens.size() > 33);
    tokens.resize(33);
    torch::NoGradGuard noGrad;
    const auto input = torch::tensor(std::vector<int64_t>(tokens.begin(), tokens.begin() + 32)).unsqueeze(0);
    const auto targets = torch::tensor(std::vector<int64_t>(tokens.begin() + 1, tokens.end())).unsqueeze(1);
    const auto q = quantized.model->forward(input)[0].to(torch::kDouble).log_softmax(1);
    const auto p = reference.model->forward(input)[0].to(torch::kDouble).log_softmax(1);
    const auto kl = (p.exp() * (p - q)).sum(1);
    const double nll = -q.gather(1, targets).mean().item<double>(), nllRef = -p.gather(1, targets).mean().item<double>();
    const double agreement = q.argmax(1).eq(p.argmax(1)).to(torch::kDouble).mean().item<double>();

    QCOMPARE(j["tokens"].toInteger(), qint64(32));
    const double klMean = kl.mean().item<double>();
    QVERIFY2(std::abs(j["kl_mean"].toDouble() - klMean) < 1e-3 * klMean + 1e-9,
             qPrintable(QString("%1 vs %2").arg(j["kl_mean"].toDouble()).arg(klMean)));
    QVERIFY(std::abs(j["kl_max"].toDouble() - kl.max().item<double>()) < 1e-3 * kl.max().item<double>() + 1e-9);
    QVERIFY(std::abs(j["ppl"].toDouble() - std::exp(nll)) < 1e-4 * std::exp(nll));
    QVERIFY(std::abs(j["ppl_reference"].toDouble() - std::exp(nllRef)) < 1e-4 * std::exp(nllRef));
    QVERIFY(std::abs(j["ln_ppl_ratio"].toDouble() - (nll - nllRef)) < 1e-5);
    QCOMPARE(j["top1_agreement"].toDouble(), agreement);
    // Q8_0 blocks of 32 weights: 34 bytes.
    QVERIFY(j["bits_per_weight"].toDouble() > 8.4 && j["bits_per_weight"].toDouble() < 9);
    QCOMPARE(j["bits_per_weight_reference"].toDouble(), 32.0);
    QCOMPARE(j["bytes_on_disk"].toInteger(), QFile(m_gguf).size());
    QVERIFY(j["decode_tokens_per_s"].toDouble() > 0 && j["prefill_tokens_per_s_reference"].toDouble() > 0);
    // The GGUF file is timed on its Q8_0 blocks (the comparison read its float copy), the
    // checkpoint on its floats.
    QVERIFY2(j["runner"].toString().contains("q8_0"), qPrintable(j["runner"].toString()));
    QVERIFY2(j["runner_reference"].toString().contains("fp32"), qPrintable(j["runner_reference"].toString()));
    // wte, wpe and the untied lm_head, then 4 matrices in each of 2 blocks.
    const QJsonArray matrices = j["matrices"].toArray();
    QCOMPARE(matrices.size(), 11);
    for (const auto& m : matrices)
        QVERIFY(m.toObject()["relative_error"].toDouble() > 0 && m.toObject()["relative_error"].toDouble() < 0.02);

    const auto stored = lw::test::storedEvaluation(m_project, j["evaluation_id"].toInteger());
    QCOMPARE(stored.task, QString("quant_report"));
    QCOMPARE(stored.settings["reference"].toString(), m_checkpoint);
    QCOMPARE(stored.settings["max_tokens"].toInteger(), qint64(33));
    QCOMPARE(stored.summary["kl_mean"].toDouble(), j["kl_mean"].toDouble());
    QCOMPARE(stored.examples.size(), qsizetype(11));
    QCOMPARE(stored.examples[0]["name"].toString(), matrices[0].toObject()["name"].toString());

    auto show = runCli({"eval", "show", QString::number(j["evaluation_id"].toInteger()), "--project", m_project});
    QVERIFY2(show.exitCode == 0, qPrintable(show.all()));
    QVERIFY2(show.out.contains("quant_report") && show.out.contains("kl_mean"), qPrintable(show.out));
}

void TestCliQuantReport::tableWithoutSpeed()
{
    auto r = runCli({"quant-report", "--model", m_gguf, "--reference", m_checkpoint, "--text-file", m_textFile,
                     "--no-speed", "--project", m_project});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QVERIFY2(r.out.contains("mean KL divergence") && r.out.contains("same top token") &&
                 r.out.contains("bits per weight"),
             qPrintable(r.out));
    QVERIFY2(!r.out.contains("decode"), qPrintable(r.out));
}

void TestCliQuantReport::mismatchedModelsAreRefused()
{
    const QString padded = writeQuantReportCheckpoint(m_dir.filePath("padded"), 50304, 12);
    auto r = runCli({"quant-report", "--model", padded, "--reference", m_checkpoint, "--text-file", m_textFile,
                     "--no-speed", "--project", m_project});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("vocabularies differ") && r.err.contains("50304"), qPrintable(r.all()));
    auto neither = runCli({"quant-report", "--model", m_gguf, "--reference", m_checkpoint, "--project", m_project});
    QVERIFY(neither.exitCode != 0);
    QVERIFY2(neither.err.contains("--text-file"), qPrintable(neither.all()));
}

LW_TEST_GUILESS_MAIN(TestCliQuantReport)
#include "test_cli_quant_report.moc"

// `llmwb quantize` with calibration, through the real llmwb, on a tiny Llama-family
// folder (tests/core/hf/hf_reference.py) imported into a project:
//   - gptq-q4_0 writes q4_0 blocks whose output error on layer 0's value map, computed
//     here from the file's dequantized blocks and the float weights over every token of
//     the calibration text (RMS-normalised embeddings, the layer's first input), is below
//     that of round-to-nearest q4_0's blocks; the embeddings and head are the same
//     round-to-nearest blocks in both; its perplexity on held-out text is within 3% of
//     round-to-nearest's; the settings and calibration data are recorded;
//   - awq-q4_0 on a dataset version records one searched ratio per group;
//   - q4_k with an importance matrix written by an independent numpy script
//     (fixtures/quantize/imatrix_reference.py, entries for layer 0 only) changes exactly
//     the tensors it has entries for; a file whose entry does not fit is refused naming
//     the tensor; a calibrated method without data is refused naming the flag.
#include "core/catalog/model_loader.h"
#include "core/gguf/gguf_file.h"
#include "quantize_cli_support.h"
#include "test_registry.h"

#include <QFileInfo>

using namespace lw::test;

namespace {

// ||(W - Q) X||^2 / ||W X||^2 over the columns of X (in, n), all in double.
double relativeOutputError(const torch::Tensor& w, const torch::Tensor& q, const torch::Tensor& x)
{
    return (w - q).mm(x).square().sum().item<double>() / w.mm(x).square().sum().item<double>();
}

} // namespace

class TestCliQuantizeCalibrated : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        const QString failure = m_project.importTinyLlama({});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const CliResult r =
            cli({"data", "import", "--input", sharedData("llms-from-scratch/instruction-data.json"), "--name", "alpaca"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    }

    void gptqBeatsRoundToNearestOnLayerError()
    {
        const QString calibrationText = sharedData("llms-from-scratch/the-verdict.txt");
        CliResult r = cli({"quantize", "--model", "base", "--method", "q4_0", "--output", "base-q4"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        r = cli({"quantize", "--model", "base", "--method", "gptq-q4_0", "--output", "base-gptq", "--text-file",
                 calibrationText, "--calibration-samples", "48", "--calibration-length", "64", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QCOMPARE(lastJsonObject(r)["method"].toString(), QString("gptq-q4_0"));

        const QJsonObject meta = modelRecord("base-gptq")["meta"].toObject();
        QCOMPARE(meta["method"].toString(), QString("gptq-q4_0"));
        const QJsonObject settings = meta["settings"].toObject();
        QCOMPARE(settings["damp"].toDouble(), 0.01);
        QCOMPARE(settings["act_order"].toBool(), true);
        QCOMPARE(settings["layer_relative_errors"].toArray().size(), 2);
        QCOMPARE(settings["matrix_types"].toObject()["q4_0"].toInt(), 2 + 2 * 7); // embeddings, head, 7 per layer
        const QJsonObject calibration = meta["calibration"].toObject();
        QCOMPARE(QFileInfo(calibration["text_file"].toString()).canonicalFilePath(),
                 QFileInfo(calibrationText).canonicalFilePath());
        QVERIFY(calibration["dataset"].isNull());
        QCOMPARE(calibration["samples"].toInt(), 48);
        QCOMPARE(calibration["length"].toInt(), 64);
        QCOMPARE(calibration["seed"].toInt(), 1234);
        QVERIFY(calibration["tokens"].toInt() > 64);

        const lw::gguf::GgufFile rtn(modelFile("base-q4")), gptq(modelFile("base-gptq"));
        for (const char* name : {"token_embd.weight", "output.weight"})
            QCOMPARE(ggufTensorBytes(gptq, name), ggufTensorBytes(rtn, name));
        QCOMPARE(gptq.tensor("blk.0.attn_v.weight").type, lw::gguf::GgmlType::Q4_0);

        // Layer 0's value rows (not permuted in the file) against its inputs over every
        // token of the calibration text: RMSNorm(embedding) * gain.
        auto loaded = lw::catalog::loadModel(lw::catalog::locateModel(folder().toStdString(), nullptr), torch::kCPU);
        const auto& config = loaded.model->config();
        std::map<std::string, torch::Tensor> params;
        for (auto& item : loaded.model->named_parameters())
            params[item.key()] = item.value().detach().to(torch::kDouble);
        const std::vector<int32_t> ids = lw::catalog::encodePrompt(loaded, readCalibrationText(calibrationText));
        const torch::Tensor tokens = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()));
        const torch::Tensor e = params.at("tok_embeddings.weight").index_select(0, tokens); // (n, d)
        const torch::Tensor normed =
            e * (e.square().mean(1, true) + config.norm_eps).rsqrt() * params.at("layers.0.attention_norm.weight");
        const int64_t q = config.n_head * config.headDim(), kv = config.kvHeads() * config.headDim();
        const torch::Tensor w = params.at("layers.0.attention.wqkv.weight").narrow(0, q + kv, kv);
        auto dequantized = [&](const lw::gguf::GgufFile& file) {
            const std::vector<float> v = file.dequantizeTensor(file.tensor("blk.0.attn_v.weight"));
            return torch::tensor(v).to(torch::kDouble).view({kv, config.d_model});
        };
        const double rtnError = relativeOutputError(w, dequantized(rtn), normed.t());
        const double gptqError = relativeOutputError(w, dequantized(gptq), normed.t());
        QVERIFY2(gptqError < rtnError, qPrintable(QString("gptq %1, rtn %2").arg(gptqError).arg(rtnError)));

        const QString heldOut = sharedData("llms-from-scratch/small-text-sample.txt");
        const double rtnPerplexity = perplexity("base-q4", heldOut), gptqPerplexity = perplexity("base-gptq", heldOut);
        QVERIFY2(gptqPerplexity <= rtnPerplexity * 1.03,
                 qPrintable(QString("gptq %1, rtn %2").arg(gptqPerplexity).arg(rtnPerplexity)));
    }

    void awqRecordsItsRatios()
    {
        const CliResult r = cli({"quantize", "--model", "base", "--method", "awq-q4_0", "--output", "base-awq",
                                 "--dataset", "alpaca", "--calibration-samples", "16", "--calibration-length", "64"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const QJsonObject meta = modelRecord("base-awq")["meta"].toObject();
        const QJsonObject settings = meta["settings"].toObject();
        const QJsonArray ratios = settings["ratios"].toArray();
        QVERIFY(ratios.size() >= 2 * 2); // at least qkv and the MLP input per layer
        QCOMPARE(settings["groups"].toInt(), ratios.size());
        for (const auto& g : ratios) {
            const QJsonObject group = g.toObject();
            const double ratio = group["ratio"].toDouble();
            QVERIFY(ratio == -1 || (ratio >= 0 && ratio < 1));
            QVERIFY(group["error"].toDouble() <= group["plain_error"].toDouble());
        }
        const QJsonObject calibration = meta["calibration"].toObject();
        QCOMPARE(calibration["dataset"].toString(), QString("alpaca"));
        QVERIFY(!calibration["version"].toString().isEmpty());
        QVERIFY(calibration["text_file"].isNull());
        QCOMPARE(calibration["samples"].toInt(), 16);
        QVERIFY(perplexity("base-awq", sharedData("llms-from-scratch/small-text-sample.txt")) > 1.0);
    }

    void importanceMatrixFileChangesItsTensorsOnly()
    {
        const QString fixtures = QString::fromUtf8(sourceDir()) + "/tests/cli/fixtures/quantize/";
        CliResult r = cli({"quantize", "--model", "base", "--method", "q4_k", "--output", "base-q4k"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        r = cli({"quantize", "--model", "base", "--method", "q4_k", "--output", "base-q4k-imatrix", "--imatrix",
                 fixtures + "imatrix_layer0.dat"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const lw::gguf::GgufFile plain(modelFile("base-q4k")), weighted(modelFile("base-q4k-imatrix"));
        int changed = 0;
        for (const auto& t : plain.tensors()) {
            const bool hasEntry = t.name.rfind("blk.0.", 0) == 0 && t.name.find("norm") == std::string::npos;
            const bool same = ggufTensorBytes(plain, t.name) == ggufTensorBytes(weighted, t.name);
            QVERIFY2(same != hasEntry, t.name.c_str());
            changed += hasEntry ? 1 : 0;
        }
        QCOMPARE(changed, 7);
        const QJsonObject meta = modelRecord("base-q4k-imatrix")["meta"].toObject();
        QCOMPARE(meta["settings"].toObject()["importance_matrix"].toObject()["entries"].toInt(), 7);
        QCOMPARE(QFileInfo(meta["calibration"].toObject()["imatrix_file"].toString()).canonicalFilePath(),
                 QFileInfo(fixtures + "imatrix_layer0.dat").canonicalFilePath());

        r = cli({"quantize", "--model", "base", "--method", "q4_k", "--output", "base-bad", "--imatrix",
                 fixtures + "imatrix_mismatched.dat"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("blk.1.attn_k.weight") && r.err.contains("48"), qPrintable(r.err));
        QVERIFY(!QFile::exists(project() + "/models/base-bad"));
    }

    void calibratedMethodWithoutDataIsRefused()
    {
        const CliResult r = cli({"quantize", "--model", "base", "--method", "gptq-q4_1", "--output", "base-nodata"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--dataset") && r.err.contains("--text-file"), qPrintable(r.err));
        const CliResult nf4 = cli({"quantize", "--model", "base", "--method", "nf4", "--output", "base-nf4-imatrix",
                                   "--imatrix", QString::fromUtf8(sourceDir()) +
                                                    "/tests/cli/fixtures/quantize/imatrix_layer0.dat"});
        QCOMPARE(nf4.exitCode, 2);
        QVERIFY2(nf4.err.contains("--imatrix"), qPrintable(nf4.err));
    }

private:
    QString folder() const { return m_project.folder(); }
    QString project() const { return m_project.project(); }
    std::string modelFile(const QString& name) const { return m_project.modelFile(name); }
    CliResult cli(const QStringList& args) const { return m_project.cli(args); }
    QJsonObject modelRecord(const QString& name) const { return m_project.modelRecord(name); }
    double perplexity(const QString& model, const QString& textFile) const
    {
        return m_project.perplexity(model, textFile);
    }
    static std::string readCalibrationText(const QString& path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return f.readAll().toStdString();
    }
    QuantizeCliProject m_project;
};

LW_TEST_GUILESS_MAIN(TestCliQuantizeCalibrated)
#include "test_cli_quantize_calibrated.moc"

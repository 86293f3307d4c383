// `llmwb quantize` with GPTQ and AWQ into the K-quants, through the real llmwb, on a
// tiny Llama-family model whose matrices are whole super-blocks (hidden 256, MLP 512):
//   - gptq-q4_k writes q4_K blocks for every matrix inside the layers, each keeping the
//     super-block fields (d, dmin, sub-block scales) of round-to-nearest q4_k's blocks
//     while GPTQ moves levels; the embeddings and the head are q4_k's blocks; the
//     settings record the group size and an error per layer;
//   - that file generates (`llmwb generate`), and `llmwb quant-report` reports its
//     perplexity against the float model, within 3% of round-to-nearest q4_k's;
//   - gptq-q4_k_m stores every tensor in the type round-to-nearest q4_k_m gives it (the
//     value rows of a fused qkv matrix q6_K where the query and key rows are q4_K),
//     keeping each tensor's super-block fields while GPTQ moves levels, and generates;
//   - awq-q6_k writes q6_K blocks and records one searched ratio per group;
//   - gptq-q5_k_m and awq-q4_k_s store every tensor in the type round-to-nearest's
//     q5_k_m and q4_k_s give it (by hand for 2 layers: the _m mixes raise layer 1's
//     attn_v and ffn_down to q6_K, q4_k_s raises attn_v in both layers to q5_K and no
//     ffn_down), record each type's values per scale, and generate;
//   - gptq-q4_k_m with an importance matrix file (fixtures/quantize/imatrix_reference.py,
//     entries for layer 0 only) keeps byte for byte the super-block fields q4_k_m with
//     that file writes, which differ from plain q4_k_m's in layer 0; awq-* refuses the
//     file naming the flag.
#include "quantize_cli_support.h"
#include "test_registry.h"

#include <cmath>

using namespace lw::test;

namespace {

// Bytes [begin, begin + length) of every super-block of a tensor, concatenated.
std::vector<uint8_t> superBlockBytes(const lw::gguf::GgufFile& file, const std::string& name, size_t begin,
                                     size_t length)
{
    const lw::gguf::GgufTensorInfo& info = file.tensor(name);
    const size_t blockBytes = lw::gguf::ggmlTypeInfo(info.type).bytesPerBlock;
    std::vector<uint8_t> out;
    for (size_t at = 0; at + blockBytes <= info.byteSize; at += blockBytes)
        out.insert(out.end(), info.data + at + begin, info.data + at + begin + length);
    return out;
}

} // namespace

class TestCliQuantizeKQuant : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        TinyLlamaShape shape;
        shape.seed = 47;
        shape.hidden = 256;
        shape.intermediate = 512;
        const QString failure = m_project.importTinyLlama(shape);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void gptqQ4KKeepsTheGridAndRuns()
    {
        CliResult r = m_project.cli({"quantize", "--model", "base", "--method", "q4_k", "--output", "base-q4k"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        r = m_project.cli({"quantize", "--model", "base", "--method", "gptq-q4_k", "--output", "base-gptq-q4k",
                           "--text-file", calibrationText(), "--calibration-samples", "32", "--calibration-length",
                           "64", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QCOMPARE(lastJsonObject(r)["method"].toString(), QString("gptq-q4_k"));
        const QJsonObject settings = m_project.modelRecord("base-gptq-q4k")["meta"].toObject()["settings"].toObject();
        QCOMPARE(settings["group_size"].toInt(), 32);
        QCOMPARE(settings["layer_relative_errors"].toArray().size(), 2);
        QCOMPARE(settings["matrix_types"].toObject()["q4_K"].toInt(), 2 + 2 * 7); // embeddings, head, 7 per layer

        const lw::gguf::GgufFile rtn(m_project.modelFile("base-q4k")), gptq(m_project.modelFile("base-gptq-q4k"));
        for (const char* name : {"token_embd.weight", "output.weight"})
            QCOMPARE(ggufTensorBytes(gptq, name), ggufTensorBytes(rtn, name));
        int moved = 0;
        for (const auto& t : gptq.tensors()) {
            if (t.name.rfind("blk.", 0) != 0 || t.name.find("norm") != std::string::npos)
                continue;
            QCOMPARE(t.type, lw::gguf::GgmlType::Q4_K);
            // d, dmin and the 12 bytes of sub-block scales and minimums: the grid.
            QVERIFY2(superBlockBytes(gptq, t.name, 0, 16) == superBlockBytes(rtn, t.name, 0, 16), t.name.c_str());
            moved += ggufTensorBytes(gptq, t.name) != ggufTensorBytes(rtn, t.name) ? 1 : 0;
        }
        QCOMPARE(moved, 2 * 7);

        const CliResult generated = m_project.cli({"generate", "--model", "base-gptq-q4k", "--prompt-ids", "1 5 9 13",
                                                   "--temperature", "0", "--max-tokens", "6", "--json"});
        QVERIFY2(generated.exitCode == 0, qPrintable(generated.all()));
        QCOMPARE(generatedIds(generated).size(), size_t(6));

        const QJsonObject rtnReport = qualityReport("base-q4k"), gptqReport = qualityReport("base-gptq-q4k");
        const double rtnPerplexity = rtnReport["ppl"].toDouble(), gptqPerplexity = gptqReport["ppl"].toDouble();
        QVERIFY2(gptqPerplexity > 1 && std::isfinite(gptqPerplexity), qPrintable(QString::number(gptqPerplexity)));
        QCOMPARE(gptqReport["ppl_reference"].toDouble(), rtnReport["ppl_reference"].toDouble());
        QVERIFY(gptqReport["kl_mean"].toDouble() >= 0);
        QVERIFY2(gptqPerplexity <= rtnPerplexity * 1.03,
                 qPrintable(QString("gptq %1, rtn %2").arg(gptqPerplexity).arg(rtnPerplexity)));
    }

    // q4_k_m gives layer 1's value rows (part of the fused qkv matrix) and its MLP output
    // q6_K, the rest of the layers q4_K (2 layers: useMoreBits holds for layer 1 only).
    void gptqQ4KMFollowsTheMix()
    {
        CliResult r = m_project.cli({"quantize", "--model", "base", "--method", "q4_k_m", "--output", "base-q4km"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        r = m_project.cli({"quantize", "--model", "base", "--method", "gptq-q4_k_m", "--output", "base-gptq-q4km",
                           "--text-file", calibrationText(), "--calibration-samples", "16", "--calibration-length",
                           "64"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const lw::gguf::GgufFile rtn(m_project.modelFile("base-q4km")), gptq(m_project.modelFile("base-gptq-q4km"));
        for (const auto& t : rtn.tensors()) {
            QCOMPARE(gptq.tensor(t.name).type, t.type);
            if (t.name.rfind("blk.", 0) != 0 || t.name.find("norm") != std::string::npos)
                continue;
            const bool q6 = t.type == lw::gguf::GgmlType::Q6_K;
            const size_t begin = q6 ? 192 : 0, length = q6 ? 18 : 16; // the super-block fields
            QVERIFY2(superBlockBytes(gptq, t.name, begin, length) == superBlockBytes(rtn, t.name, begin, length),
                     t.name.c_str());
            QVERIFY2(ggufTensorBytes(gptq, t.name) != ggufTensorBytes(rtn, t.name), t.name.c_str());
        }
        QCOMPARE(gptq.tensor("blk.1.attn_v.weight").type, lw::gguf::GgmlType::Q6_K);
        QCOMPARE(gptq.tensor("blk.1.attn_k.weight").type, lw::gguf::GgmlType::Q4_K);
        QCOMPARE(gptq.tensor("blk.0.attn_v.weight").type, lw::gguf::GgmlType::Q4_K);
        const QJsonObject settings = m_project.modelRecord("base-gptq-q4km")["meta"].toObject()["settings"].toObject();
        QCOMPARE(settings["matrix_relative_errors"].toObject().size(), 2 * 5); // qkv, wo, w1, w3, w2 per layer
        QVERIFY(settings["group_sizes"].toObject() == QJsonObject({{"q4_K", 32}, {"q6_K", 16}}));
        QCOMPARE(settings["group_size"].toInt(), 32);
        const CliResult generated = m_project.cli({"generate", "--model", "base-gptq-q4km", "--prompt-ids", "1 5 9",
                                                   "--temperature", "0", "--max-tokens", "4", "--json"});
        QVERIFY2(generated.exitCode == 0, qPrintable(generated.all()));
        QCOMPARE(generatedIds(generated).size(), size_t(4));
    }

    void awqQ6KRecordsItsRatios()
    {
        const CliResult r =
            m_project.cli({"quantize", "--model", "base", "--method", "awq-q6_k", "--output", "base-awq-q6k",
                           "--text-file", calibrationText(), "--calibration-samples", "16", "--calibration-length", "64"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const QJsonObject settings = m_project.modelRecord("base-awq-q6k")["meta"].toObject()["settings"].toObject();
        QCOMPARE(settings["matrix_types"].toObject()["q6_K"].toInt(), 2 + 2 * 7);
        const QJsonArray ratios = settings["ratios"].toArray();
        QVERIFY(ratios.size() >= 2 * 2);
        for (const auto& g : ratios)
            QVERIFY(g.toObject()["error"].toDouble() <= g.toObject()["plain_error"].toDouble());
        const lw::gguf::GgufFile file(m_project.modelFile("base-awq-q6k"));
        QCOMPARE(file.tensor("blk.1.ffn_down.weight").type, lw::gguf::GgmlType::Q6_K);
    }

    void gptqQ5KMFollowsTheMixAndRuns()
    {
        quantizeLikeItsMix("gptq-q5_k_m", "q5_k_m");
        if (QTest::currentTestFailed())
            return;
        const lw::gguf::GgufFile file(m_project.modelFile(modelName("gptq-q5_k_m")));
        using lw::gguf::GgmlType;
        QCOMPARE(file.tensor("blk.0.attn_v.weight").type, GgmlType::Q5_K);
        QCOMPARE(file.tensor("blk.1.attn_v.weight").type, GgmlType::Q6_K);
        QCOMPARE(file.tensor("blk.0.ffn_down.weight").type, GgmlType::Q5_K);
        QCOMPARE(file.tensor("blk.1.ffn_down.weight").type, GgmlType::Q6_K);
        QCOMPARE(file.tensor("blk.1.attn_q.weight").type, GgmlType::Q5_K);
        QCOMPARE(file.tensor("output.weight").type, GgmlType::Q6_K);
        const QJsonObject settings = m_project.modelRecord(modelName("gptq-q5_k_m"))["meta"].toObject()["settings"].toObject();
        QVERIFY(settings["group_sizes"].toObject() == QJsonObject({{"q5_K", 32}, {"q6_K", 16}}));
    }

    void awqQ4KSFollowsTheMixAndRuns()
    {
        quantizeLikeItsMix("awq-q4_k_s", "q4_k_s");
        if (QTest::currentTestFailed())
            return;
        const lw::gguf::GgufFile file(m_project.modelFile(modelName("awq-q4_k_s")));
        using lw::gguf::GgmlType;
        QCOMPARE(file.tensor("blk.0.attn_v.weight").type, GgmlType::Q5_K);
        QCOMPARE(file.tensor("blk.1.attn_v.weight").type, GgmlType::Q5_K);
        QCOMPARE(file.tensor("blk.0.ffn_down.weight").type, GgmlType::Q4_K);
        QCOMPARE(file.tensor("blk.1.attn_k.weight").type, GgmlType::Q4_K);
    }

    // After gptqQ4KMFollowsTheMix, whose plain q4_k_m file it compares with.
    void gptqTakesTheImportanceWeightedGrid()
    {
        const QString imatrix = QString::fromUtf8(sourceDir()) + "/tests/cli/fixtures/quantize/imatrix_wide_layer0.dat";
        CliResult r = m_project.cli({"quantize", "--model", "base", "--method", "q4_k_m", "--output",
                                     "base-q4km-imatrix", "--imatrix", imatrix});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        r = m_project.cli({"quantize", "--model", "base", "--method", "gptq-q4_k_m", "--output",
                           "base-gptq-q4km-imatrix", "--imatrix", imatrix, "--text-file", calibrationText(),
                           "--calibration-samples", "16", "--calibration-length", "64"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const lw::gguf::GgufFile plain(m_project.modelFile("base-q4km")),
            weighted(m_project.modelFile("base-q4km-imatrix")), gptq(m_project.modelFile("base-gptq-q4km-imatrix"));
        int weightedLayer0 = 0;
        for (const auto& t : weighted.tensors()) {
            QCOMPARE(gptq.tensor(t.name).type, t.type);
            if (t.name.rfind("blk.", 0) != 0 || t.name.find("norm") != std::string::npos) {
                QCOMPARE(ggufTensorBytes(gptq, t.name), ggufTensorBytes(weighted, t.name));
                continue;
            }
            const bool q6 = t.type == lw::gguf::GgmlType::Q6_K;
            const size_t begin = q6 ? 192 : 0, length = q6 ? 18 : 16; // the super-block fields
            const std::vector<uint8_t> fields = superBlockBytes(weighted, t.name, begin, length);
            QVERIFY2(superBlockBytes(gptq, t.name, begin, length) == fields, t.name.c_str());
            const bool hasEntry = t.name.rfind("blk.0.", 0) == 0;
            QVERIFY2((superBlockBytes(plain, t.name, begin, length) != fields) == hasEntry, t.name.c_str());
            weightedLayer0 += hasEntry ? 1 : 0;
        }
        QCOMPARE(weightedLayer0, 7);
        const QJsonObject meta = m_project.modelRecord("base-gptq-q4km-imatrix")["meta"].toObject();
        QCOMPARE(meta["settings"].toObject()["importance_matrix"].toObject()["entries"].toInt(), 7);
        QVERIFY(meta["calibration"].toObject()["importance_matrix"].toObject().contains("imatrix_file"));

        r = m_project.cli({"quantize", "--model", "base", "--method", "awq-q4_k_m", "--output", "base-awq-imatrix",
                           "--imatrix", imatrix, "--text-file", calibrationText()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--imatrix") && r.err.contains("awq-q4_k_m"), qPrintable(r.err));
    }

private:
    static QString calibrationText() { return sharedData("llms-from-scratch/the-verdict.txt"); }

    // The model a method makes of "base" (a name that is its own folder's).
    static QString modelName(const QString& method) { return "base-" + QString(method).remove('_'); }

    // `method` (calibrated) and its round-to-nearest `mix` of "base", each model named
    // modelName(): every tensor of the calibrated file has the mix's type, and the file
    // generates.
    void quantizeLikeItsMix(const QString& method, const QString& mix) const
    {
        CliResult r = m_project.cli({"quantize", "--model", "base", "--method", mix, "--output", modelName(mix)});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        r = m_project.cli({"quantize", "--model", "base", "--method", method, "--output", modelName(method),
                           "--text-file", calibrationText(), "--calibration-samples", "16", "--calibration-length",
                           "64"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const lw::gguf::GgufFile rtn(m_project.modelFile(modelName(mix))),
            calibrated(m_project.modelFile(modelName(method)));
        for (const auto& t : rtn.tensors())
            QVERIFY2(calibrated.tensor(t.name).type == t.type, t.name.c_str());
        const CliResult generated = m_project.cli({"generate", "--model", modelName(method), "--prompt-ids", "1 5 9",
                                                   "--temperature", "0", "--max-tokens", "4", "--json"});
        QVERIFY2(generated.exitCode == 0, qPrintable(generated.all()));
        QCOMPARE(generatedIds(generated).size(), size_t(4));
    }

    // `llmwb quant-report` of a quantized model against "base" on held-out text.
    QJsonObject qualityReport(const QString& model) const
    {
        const CliResult r = m_project.cli({"quant-report", "--model", model, "--reference", "base", "--text-file",
                                           sharedData("llms-from-scratch/small-text-sample.txt"), "--context", "64",
                                           "--no-speed", "--json"});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.all()));
        return lastJsonObject(r);
    }

    QuantizeCliProject m_project;
};

LW_TEST_GUILESS_MAIN(TestCliQuantizeKQuant)
#include "test_cli_quantize_kquant.moc"

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
//   - awq-q6_k writes q6_K blocks and records one searched ratio per group.
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

private:
    static QString calibrationText() { return sharedData("llms-from-scratch/the-verdict.txt"); }

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

// `llmwb quantize` through the real llmwb: a model of the project (a tiny Llama-family
// Hugging Face folder written by tests/core/hf/hf_reference.py, imported) quantized to q8_0 is recorded with
// its method, source and the source file's sha256; it is listed, generates the same
// greedy ids as the float decoder on its dequantized weights (--dtype fp32), exports to
// GGUF as a byte-for-byte copy; NF4 export for llama.cpp is refused with a GGUF type to
// use instead; a repeated name is refused.
#include "quantize_cli_support.h"
#include "test_registry.h"

#include <QDir>

using namespace lw::test;

class TestCliQuantize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        TinyLlamaShape shape;
        shape.seed = 31;
        const QString failure = m_project.importTinyLlama(shape);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void quantizeRecordsTheModel()
    {
        const CliResult r = cli({"quantize", "--model", "base", "--method", "q8_0", "--output", "base-q8", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const QJsonObject summary = lastJsonObject(r);
        const QString path = summary["path"].toString();
        QCOMPARE(summary["name"].toString(), QString("base-q8"));
        QCOMPARE(summary["method"].toString(), QString("q8_0"));
        QVERIFY(path.endsWith("/models/base-q8/model.gguf"));
        QCOMPARE(summary["bytes"].toInteger(), QFileInfo(path).size());

        const QJsonObject record = m_project.modelRecord("base-q8");
        QCOMPARE(record["kind"].toString(), QString("quantize"));
        QCOMPARE(record["format"].toString(), QString("gguf"));
        QCOMPARE(record["dtype"].toString(), QString("q8_0"));
        QCOMPARE(record["bytes"].toInteger(), QFileInfo(path).size());
        const qint64 parameters = record["parameters"].toInteger();
        QVERIFY(parameters > 0);
        QCOMPARE(summary["bits_per_weight"].toDouble(), 8.0 * double(QFileInfo(path).size()) / double(parameters));
        const QJsonObject lineage = record["lineage"].toObject();
        QCOMPARE(lineage["source"].toString(), QString("base"));
        QCOMPARE(lineage["format"].toString(), QString("hf"));
        const QString sourcePath = lineage["path"].toString();
        QVERIFY(QFileInfo(sourcePath).isDir());
        const QJsonArray files = lineage["files"].toArray();
        QVERIFY(files.size() >= 3); // config.json, model.safetensors, tokenizer.json
        for (const auto& f : files)
            QCOMPARE(f.toObject()["sha256"].toString(), fileSha256(sourcePath + "/" + f.toObject()["name"].toString()));
        const QJsonObject meta = record["meta"].toObject();
        QCOMPARE(meta["method"].toString(), QString("q8_0"));
        QVERIFY(meta["calibration"].isNull());
        QCOMPARE(meta["bits_per_weight"].toDouble(), summary["bits_per_weight"].toDouble());
        QVERIFY(meta["seconds"].toDouble() >= 0);
        QCOMPARE(meta["settings"].toObject()["method"].toString(), QString("q8_0"));

        const CliResult again = cli({"quantize", "--model", "base", "--method", "q4_0", "--output", "base-q8"});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains("already exists"), qPrintable(again.err));
    }

    void quantizedModelGeneratesLikeItsFloatWeights()
    {
        ensure("base-q8", "q8_0");
        QStringList args = {"generate", "--model", "base-q8", "--prompt-ids", "1 5 9 13", "--temperature", "0",
                            "--max-tokens", "8", "--json"};
        // Exact products (LW_QUANT_EXACT): the integer kernels round the inputs to 8 bits,
        // which may flip a near-tie of this random model; their accuracy is tested apart.
        qputenv("LW_QUANT_EXACT", "1");
        const CliResult quantized = cli(args);
        qunsetenv("LW_QUANT_EXACT");
        QVERIFY2(quantized.exitCode == 0, qPrintable(quantized.all()));
        const CliResult floats = cli(args << "--dtype" << "fp32");
        QVERIFY2(floats.exitCode == 0, qPrintable(floats.all()));
        QCOMPARE(generatedIds(quantized), generatedIds(floats));
        QCOMPARE(generatedIds(quantized).size(), size_t(8));
    }

    void exportCopiesTheBlocks()
    {
        ensure("base-q8", "q8_0");
        const QString out = m_project.path("exported.gguf");
        const CliResult r = cli({"export", "--model", "base-q8", "--format", "gguf", "--output", out, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        QCOMPARE(fileSha256(out), fileSha256(project() + "/models/base-q8/model.gguf"));
    }

    void nf4ExportForLlamaCppIsRefused()
    {
        ensure("base-nf4", "nf4");
        const CliResult r =
            cli({"export", "--model", "base-nf4", "--format", "gguf", "--output", m_project.path("nf4.gguf")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("nf4") && r.err.contains("q8_0"), qPrintable(r.err));
        QVERIFY(!QFile::exists(m_project.path("nf4.gguf")));
    }

private:
    QString project() const { return m_project.project(); }
    CliResult cli(const QStringList& args) const { return m_project.cli(args); }
    void ensure(const QString& name, const QString& method)
    {
        if (!QFile::exists(project() + "/models/" + name + "/model.gguf"))
            QVERIFY(cli({"quantize", "--model", "base", "--method", method, "--output", name}).exitCode == 0);
    }
    QuantizeCliProject m_project;
};

LW_TEST_GUILESS_MAIN(TestCliQuantize)
#include "test_cli_quantize.moc"

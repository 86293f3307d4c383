// The fine-tuning benchmark on tiny shapes: every method times its steps with real
// tokens; LoRA/DoRA/QLoRA train exactly the parameters peft::adapterParameterCount
// counts; the optimizer holds two float32 moments per trainable parameter; QLoRA's 4-bit
// base has the bytes NF4's layout gives (hand count below) and is over 3.5x smaller than
// bf16; packing fills more of a batch than padding; preference records give two SFT rows
// (and --max-records keeps the first ones).
#include "core/finetune/finetune_benchmark.h"
#include "core/hf/hf_architecture.h"
#include "core/peft/adapter_sites.h"
#include "core/util/error.h"
#include "shared_data.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace lw;

namespace {

finetune::FinetuneBenchmarkOptions tinyOptions(const std::string& preset, const std::string& dir)
{
    finetune::FinetuneBenchmarkOptions o;
    o.model = model::presetConfig(preset);
    o.methods = finetune::finetuneMethodNames();
    o.batch = 2;
    o.context = 16;
    o.steps = 2;
    o.warmupSteps = 1;
    o.threads = 1;
    o.rows.count = 8;
    o.rows.minLength = 4;
    o.rows.maxLength = 17;
    o.workDir = dir;
    return o;
}

// NF4 storage of a tensor of n weights (core/quant/nf4.h): a 4-bit code per weight, an
// int8 absmax code per block of 64, a float32 scale per 256 blocks, and one float32 mean.
int64_t nf4Bytes(int64_t n)
{
    const int64_t blocks = n / 64;
    return n / 2 + blocks + (blocks + 255) / 256 * 4 + 4;
}

// The (out, in) of every linear map of a block, counted by hand from the shapes.
std::vector<std::pair<int64_t, int64_t>> blockMaps(const model::ModelConfig& c)
{
    const int64_t d = c.d_model, kv = c.kvHeads() * c.headDim();
    if (c.family == model::Family::Gpt2)
        return {{3 * d, d}, {d, d}, {4 * d, d}, {d, 4 * d}};
    const int64_t ff = c.ffDim();
    return {{d + 2 * kv, d}, {d, d}, {ff, d}, {ff, d}, {d, ff}};
}

} // namespace

class TestFinetuneBenchmark : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyMethod_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::newRow("gpt2") << "tiny";
        QTest::newRow("llama") << "llama-tiny";
    }

    void everyMethod()
    {
        QFETCH(QString, preset);
        QTemporaryDir dir;
        const auto o = tinyOptions(preset.toStdString(), dir.path().toStdString());
        const auto r = finetune::benchmarkFinetuning(o);
        QCOMPARE(r.rows.rows, o.rows.count);
        QCOMPARE(int(r.methods.size()), 4);
        peft::AdapterSettings settings;
        settings.rank = o.loraRank;
        settings.alpha = o.loraAlpha;
        settings.targets = {"all-linear"};
        const auto& arch = hf::architectureForExport(o.model);
        int64_t denseBlockWeights = 0, nf4Expected = 0;
        for (const auto& [out, in] : blockMaps(o.model)) {
            denseBlockWeights += out * in * o.model.n_layer;
            nf4Expected += nf4Bytes(out * in) * o.model.n_layer;
        }
        for (const auto& m : r.methods) {
            QVERIFY2(m.msPerStep > 0 && m.tokensPerSecond > 0, m.method.c_str());
            QCOMPARE(int64_t(m.stepMs.size()), o.steps);
            QVERIFY(m.tokensPerStep > 0 && m.tokensPerStep <= m.slotsPerStep);
            for (double loss : m.losses)
                QVERIFY(std::isfinite(loss));
            QCOMPARE(m.totalParameters, o.model.parameterCount());
            QCOMPARE(m.optimizerStateBytes, 2 * 4 * m.trainableParameters); // m and v, float32
            QCOMPARE(m.trainableBytes, 4 * m.trainableParameters);
            QVERIFY(m.peakRssBytes >= m.rssAfterBytes && m.rssAfterBytes > 0);
            if (m.method == "full") {
                QCOMPARE(m.trainableParameters, o.model.parameterCount());
                QCOMPARE(m.weightBytes, 4 * o.model.parameterCount());
                continue;
            }
            settings.method = m.method == "dora" ? peft::AdapterMethod::Dora : peft::AdapterMethod::Lora;
            QCOMPARE(m.trainableParameters, peft::adapterParameterCount(o.model, arch, settings));
            QCOMPARE(m.adapterParameterCount, m.trainableParameters);
            QVERIFY(m.trainableParameters < o.model.parameterCount() / 5);
            if (m.method == "qlora") {
                QCOMPARE(m.bf16BaseBytes, 2 * denseBlockWeights);
                QCOMPARE(m.fp32BaseBytes, 4 * denseBlockWeights);
                QCOMPARE(m.nf4BaseBytes, nf4Expected);
                QVERIFY(double(m.bf16BaseBytes) / double(m.nf4BaseBytes) >= 3.5);
                // The released float weights are gone from the model's bytes.
                QCOMPARE(m.weightBytes, 4 * (o.model.parameterCount() - denseBlockWeights) + nf4Expected +
                                            4 * m.trainableParameters);
            }
        }
    }

    void dpoCachesTheReference()
    {
        QTemporaryDir dir;
        auto o = tinyOptions("tiny", dir.path().toStdString());
        o.methods = {"lora"};
        o.objective = "dpo";
        const auto r = finetune::benchmarkFinetuning(o);
        QCOMPARE(r.rows.sequences, 2 * r.rows.rows);
        QVERIFY(r.methods[0].referenceMs > 0);
        QVERIFY(r.methods[0].tokensPerSecond > 0);
        // A step holds both sequences of each pair: 2 x batch rows.
        QCOMPARE(r.methods[0].slotsPerStep / double(o.context) <= double(2 * o.batch), true);
    }

    void packingFillsTheBatch()
    {
        // Rows of 4..9 tokens in rows of 16 inputs: padding leaves most of a batch empty,
        // packing several examples per row leaves little.
        QTemporaryDir dir;
        auto o = tinyOptions("tiny", dir.path().toStdString());
        o.methods = {"lora"};
        o.rows.count = 64;
        o.rows.maxLength = 9;
        const auto padded = finetune::benchmarkFinetuning(o).methods[0];
        o.packing = true;
        const auto packed = finetune::benchmarkFinetuning(o).methods[0];
        QVERIFY(packed.tokensPerStep / packed.slotsPerStep > 0.7);
        QVERIFY(padded.tokensPerStep / padded.slotsPerStep < 1.0);
        QVERIFY(packed.tokensPerStep > padded.tokensPerStep);
    }

    void preferenceRecordsGiveTwoSftRows()
    {
        QTemporaryDir dir;
        const std::string records = dir.filePath("pairs.jsonl").toStdString();
        {
            std::ofstream f(records);
            f << R"({"instruction": "Name a colour.", "input": "", "chosen": "Blue.", "rejected": "No."})" << "\n"
              << R"({"instruction": "Add two and two.", "input": "", "chosen": "Four.", "rejected": "Five."})" << "\n"
              << R"({"instruction": "Say hello.", "input": "", "chosen": "Hello!", "rejected": "Bye."})" << "\n";
        }
        auto o = tinyOptions("tiny", dir.filePath("work").toStdString());
        o.model.vocab_size = 50257;
        o.methods = {"lora"};
        o.context = 48;
        o.rows.recordsFile = records;
        o.rows.tokenizerPath = test::sharedDataPath("llms-from-scratch/gpt2-bpe");
        const auto sft = finetune::benchmarkFinetuning(o);
        QCOMPARE(sft.rows.rows, int64_t(6));
        QCOMPARE(sft.rows.sequences, int64_t(6));
        o.objective = "dpo";
        const auto dpo = finetune::benchmarkFinetuning(o);
        QCOMPARE(dpo.rows.rows, int64_t(3));
        QCOMPARE(dpo.rows.sequences, int64_t(6));
        QCOMPARE(dpo.rows.tokens, sft.rows.tokens);
        o.rows.maxRecords = 2;
        QCOMPARE(finetune::benchmarkFinetuning(o).rows.rows, int64_t(2));
        o.rows.maxRecords = 0;
        // A records file that is not JSON is named in the error.
        std::ofstream(dir.filePath("bad.jsonl").toStdString()) << "{not json\n";
        o.rows.recordsFile = dir.filePath("bad.jsonl").toStdString();
        try {
            finetune::benchmarkFinetuning(o);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("bad.jsonl") != std::string::npos, e.what());
        }
    }
};

LW_TEST_GUILESS_MAIN(TestFinetuneBenchmark)
#include "test_finetune_benchmark.moc"

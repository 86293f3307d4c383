// GPTQ into llama.cpp's K-quant mixes (gptq-q4_k_m, gptq-q4_k_s, gptq-q5_k_m,
// gptq-q5_k_s) through calibrateForQuantization(), as `llmwb quantize` runs it, on a
// Llama of 8 layers, width 256 and MLP 320 (so ffn_down's rows, 320 values, are not
// whole 256-blocks and take the fallback formats):
//   - every tensor of the layers gets from GPTQ exactly the type round-to-nearest's mix
//     gives it (quant::planMatrices), fused qkv rows split by tensor;
//   - and the type of a table written out here by hand from llama.cpp's rules: with 8
//     layers useMoreBits holds for layers 0, 3, 6, 7 (i < 1, i >= 7, (i - 1) % 3 == 2),
//     where the _m mixes raise attn_v and ffn_down to q6_K; q4_k_s raises attn_v in
//     layers 0..3 and ffn_down in layer 0 (i < 8/8) to q5_K; ffn_down falls back
//     q4_K -> q5_0, q5_K -> q5_1, q6_K -> q8_0;
//   - the settings record each stored type's values per scale (q6_K 16, the others 32)
//     and the dominant type's as group_size.
#include "core/quant/calibrated_quantize.h"
#include "core/quant/gptq_storage_plan.h"
#include "core/quant/quant_mix.h"
#include "calibration_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <iterator>
#include <map>

using namespace lw;

namespace {

// llama-tiny (4 heads sharing 2 key/value heads, no biases, untied) made wider and deeper.
model::ModelConfig eightLayerLlama()
{
    model::ModelConfig c = model::presetConfig("llama-tiny");
    c.vocab_size = 64;
    c.n_layer = 8;
    c.d_model = 256;
    c.d_ff = 320;
    return c;
}

// A mix by hand: attn_v's and ffn_down's type in layers 0..7; every other matrix of the
// layers is the base type.
struct HandRow {
    const char* method;
    const char* base;
    const char* attnV[8];
    const char* ffnDown[8];
};

const HandRow kHandTable[] = {
    {"q4_k_m", "q4_K",
     {"q6_K", "q4_K", "q4_K", "q6_K", "q4_K", "q4_K", "q6_K", "q6_K"},
     {"q8_0", "q5_0", "q5_0", "q8_0", "q5_0", "q5_0", "q8_0", "q8_0"}},
    {"q5_k_m", "q5_K",
     {"q6_K", "q5_K", "q5_K", "q6_K", "q5_K", "q5_K", "q6_K", "q6_K"},
     {"q8_0", "q5_1", "q5_1", "q8_0", "q5_1", "q5_1", "q8_0", "q8_0"}},
    {"q4_k_s", "q4_K",
     {"q5_K", "q5_K", "q5_K", "q5_K", "q4_K", "q4_K", "q4_K", "q4_K"},
     {"q5_1", "q5_0", "q5_0", "q5_0", "q5_0", "q5_0", "q5_0", "q5_0"}},
    {"q5_k_s", "q5_K",
     {"q5_K", "q5_K", "q5_K", "q5_K", "q5_K", "q5_K", "q5_K", "q5_K"},
     {"q5_1", "q5_1", "q5_1", "q5_1", "q5_1", "q5_1", "q5_1", "q5_1"}},
};

// The type GPTQ's blocks give each GGUF tensor: its own blocks, or its matrix's.
std::map<std::string, std::string> gptqTypes(const std::vector<quant::MatrixPlan>& plans,
                                              const quant::QuantizeOptions& options)
{
    std::map<std::string, std::string> types;
    for (const quant::MatrixPlan& p : plans) {
        auto tensor = options.precomputedTensors.find(p.tensor);
        auto matrix = options.precomputed.find(p.ours);
        if (tensor != options.precomputedTensors.end())
            types[p.tensor] = gguf::ggmlTypeName(uint32_t(tensor->second.type));
        else if (matrix != options.precomputed.end())
            types[p.tensor] = gguf::ggmlTypeName(uint32_t(matrix->second.type));
    }
    return types;
}

} // namespace

class TestGptqKQuantMix : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void gptqFollowsTheMix_data()
    {
        QTest::addColumn<int>("row");
        for (int i = 0; i < int(std::size(kHandTable)); ++i)
            QTest::newRow(kHandTable[i].method) << i;
    }

    void gptqFollowsTheMix()
    {
        QFETCH(int, row);
        const HandRow& hand = kHandTable[row];
        const model::ModelConfig config = eightLayerLlama();
        model::Transformer m(config, false);
        m->initializeWeights(5);
        m->eval();
        quant::QuantizeOptions options;
        options.method = std::string("gptq-") + hand.method;
        quant::calibrateForQuantization(*m, test::calibrationTestWindows(1, 16, config.vocab_size), {}, options);

        const std::vector<quant::MatrixPlan> plans = quant::planMatrices(config, hand.method);
        const std::map<std::string, std::string> types = gptqTypes(plans, options);
        int layerTensors = 0;
        for (const quant::MatrixPlan& p : plans) {
            if (p.tensor.rfind("blk.", 0) != 0) {
                QVERIFY2(!types.count(p.tensor), p.tensor.c_str()); // embeddings and head: round-to-nearest
                continue;
            }
            QVERIFY2(types.count(p.tensor), p.tensor.c_str());
            QCOMPARE(types.at(p.tensor), p.encoding.name());
            ++layerTensors;
        }
        QCOMPARE(layerTensors, 8 * 7);
        for (int i = 0; i < 8; ++i) {
            const std::string layer = "blk." + std::to_string(i) + ".";
            QCOMPARE(types.at(layer + "attn_v.weight"), std::string(hand.attnV[i]));
            QCOMPARE(types.at(layer + "ffn_down.weight"), std::string(hand.ffnDown[i]));
            for (const char* plain : {"attn_q", "attn_k", "attn_output", "ffn_gate", "ffn_up"})
                QCOMPARE(types.at(layer + plain + ".weight"), std::string(hand.base));
        }

        // Every block type of the file with its values per scale.
        const nlohmann::json sizes = options.extraSettings.at("group_sizes");
        for (const quant::MatrixPlan& p : plans)
            QCOMPARE(sizes.at(p.encoding.name()).get<int>(), p.encoding.type == gguf::GgmlType::Q6_K ? 16 : 32);
        QCOMPARE(options.extraSettings.at("group_size").get<int>(), 32); // the base type holds most weights
    }

    // A q6_k file is almost all q6_K (the narrow ffn_down rows fall back to q8_0).
    void groupSizeIsTheDominantTypes()
    {
        const quant::GptqStoragePlan plan(eightLayerLlama(), "q6_k");
        QCOMPARE(plan.dominantGroupSize(), int64_t(16));
        QVERIFY(plan.groupSizes() == (std::map<std::string, int64_t>{{"q6_K", 16}, {"q8_0", 32}}));
    }
};

LW_TEST_GUILESS_MAIN(TestGptqKQuantMix)
#include "test_gptq_kquant_mix.moc"

// Which type each matrix gets in llama.cpp's K-quant mixes, against the rules as
// llama.cpp's llama_tensor_get_type states them, written out here by hand for 16
// layers: attn_v and ffn_down of the _m mixes are raised to q6_k in the layers where
// i < 16/8 or i >= 7*16/8 or (i - 16/8) % 3 == 2, that is 0, 1, 4, 7, 10, 13, 14, 15;
// q4_k_s raises attn_v in layers 0..3 and ffn_down in layers 0, 1 (i < 16/8) to q5_k;
// the output (or a tied token embedding) is q6_k; GPT-2's fused attn_qkv is q5_k in
// q4_k_m and q6_k in q5_k_m. Rows that are not whole 256-blocks fall back (q4_k ->
// q5_0, q6_k -> q8_0, the output -> q8_0) and rows that are not whole 32-blocks to f16.
#include "core/quant/quant_mix.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <map>
#include <set>

using namespace lw;

namespace {

const std::set<int> kMoreBitsLayers16 = {0, 1, 4, 7, 10, 13, 14, 15};

model::ModelConfig mixTestConfig(model::Family family, int64_t width, int64_t ff, bool tied)
{
    model::ModelConfig c;
    c.family = family;
    c.vocab_size = 64;
    c.context_length = 16;
    c.n_layer = 16;
    c.d_model = width;
    c.n_head = 4;
    c.d_ff = ff;
    c.tie_embeddings = tied;
    if (family == model::Family::Llama) {
        c.n_kv_head = 2;
        c.bias = false;
    }
    return c;
}

std::map<std::string, std::string> mixTypesOf(const model::ModelConfig& c, const std::string& method)
{
    std::map<std::string, std::string> out;
    for (const quant::MatrixPlan& p : quant::planMatrices(c, method))
        out[p.tensor] = p.encoding.name();
    return out;
}

std::string mixTensor(int i, const char* what)
{
    return "blk." + std::to_string(i) + "." + what + ".weight";
}

} // namespace

class TestQuantizeModelMix : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void llamaMixes()
    {
        const model::ModelConfig c = mixTestConfig(model::Family::Llama, 256, 512, false);
        struct Expect {
            const char* method;
            const char* base;
            const char* raised;
            bool moreBits;
        };
        for (const Expect& e : {Expect{"q4_k_m", "q4_K", "q6_K", true}, Expect{"q5_k_m", "q5_K", "q6_K", true},
                                Expect{"q4_k_s", "q4_K", "q5_K", false}, Expect{"q5_k_s", "q5_K", "q5_K", false}}) {
            const auto types = mixTypesOf(c, e.method);
            QCOMPARE(types.at("output.weight"), std::string("q6_K"));
            QCOMPARE(types.at("token_embd.weight"), std::string(e.base));
            const bool smallS = std::string(e.method) == "q4_k_s";
            for (int i = 0; i < 16; ++i) {
                const bool more = kMoreBitsLayers16.count(i) > 0;
                const std::string v = e.moreBits ? (more ? e.raised : e.base) : (smallS && i < 4 ? e.raised : e.base);
                const std::string down =
                    e.moreBits ? (more ? e.raised : e.base) : (smallS && i < 2 ? e.raised : e.base);
                QCOMPARE(types.at(mixTensor(i, "attn_v")), v);
                QCOMPARE(types.at(mixTensor(i, "ffn_down")), down);
                for (const char* plain : {"attn_q", "attn_k", "attn_output", "ffn_gate", "ffn_up"})
                    QCOMPARE(types.at(mixTensor(i, plain)), std::string(e.base));
            }
        }
    }

    void gpt2MixesRaiseTheFusedQkvAndTheTiedEmbedding()
    {
        const model::ModelConfig c = mixTestConfig(model::Family::Gpt2, 256, 1024, true);
        const auto m4 = mixTypesOf(c, "q4_k_m"), m5 = mixTypesOf(c, "q5_k_m"), s4 = mixTypesOf(c, "q4_k_s");
        QCOMPARE(m4.at("token_embd.weight"), std::string("q6_K"));
        QVERIFY(!m4.count("position_embd.weight")); // stays f32
        for (int i = 0; i < 16; ++i) {
            QCOMPARE(m4.at(mixTensor(i, "attn_qkv")), std::string("q5_K"));
            QCOMPARE(m5.at(mixTensor(i, "attn_qkv")), std::string("q6_K"));
            QCOMPARE(s4.at(mixTensor(i, "attn_qkv")), std::string("q4_K"));
            QCOMPARE(m4.at(mixTensor(i, "ffn_down")), std::string(kMoreBitsLayers16.count(i) ? "q6_K" : "q4_K"));
        }
    }

    void rowsThatAreNotWholeBlocksFallBack()
    {
        // d_model 96: every matrix reading the residual has 96 columns; ffn_down has 200.
        const model::ModelConfig c = mixTestConfig(model::Family::Llama, 96, 200, false);
        const auto types = mixTypesOf(c, "q4_k_m");
        QCOMPARE(types.at("output.weight"), std::string("q8_0"));
        QCOMPARE(types.at("token_embd.weight"), std::string("q5_0"));
        QCOMPARE(types.at(mixTensor(0, "attn_v")), std::string("q8_0")); // q6_K, raised
        QCOMPARE(types.at(mixTensor(2, "attn_v")), std::string("q5_0")); // q4_K
        QCOMPARE(types.at(mixTensor(0, "ffn_down")), std::string("f16"));
        QCOMPARE(mixTypesOf(c, "q5_k").at(mixTensor(3, "attn_q")), std::string("q5_1"));
        QCOMPARE(mixTypesOf(c, "q8_0").at(mixTensor(3, "ffn_down")), std::string("f16"));
        QCOMPARE(mixTypesOf(c, "int8").at(mixTensor(3, "ffn_down")), std::string("int8"));
    }

    void everyMethodHasAnEstimate()
    {
        const model::ModelConfig c = mixTestConfig(model::Family::Llama, 256, 512, false);
        // Parameters: 2 embeddings of 64 x 256, 16 layers of q (256x256), k and v
        // (128x256 each), o (256x256), gate, up, down (512x256 each), 2 norms of 256; the final norm.
        const int64_t perLayer = 256 * 256 * 2 + 128 * 256 * 2 + 512 * 256 * 3 + 2 * 256;
        QCOMPARE(c.parameterCount(), 2 * 64 * 256 + 16 * perLayer + 256);
        for (const std::string& m : quant::quantizationMethods()) {
            const quant::QuantizeEstimate e = quant::estimateQuantizedSize(c, m);
            QVERIFY2(e.bitsPerWeight > 4.0 && e.bitsPerWeight < 9.0, m.c_str());
        }
        // q8_0: 34 bytes per 32 weights for every matrix, 4 bytes for the 16*2+1 norms' weights.
        const int64_t matrices = c.parameterCount() - (16 * 2 + 1) * 256;
        QCOMPARE(quant::estimateQuantizedSize(c, "q8_0").bytes, matrices / 32 * 34 + (16 * 2 + 1) * 256 * 4);
        QVERIFY_THROWS_EXCEPTION(Error, quant::estimateQuantizedSize(c, "q2_k"));
    }
};

LW_TEST_GUILESS_MAIN(TestQuantizeModelMix)
#include "test_quantize_model_mix.moc"

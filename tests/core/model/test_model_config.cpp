// Model configuration: validation names the field, JSON round-trips, and the analytic
// parameter count equals the parameters of the model actually built.
#include "core/model/model_config.h"
#include "core/model/transformer.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using lw::model::ModelConfig;

class TestModelConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parameterCountMatchesBuiltModel_data();
    void parameterCountMatchesBuiltModel();
    void gpt2SmallHas124MParameters();
    void jsonRoundTrips();
    void ownHeadWidthShapesTheAttention();
    void invalidValuesNameTheirField_data();
    void invalidValuesNameTheirField();
    void unknownPresetListsKnownOnes();
    void flopsFollowTheSixNRule();
};

void TestModelConfig::parameterCountMatchesBuiltModel_data()
{
    QTest::addColumn<QString>("preset");
    for (const auto& p : lw::model::modelPresets())
        if (p.config.parameterCount() < 200'000'000)
            QTest::newRow(p.name.c_str()) << QString::fromStdString(p.name);
}

void TestModelConfig::parameterCountMatchesBuiltModel()
{
    QFETCH(QString, preset);
    ModelConfig config = lw::model::presetConfig(preset.toStdString());
    lw::model::Transformer model(config);
    int64_t counted = 0;
    for (const auto& p : model->parameters())
        counted += p.numel();
    QCOMPARE(config.parameterCount(), counted);
}

void TestModelConfig::gpt2SmallHas124MParameters()
{
    // GPT-2 small as published: 124,439,808 parameters with tied embeddings.
    QCOMPARE(lw::model::presetConfig("gpt2-124m").parameterCount(), int64_t(124'439'808));
}

void TestModelConfig::jsonRoundTrips()
{
    for (const auto& p : lw::model::modelPresets()) {
        ModelConfig back = ModelConfig::fromJson(p.config.toJson());
        QVERIFY(back == p.config);
    }
    // An imported Llama 3 / Qwen2 shape keeps its rope scaling and q/k/v biases.
    ModelConfig imported = lw::model::presetConfig("llama-tiny");
    imported.qkv_bias = true;
    imported.rope_scaling.type = "llama3";
    imported.rope_scaling.factor = 8.0;
    imported.rope_scaling.high_freq_factor = 4.0;
    imported.rope_scaling.original_context_length = 8192;
    const ModelConfig back = ModelConfig::fromJson(imported.toJson());
    QVERIFY(back == imported);
    QVERIFY(back.qkv_bias);
    QCOMPARE(back.rope_scaling.type, std::string("llama3"));
    QCOMPARE(back.rope_scaling.original_context_length, int64_t(8192));
    // Configs stored before these fields existed read as no scaling and no biases.
    nlohmann::json old = lw::model::presetConfig("llama-tiny").toJson();
    old.erase("rope_scaling");
    old.erase("qkv_bias");
    QVERIFY(ModelConfig::fromJson(old) == lw::model::presetConfig("llama-tiny"));
}

// head_dim (pruned heads, Mistral-Nemo) sizes the attention: n_head * head_dim query
// columns, kvHeads * head_dim key and value columns. It is written only when it differs
// from d_model / n_head, so configs stored before it existed read the same.
void TestModelConfig::ownHeadWidthShapesTheAttention()
{
    for (const char* preset : {"tiny", "llama-tiny"}) {
        ModelConfig c = lw::model::presetConfig(preset); // d_model 64, 4 heads of 16
        c.head_dim = 16;
        QVERIFY(!c.toJson().contains("head_dim"));
        QVERIFY(c == lw::model::presetConfig(preset));
        for (int64_t width : {8, 24}) {
            c.head_dim = width;
            QCOMPARE(c.toJson()["head_dim"].get<int64_t>(), width);
            const ModelConfig back = ModelConfig::fromJson(c.toJson());
            QVERIFY(back == c);
            QCOMPARE(back.queryWidth(), 4 * width);
            QCOMPARE(back.kvWidth(), back.kvHeads() * width);
            lw::model::Transformer model(back);
            int64_t counted = 0;
            for (const auto& p : model->parameters())
                counted += p.numel();
            QCOMPARE(back.parameterCount(), counted);
        }
    }
    // 3 heads of 16 in a width of 64: valid only with head_dim stated.
    ModelConfig narrow = lw::model::presetConfig("tiny");
    narrow.n_head = 3;
    QVERIFY_THROWS_EXCEPTION(lw::Error, narrow.validate());
    narrow.head_dim = 16;
    narrow.validate();
    QCOMPARE(narrow.queryWidth(), int64_t(48));
}

void TestModelConfig::invalidValuesNameTheirField_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("heads") << R"({"d_model": 100, "n_head": 3})" << "model.n_head";
    QTest::newRow("negative") << R"({"n_layer": -1})" << "model.n_layer";
    QTest::newRow("kv heads") << R"({"family": "llama", "n_head": 4, "n_kv_head": 3, "d_model": 64})" << "model.n_kv_head";
    QTest::newRow("dropout") << R"({"dropout": 1.5})" << "model.dropout";
    QTest::newRow("unknown") << R"({"n_layers": 2})" << "model.n_layers";
    QTest::newRow("type") << R"({"n_layer": "two"})" << "model.n_layer";
    QTest::newRow("family") << R"({"family": "bert"})" << "model.family";
    QTest::newRow("rope type") << R"({"family": "llama", "rope_scaling": {"type": 3}})" << "model.rope_scaling.type";
    QTest::newRow("rope kind") << R"({"family": "llama", "rope_scaling": {"type": "yarn"}})" << "model.rope_scaling.type";
    QTest::newRow("rope field") << R"({"family": "llama", "rope_scaling": {"type": "linear", "scale": 2}})"
                                << "model.rope_scaling.scale";
    QTest::newRow("rope on gpt2") << R"({"rope_scaling": {"type": "linear", "factor": 2}})" << "model.rope_scaling";
    QTest::newRow("qkv bias on gpt2") << R"({"qkv_bias": true})" << "model.qkv_bias";
    QTest::newRow("negative head width") << R"({"head_dim": -4})" << "model.head_dim";
    QTest::newRow("odd rotary head width") << R"({"family": "llama", "n_head": 4, "d_model": 64, "head_dim": 15})"
                                           << "model.head_dim";
}

void TestModelConfig::invalidValuesNameTheirField()
{
    QFETCH(QString, json);
    QFETCH(QString, field);
    try {
        ModelConfig::fromJson(nlohmann::json::parse(json.toStdString())).validate();
        QFAIL("expected lw::Error");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).startsWith(field + ":"), e.what());
    }
}

void TestModelConfig::unknownPresetListsKnownOnes()
{
    try {
        lw::model::presetConfig("gpt5");
        QFAIL("expected lw::Error");
    } catch (const lw::Error& e) {
        QVERIFY(QString(e.what()).contains("gpt2-124m"));
    }
}

void TestModelConfig::flopsFollowTheSixNRule()
{
    // For GPT-2 124M at T=1024: 6 * (matmul weights incl. lm_head) + 12*L*d*T, computed by hand.
    ModelConfig c = lw::model::presetConfig("gpt2-124m");
    const double matmul = 12.0 * (768.0 * 2304 + 768.0 * 768 + 2 * 768.0 * 3072) + 50257.0 * 768;
    const double expected = 6.0 * matmul + 12.0 * 12 * 768 * 1024;
    QCOMPARE(c.trainingFlopsPerToken(1024), expected);
}

LW_TEST_GUILESS_MAIN(TestModelConfig)
#include "test_model_config.moc"

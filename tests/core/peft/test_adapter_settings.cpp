// Adapter settings: JSON round trip, one error per bad field, scales, and the module
// names each family offers.
#include "core/peft/adapter_settings.h"
#include "core/peft/adapter_sites.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>

using namespace lw;

class TestAdapterSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void jsonRoundTrip();
    void badFields_data();
    void badFields();
    void scale();
    void choicesPerFamily();
};

void TestAdapterSettings::jsonRoundTrip()
{
    peft::AdapterSettings s;
    s.method = peft::AdapterMethod::Dora;
    s.rank = 16;
    s.alpha = 32;
    s.dropout = 0.1;
    s.rslora = true;
    s.targets = {"q_proj", "v_proj"};
    const peft::AdapterSettings back = peft::AdapterSettings::fromJson(s.toJson());
    QCOMPARE(back.toJson(), s.toJson());
    QCOMPARE(back.method, peft::AdapterMethod::Dora);
    QCOMPARE(back.targets, s.targets);
    // Missing fields keep the defaults.
    const auto defaults = peft::AdapterSettings::fromJson(nlohmann::json::object());
    QCOMPARE(defaults.rank, int64_t(8));
    QCOMPARE(defaults.alpha, 16.0);
}

void TestAdapterSettings::badFields_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("rank 0") << R"({"rank": 0, "targets": ["q_proj"]})" << "lora_rank";
    QTest::newRow("negative alpha") << R"({"alpha": -1, "targets": ["q_proj"]})" << "lora_alpha";
    QTest::newRow("dropout 1") << R"({"dropout": 1.0, "targets": ["q_proj"]})" << "lora_dropout";
    QTest::newRow("no targets") << R"({})" << "lora_targets";
    QTest::newRow("all-linear and more") << R"({"targets": ["all-linear", "lm_head"]})" << "lora_targets";
    QTest::newRow("method") << R"({"method": "vera", "targets": ["q_proj"]})" << "adapter_method";
    QTest::newRow("unknown field") << R"({"ranks": 4, "targets": ["q_proj"]})" << "adapter.ranks";
    QTest::newRow("rank type") << R"({"rank": "8", "targets": ["q_proj"]})" << "adapter.rank";
}

void TestAdapterSettings::badFields()
{
    QFETCH(QString, json);
    QFETCH(QString, field);
    try {
        peft::AdapterSettings::fromJson(nlohmann::json::parse(json.toStdString())).validate();
        QFAIL("accepted");
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).startsWith(field + ":"), e.what());
    }
}

void TestAdapterSettings::scale()
{
    peft::AdapterSettings s;
    s.rank = 16;
    s.alpha = 32;
    QCOMPARE(s.scale(), 2.0);
    s.rslora = true;
    QCOMPARE(s.scale(), 8.0); // 32 / sqrt(16)
}

void TestAdapterSettings::choicesPerFamily()
{
    for (const auto& arch : hf::hfArchitectures()) {
        const auto choices = peft::targetChoices(arch);
        if (arch.family == model::Family::Gpt2)
            QCOMPARE(choices, (std::vector<std::string>{"c_attn", "c_proj", "c_fc", "lm_head"}));
        else
            QCOMPARE(choices, (std::vector<std::string>{"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
                                                        "down_proj", "lm_head"}));
    }
    QVERIFY(peft::targetNamesModule("c_proj", "transformer.h.3.mlp.c_proj"));
    QVERIFY(peft::targetNamesModule("mlp.c_proj", "transformer.h.3.mlp.c_proj"));
    QVERIFY(!peft::targetNamesModule("mlp.c_proj", "transformer.h.3.attn.c_proj"));
    QVERIFY(!peft::targetNamesModule("proj", "model.layers.0.self_attn.q_proj")); // whole components only
    QVERIFY(peft::targetNamesModule("lm_head", "lm_head"));
}

LW_TEST_GUILESS_MAIN(TestAdapterSettings)
#include "test_adapter_settings.moc"

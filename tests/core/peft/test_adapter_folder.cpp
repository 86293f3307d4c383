// Adapters saved as PEFT saves them and read back: the same logits, PEFT's
// adapter_config.json fields, and PEFT's key names.
#include "core/io/safetensors.h"
#include "core/peft/adapter_set.h"
#include "core/util/json_io.h"
#include "peft_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>

using namespace lw;
using peft::AdapterMethod;

class TestAdapterFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void configFields();
    void gpt2KeyNames();
    void llamaKeyNames();
};

namespace {

std::vector<std::string> savedKeys(const model::ModelConfig& config, AdapterMethod method,
                                   const std::vector<std::string>& targets, const QString& folder)
{
    auto m = test::tinyModel(config, 1);
    auto set = peft::AdapterSet::create(*m, hf::architectureForExport(config), test::adapterSettings(method, targets), 2);
    set->save(folder.toStdString(), "tiny");
    std::vector<std::string> keys;
    for (const auto& e : io::readSafetensorsHeader(folder.toStdString() + "/adapter_model.safetensors").entries)
        keys.push_back(e.name);
    std::sort(keys.begin(), keys.end());
    return keys;
}

// The three keys PEFT saves for one module, sorted as std::sort sorts them.
std::vector<std::string> keysOf(const std::string& module, bool dora)
{
    std::vector<std::string> keys = {"base_model.model." + module + ".lora_A.weight",
                                     "base_model.model." + module + ".lora_B.weight"};
    if (dora)
        keys.push_back("base_model.model." + module + ".lora_magnitude_vector");
    return keys;
}

} // namespace

void TestAdapterFolder::roundTrip_data()
{
    test::addFamilyAndMethodRows();
}

void TestAdapterFolder::roundTrip()
{
    QFETCH(bool, llama);
    QFETCH(bool, dora);
    const model::ModelConfig config = llama ? test::tinyLlama() : test::tinyGpt2();
    const auto& arch = hf::architectureForExport(config);
    auto settings = test::adapterSettings(dora ? AdapterMethod::Dora : AdapterMethod::Lora,
                                          llama ? std::vector<std::string>{"v_proj", "q_proj", "lm_head", "up_proj"}
                                                : std::vector<std::string>{"c_attn", "mlp.c_proj"}); // one of the two c_proj
    auto trained = test::tinyModel(config, 1);
    auto set = peft::AdapterSet::create(*trained, arch, settings, 2);
    test::randomizeAdapters(*set, 3);
    set->attach(*trained);
    QTemporaryDir dir;
    set->save(dir.path().toStdString() + "/adapter", "tiny-base");

    auto fresh = test::tinyModel(config, 1);
    auto loaded = peft::AdapterSet::load(dir.path().toStdString() + "/adapter", *fresh, arch);
    loaded->attach(*fresh);
    QCOMPARE(loaded->parameterCount(), set->parameterCount());
    QCOMPARE(loaded->settings().method, settings.method);
    const torch::Tensor ids = test::sampleIds(config);
    torch::NoGradGuard noGrad;
    QVERIFY(torch::equal(fresh->forward(ids), trained->forward(ids)));
    for (auto& [name, t] : loaded->namedParameters())
        QVERIFY2(t.requires_grad(), name.c_str());
}

void TestAdapterFolder::configFields()
{
    const model::ModelConfig config = test::tinyGpt2();
    auto m = test::tinyModel(config, 1);
    peft::AdapterSettings settings = test::adapterSettings(AdapterMethod::Dora, {"all-linear"});
    settings.rslora = true;
    settings.dropout = 0.1;
    auto set = peft::AdapterSet::create(*m, hf::architectureForExport(config), settings, 2);
    QTemporaryDir dir;
    set->save(dir.path().toStdString(), "my-gpt2");
    const auto json = util::readJsonFile(dir.path().toStdString() + "/adapter_config.json");
    QCOMPARE(json.at("peft_type").get<std::string>(), std::string("LORA"));
    QCOMPARE(json.at("task_type").get<std::string>(), std::string("CAUSAL_LM"));
    QCOMPARE(json.at("base_model_name_or_path").get<std::string>(), std::string("my-gpt2"));
    QCOMPARE(json.at("r").get<int64_t>(), int64_t(4));
    QCOMPARE(json.at("lora_alpha").get<double>(), 8.0);
    QCOMPARE(json.at("lora_dropout").get<double>(), 0.1);
    QCOMPARE(json.at("use_rslora").get<bool>(), true);
    QCOMPARE(json.at("use_dora").get<bool>(), true);
    QCOMPARE(json.at("fan_in_fan_out").get<bool>(), true); // GPT-2's Conv1D
    QCOMPARE(json.at("bias").get<std::string>(), std::string("none"));
    QCOMPARE(json.at("inference_mode").get<bool>(), true);
    // all-linear is saved resolved, as PEFT saves it: every module but the head.
    QCOMPARE(json.at("target_modules").get<std::vector<std::string>>(), (std::vector<std::string>{"c_attn", "c_proj", "c_fc"}));

    auto llama = test::tinyModel(test::tinyLlama(), 1);
    auto llamaSet = peft::AdapterSet::create(*llama, hf::architectureForExport(test::tinyLlama()),
                                             test::adapterSettings(AdapterMethod::Lora, {"q_proj"}), 2);
    llamaSet->save(dir.path().toStdString() + "/llama", "my-llama");
    const auto llamaJson = util::readJsonFile(dir.path().toStdString() + "/llama/adapter_config.json");
    QCOMPARE(llamaJson.at("fan_in_fan_out").get<bool>(), false);
    QCOMPARE(llamaJson.at("use_dora").get<bool>(), false);
}

void TestAdapterFolder::gpt2KeyNames()
{
    QTemporaryDir dir;
    std::vector<std::string> expected;
    for (const char* module : {"lm_head", "transformer.h.0.attn.c_attn", "transformer.h.0.attn.c_proj",
                               "transformer.h.0.mlp.c_fc", "transformer.h.0.mlp.c_proj"})
        for (const std::string& k : keysOf(module, true))
            expected.push_back(k);
    QCOMPARE(savedKeys(test::tinyGpt2(1), AdapterMethod::Dora, {"c_attn", "c_proj", "c_fc", "lm_head"}, dir.path()),
             expected);
}

void TestAdapterFolder::llamaKeyNames()
{
    QTemporaryDir dir;
    std::vector<std::string> expected;
    for (const char* module : {"lm_head", "model.layers.0.mlp.down_proj", "model.layers.0.mlp.gate_proj",
                               "model.layers.0.mlp.up_proj", "model.layers.0.self_attn.k_proj",
                               "model.layers.0.self_attn.o_proj", "model.layers.0.self_attn.q_proj",
                               "model.layers.0.self_attn.v_proj"})
        for (const std::string& k : keysOf(module, false))
            expected.push_back(k);
    const auto& arch = hf::architectureForExport(test::tinyLlama(1));
    QCOMPARE(savedKeys(test::tinyLlama(1), AdapterMethod::Lora, peft::targetChoices(arch), dir.path()), expected);
}

LW_TEST_GUILESS_MAIN(TestAdapterFolder)
#include "test_adapter_folder.moc"

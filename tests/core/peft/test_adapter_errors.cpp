// Adapter folders that do not fit the model: each gives one lw::Error that names the
// tensor (or the target) at fault.
#include "core/io/safetensors.h"
#include "core/peft/adapter_set.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "peft_test_support.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <functional>

using namespace lw;
using peft::AdapterMethod;

class TestAdapterErrors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void wrongRank();
    void otherFamilysTensor();
    void missingLoraB();
    void missingMagnitude();
    void shapeMismatch();
    void unknownTargetInConfig();
    void unknownTargetInSettings();
    void pickleAdapter();
    void unsupportedConfig();

private:
    using Tensors = std::map<std::string, torch::Tensor>;
    // Rewrites the saved adapter's tensors through `change`.
    void editTensors(const std::function<void(Tensors&)>& change);
    void editConfig(const std::function<void(nlohmann::json&)>& change);
    // The message of the error that loading the folder raises ("" when none is raised).
    QString loadError();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::string m_folder;
    const model::ModelConfig m_config = test::tinyLlama(1);
    const std::string m_q = "base_model.model.model.layers.0.self_attn.q_proj.";
};

void TestAdapterErrors::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_folder = m_dir->path().toStdString() + "/adapter";
    auto m = test::tinyModel(m_config, 1);
    peft::AdapterSet::create(*m, hf::architectureForExport(m_config),
                             test::adapterSettings(AdapterMethod::Dora, {"q_proj", "v_proj"}), 2)
        ->save(m_folder, "tiny");
    QCOMPARE(loadError(), QString()); // the unedited folder loads
}

void TestAdapterErrors::editTensors(const std::function<void(Tensors&)>& change)
{
    const std::string path = m_folder + "/adapter_model.safetensors";
    Tensors tensors = io::readSafetensors(path);
    change(tensors);
    const std::vector<std::pair<std::string, torch::Tensor>> edited(tensors.begin(), tensors.end());
    io::writeSafetensors(path, edited, {{"format", "pt"}});
}

void TestAdapterErrors::editConfig(const std::function<void(nlohmann::json&)>& change)
{
    const std::string path = m_folder + "/adapter_config.json";
    nlohmann::json config = util::readJsonFile(path);
    change(config);
    util::writeJsonFileAtomic(path, config);
}

QString TestAdapterErrors::loadError()
{
    auto m = test::tinyModel(m_config, 1);
    try {
        peft::AdapterSet::load(m_folder, *m, hf::architectureForExport(m_config));
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

void TestAdapterErrors::wrongRank()
{
    // r = 4 in the config, 5 in this tensor.
    editTensors([&](Tensors& t) { t[m_q + "lora_A.weight"] = torch::zeros({5, m_config.d_model}); });
    const QString message = loadError();
    QVERIFY2(message.contains(QString::fromStdString(m_q + "lora_A.weight")), qPrintable(message));
    QVERIFY2(message.contains("r = 4"), qPrintable(message));
}

void TestAdapterErrors::otherFamilysTensor()
{
    const std::string gpt2Name = "base_model.model.transformer.h.0.attn.c_attn.lora_A.weight";
    editTensors([&](Tensors& t) { t[gpt2Name] = torch::zeros({4, m_config.d_model}); });
    const QString message = loadError();
    QVERIFY2(message.contains(QString::fromStdString(gpt2Name)), qPrintable(message));
    QVERIFY2(message.contains("adapter_model.safetensors"), qPrintable(message));
}

void TestAdapterErrors::missingLoraB()
{
    const std::string name = "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight";
    editTensors([&](Tensors& t) { QCOMPARE(t.erase(name), size_t(1)); });
    const QString message = loadError();
    QVERIFY2(message.contains(QString::fromStdString(name)) && message.contains("missing"), qPrintable(message));
}

void TestAdapterErrors::missingMagnitude()
{
    editTensors([&](Tensors& t) { QCOMPARE(t.erase(m_q + "lora_magnitude_vector"), size_t(1)); });
    const QString message = loadError();
    QVERIFY2(message.contains(QString::fromStdString(m_q + "lora_magnitude_vector")), qPrintable(message));
}

void TestAdapterErrors::shapeMismatch()
{
    // v_proj has 8 output rows (2 key/value heads of 4); 16 is q's count.
    const std::string name = "base_model.model.model.layers.0.self_attn.v_proj.lora_B.weight";
    editTensors([&](Tensors& t) { t[name] = torch::zeros({16, 4}); });
    const QString message = loadError();
    QVERIFY2(message.contains(QString::fromStdString(name)) && message.contains("[16, 4]") &&
                 message.contains("[8, 4]"),
             qPrintable(message));
}

void TestAdapterErrors::unknownTargetInConfig()
{
    editConfig([](nlohmann::json& c) { c["target_modules"] = {"q_proj", "query_key_value"}; });
    const QString message = loadError();
    QVERIFY2(message.contains("query_key_value") && message.contains("adapter_config.json"), qPrintable(message));
}

void TestAdapterErrors::unknownTargetInSettings()
{
    auto m = test::tinyModel(test::tinyGpt2(), 1);
    try {
        peft::AdapterSet::create(*m, hf::architectureForExport(test::tinyGpt2()),
                                 test::adapterSettings(AdapterMethod::Lora, {"q_proj"}), 1);
        QFAIL("a Llama module name was accepted for GPT-2");
    } catch (const Error& e) {
        const QString message = e.what();
        QVERIFY2(message.contains("'q_proj'") && message.contains("c_attn") && message.contains("lm_head") &&
                     message.contains("lora_targets"),
                 qPrintable(message));
    }
}

void TestAdapterErrors::pickleAdapter()
{
    QVERIFY(QFile::remove(QString::fromStdString(m_folder + "/adapter_model.safetensors")));
    std::ofstream(m_folder + "/adapter_model.bin") << "not read";
    const QString message = loadError();
    QVERIFY2(message.contains("adapter_model.bin") && message.contains("not supported"), qPrintable(message));
}

void TestAdapterErrors::unsupportedConfig()
{
    editConfig([](nlohmann::json& c) { c["rank_pattern"] = {{"q_proj", 8}}; });
    QVERIFY2(loadError().contains("rank_pattern"), qPrintable(loadError()));
    editConfig([](nlohmann::json& c) {
        c["rank_pattern"] = nlohmann::json::object();
        c["peft_type"] = "IA3";
    });
    QVERIFY2(loadError().contains("peft_type"), qPrintable(loadError()));
}

LW_TEST_GUILESS_MAIN(TestAdapterErrors)
#include "test_adapter_errors.moc"

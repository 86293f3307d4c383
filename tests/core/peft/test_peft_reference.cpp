// Adapters made elsewhere: peft_reference.py writes tiny Hugging Face models and random
// PEFT adapter folders (LoRA and DoRA; GPT-2's Conv1D with fan_in_fan_out, Llama with
// q/v targets), and the logits of each model with its adapter merged by PEFT's formulas
// in float64. The imported model with the loaded adapter must give those logits.
#include "core/hf/hf_model.h"
#include "core/peft/adapter_set.h"
#include "peft_test_support.h"
#include "test_paths.h"
#include "test_registry.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace lw;
using nlohmann::json;

class TestPeftReference : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void adaptersFromPeftLayout();
};

namespace {

json gpt2Config()
{
    return {{"vocab_size", 50}, {"n_positions", 32}, {"n_layer", 2}, {"n_head", 2}, {"n_embd", 16},
            {"layer_norm_epsilon", 1e-5}, {"activation_function", "gelu_new"}};
}

json llamaConfig()
{
    return {{"vocab_size", 50},          {"max_position_embeddings", 32}, {"num_hidden_layers", 2},
            {"num_attention_heads", 4},  {"num_key_value_heads", 2},     {"hidden_size", 16},
            {"intermediate_size", 24},   {"rms_norm_eps", 1e-5},          {"tie_word_embeddings", false},
            {"hidden_act", "silu"}};
}

const std::vector<std::vector<int64_t>> kIds = {{3, 17, 4, 42, 9, 0, 31, 8, 25, 12, 49}, {7, 7, 1, 20}};

bool runReference(const json& jobs, json& results)
{
    QTemporaryDir dir;
    const QString jobsPath = dir.filePath("jobs.json");
    std::ofstream(jobsPath.toStdString()) << jobs.dump();
    QProcess python;
    python.start("/usr/bin/python3",
                 {QString::fromStdString(std::string(test::sourceDir()) + "/tests/core/peft/peft_reference.py"), "batch",
                  jobsPath});
    if (!python.waitForFinished(600000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        qWarning("peft_reference.py failed: %s", python.readAllStandardError().constData());
        return false;
    }
    results = json::parse(python.readAllStandardOutput().toStdString());
    return results.is_array() && results.size() == jobs.size();
}

} // namespace

void TestPeftReference::adaptersFromPeftLayout()
{
    struct Case {
        const char* name;
        json model;
        json adapter;
    };
    const std::vector<Case> cases = {
        {"gpt2 lora", {{"family", "gpt2"}, {"config", gpt2Config()}, {"seed", 1}},
         {{"r", 4}, {"alpha", 8}, {"use_dora", false}, {"use_rslora", false}, {"targets", {"c_attn", "c_proj", "c_fc"}}, {"seed", 2}}},
        {"gpt2 dora", {{"family", "gpt2"}, {"config", gpt2Config()}, {"seed", 3}},
         {{"r", 3}, {"alpha", 6}, {"use_dora", true}, {"use_rslora", true}, {"targets", {"c_attn", "mlp.c_proj"}}, {"seed", 4}}},
        {"llama lora q v", {{"family", "llama"}, {"config", llamaConfig()}, {"seed", 5}},
         {{"r", 4}, {"alpha", 16}, {"use_dora", false}, {"use_rslora", false}, {"targets", {"q_proj", "v_proj"}}, {"seed", 6}}},
        {"qwen2 dora q v down head", {{"family", "qwen2"}, {"config", llamaConfig()}, {"seed", 7}},
         {{"r", 2}, {"alpha", 4}, {"use_dora", true}, {"use_rslora", false},
          {"targets", {"q_proj", "v_proj", "down_proj", "lm_head"}}, {"seed", 8}}},
    };
    QTemporaryDir dir;
    json jobs = json::array();
    for (size_t i = 0; i < cases.size(); ++i)
        jobs.push_back({{"model", cases[i].model},
                        {"model_out", dir.filePath(QString("model%1").arg(i)).toStdString()},
                        {"adapter", cases[i].adapter},
                        {"adapter_out", dir.filePath(QString("adapter%1").arg(i)).toStdString()},
                        {"ids", kIds}});
    json reference;
    QVERIFY(runReference(jobs, reference));

    for (size_t i = 0; i < cases.size(); ++i) {
        hf::HfModelInfo info;
        auto m = hf::loadHfModel(jobs[i]["model_out"], torch::kCPU, torch::kFloat, &info);
        auto set = peft::AdapterSet::load(jobs[i]["adapter_out"], *m, *info.architecture);
        torch::NoGradGuard noGrad;
        double worst = 0, moved = 0;
        for (size_t k = 0; k < kIds.size(); ++k) {
            const torch::Tensor ids = torch::tensor(kIds[k]).view({1, -1});
            peft::AdapterSet::detach(*m);
            const torch::Tensor base = m->forward(ids).squeeze(0).to(torch::kDouble);
            set->attach(*m);
            const torch::Tensor ours = m->forward(ids).squeeze(0).to(torch::kDouble);
            const json& rows = reference[i][k];
            std::vector<double> flat;
            for (const auto& row : rows)
                for (const auto& v : row)
                    flat.push_back(v.get<double>());
            const torch::Tensor expected = torch::tensor(flat, torch::kDouble).view({int64_t(rows.size()), -1});
            const double top = expected.abs().max().item<double>();
            worst = std::max(worst, (ours - expected).abs().max().item<double>() / top);
            moved = std::max(moved, (base - expected).abs().max().item<double>() / top);
        }
        qInfo("%s: max relative difference %.3g (the adapter moves the logits by %.3g)", cases[i].name, worst, moved);
        QVERIFY2(worst < 1e-4, cases[i].name);
        QVERIFY2(moved > 1e-2, cases[i].name); // the adapter matters, so the comparison can fail
    }
}

LW_TEST_GUILESS_MAIN(TestPeftReference)
#include "test_peft_reference.moc"

// The fine-tuning loop on a tiny model and rows written here: LoRA leaves every base
// weight bit-identical and its saved adapter, read back onto a fresh copy of the base,
// gives the trained model's logits; full fine-tuning writes a checkpoint of the whole
// model; QLoRA's 4-bit base is at least 3.5x smaller than bf16; packed and padded
// batches of the same examples give the same loss; DPO starts at ln 2 (policy =
// reference) and learns a toy preference; a run stopped and resumed ends bit-identical
// to one that ran through.
#include "core/finetune/finetune_state_file.h"
#include "core/finetune/finetune_trainer.h"
#include "core/hf/hf_architecture.h"
#include "core/peft/adapter_set.h"
#include "core/train/checkpoint.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace lw;
using finetune::FinetuneConfig;
using finetune::FinetuneInputs;
using finetune::FinetuneTrainer;

namespace {

model::ModelConfig tinyConfig(const std::string& family)
{
    model::ModelConfig c = model::presetConfig(family == "llama" ? "llama-tiny" : "tiny");
    c.vocab_size = 40;
    c.context_length = 48;
    c.d_model = 32;
    c.n_head = 4;
    c.n_layer = 2;
    return c;
}

// Rows "prompt | answer": the prompt is random tokens 10..39, the answer is 5 6 7 and
// the end token 2; loss on the answer only. Preference rows: that answer chosen, 8 9 3
// rejected.
std::string writeRows(const QTemporaryDir& dir, bool preference, int rows, uint64_t seed)
{
    const std::string path = dir.filePath(preference ? "preference.bin" : "sft.bin").toStdString();
    shape::PackedSequenceWriter writer(path, preference ? shape::PackedKind::Preference : shape::PackedKind::Sft, 40,
                                       2, 0);
    std::mt19937_64 rng(seed);
    for (int r = 0; r < rows; ++r) {
        std::vector<int32_t> prompt;
        const int n = 3 + int(rng() % 6);
        for (int i = 0; i < n; ++i)
            prompt.push_back(int32_t(10 + rng() % 30));
        auto sequence = [&](int32_t answerStart, std::vector<int32_t>& ids, std::vector<uint8_t>& loss) {
            ids = prompt;
            ids.push_back(1); // separator
            loss.assign(ids.size(), 0);
            for (int k = 0; k < 3; ++k) {
                ids.push_back(answerStart == 5 ? int32_t(5 + k) : int32_t(k == 2 ? 3 : 8 + k));
                loss.push_back(1);
            }
            ids.push_back(2);
            loss.push_back(1);
        };
        std::vector<int32_t> a, b;
        std::vector<uint8_t> la, lb;
        sequence(5, a, la);
        if (preference) {
            sequence(8, b, lb);
            writer.addRow(uint64_t(r), {&a, &b}, {&la, &lb});
        } else {
            writer.addRow(uint64_t(r), {&a}, {&la});
        }
    }
    writer.commit();
    return path;
}

finetune::FinetuneData dataOf(const std::string& path, int rows, int valRows, bool preference)
{
    finetune::FinetuneData d;
    d.file = path;
    d.kind = preference ? "preference" : "sft";
    for (int r = 0; r < rows; ++r)
        (r < rows - valRows ? d.trainRows : d.valRows).push_back(uint64_t(r));
    d.splitSource = "held out";
    return d;
}

FinetuneConfig configOf(const std::string& method, const std::string& objective, int64_t steps)
{
    FinetuneConfig c;
    c.finetune.base = "(test)";
    c.finetune.dataset = "(test)";
    c.finetune.method = method;
    c.finetune.objective = objective;
    c.finetune.lora_rank = 4;
    c.finetune.lora_alpha = 8;
    c.finetune.lora_dropout = 0.0;
    c.train = finetune::finetuneTrainDefaults(method, objective);
    c.train.dataset = "(test)";
    c.train.batch_size = 8;
    c.train.max_steps = steps;
    c.train.warmup_steps = 2;
    c.train.learning_rate = objective == "sft" ? (method == "full" ? 3e-3 : 1e-2) : 3e-3;
    c.train.eval_every = steps;
    c.train.checkpoint_every = 0;
    c.train.threads = 1;
    return c;
}

// A random model whose (tied) output head can separate tokens: GPT-2's initialisation
// leaves the embedding at N(0, 0.02), where logits of normalised hidden states cannot
// move far enough for a frozen head to learn anything in a test's few steps.
model::Transformer freshModel(const model::ModelConfig& c, uint64_t seed)
{
    model::Transformer m(c);
    m->initializeWeights(seed);
    torch::NoGradGuard g;
    m->tokenEmbedding->weight.mul_(25.0);
    if (!c.tie_embeddings)
        m->lmHead->weight.mul_(25.0);
    return m;
}

struct RunRecord {
    std::vector<nlohmann::json> events;
    double firstLoss = NAN, lastLoss = NAN;
    nlohmann::json lastEval;
};

RunRecord runTrainer(const FinetuneConfig& config, const std::string& runDir, model::Transformer model,
                     const finetune::FinetuneData& data,
                     const std::optional<train::ResumeRequest>& resume = std::nullopt, int64_t cancelAfter = 0)
{
    RunRecord record;
    train::TrainControl control;
    FinetuneTrainer trainer(config, runDir, [&](const nlohmann::json& e) {
        if (e["event"] == "step" && e["step"] == cancelAfter)
            control.requestCancel();
        record.events.push_back(e);
        if (e["event"] == "step") {
            if (std::isnan(record.firstLoss))
                record.firstLoss = e["loss"].get<double>();
            record.lastLoss = e["loss"].get<double>();
        }
        if (e["event"] == "eval")
            record.lastEval = e;
    });
    FinetuneInputs inputs;
    inputs.model = model;
    inputs.data = data;
    inputs.baseLabel = "tiny";
    trainer.run(inputs, control, resume);
    return record;
}

std::map<std::string, torch::Tensor> snapshot(model::Transformer& m)
{
    std::map<std::string, torch::Tensor> out;
    for (auto& item : m->named_parameters())
        out[item.key()] = item.value().detach().clone();
    return out;
}

} // namespace

class TestFinetuneTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loraKeepsTheBaseAndItsAdapterReadsBack_data()
    {
        QTest::addColumn<QString>("family");
        QTest::addColumn<QString>("method");
        QTest::newRow("gpt2 lora") << "gpt2" << "lora";
        QTest::newRow("llama lora") << "llama" << "lora";
        QTest::newRow("llama dora") << "llama" << "dora";
    }
    void loraKeepsTheBaseAndItsAdapterReadsBack()
    {
        QFETCH(QString, family);
        QFETCH(QString, method);
        QTemporaryDir dir;
        const std::string rows = writeRows(dir, false, 64, 1);
        const auto c = tinyConfig(family.toStdString());
        model::Transformer model = freshModel(c, 3);
        const auto before = snapshot(model);
        const FinetuneConfig config = configOf(method.toStdString(), "sft", 60);
        const RunRecord r = runTrainer(config, dir.filePath("run").toStdString(), model, dataOf(rows, 64, 8, false));
        QVERIFY2(r.lastLoss < 0.6 * r.firstLoss, qPrintable(QString("loss %1 -> %2").arg(r.firstLoss).arg(r.lastLoss)));
        for (const auto& [name, tensor] : before)
            QVERIFY2(torch::equal(tensor, model->named_parameters()[name]), name.c_str()); // bit-identical
        // The adapter folder on a fresh copy of the base gives the trained model's logits.
        const auto idx = torch::randint(10, 40, {2, 12}, torch::kLong);
        model->eval();
        torch::Tensor trained;
        {
            torch::NoGradGuard g;
            trained = model->forward(idx);
        }
        model::Transformer copy = freshModel(c, 3);
        auto adapters = peft::AdapterSet::load(dir.filePath("run/adapter").toStdString(), *copy,
                                               hf::architectureForExport(c));
        adapters->setTraining(false);
        adapters->attach(*copy);
        copy->eval();
        torch::NoGradGuard g;
        QVERIFY(torch::allclose(copy->forward(idx), trained, 1e-5, 1e-5));
        QVERIFY(!torch::allclose(freshModel(c, 3)->forward(idx), trained, 1e-3, 1e-3)); // the adapter did something
    }

    void fullFineTuneWritesAWholeCheckpoint()
    {
        QTemporaryDir dir;
        const std::string rows = writeRows(dir, false, 48, 2);
        const auto c = tinyConfig("gpt2");
        model::Transformer model = freshModel(c, 4);
        const auto before = snapshot(model);
        const RunRecord r = runTrainer(configOf("full", "sft", 40), dir.filePath("run").toStdString(), model,
                                       dataOf(rows, 48, 8, false));
        QVERIFY(r.lastLoss < 0.6 * r.firstLoss);
        int changed = 0;
        for (const auto& [name, tensor] : before)
            changed += !torch::equal(tensor, model->named_parameters()[name]);
        QCOMPARE(changed, int(before.size())); // every tensor of the model trains
        const auto checkpoints = FinetuneTrainer::listStates(dir.filePath("run").toStdString());
        QCOMPARE(checkpoints.size(), size_t(1));
        const train::Checkpoint ck = train::loadCheckpoint(checkpoints.front(), false);
        QVERIFY(ck.modelConfig == c);
        QVERIFY(torch::equal(ck.model.at("h.0.attn.c_attn.weight"), model->named_parameters()["h.0.attn.c_attn.weight"]));
    }

    void qloraHoldsTheBaseInFourBits()
    {
        QTemporaryDir dir;
        const std::string rows = writeRows(dir, false, 64, 5);
        auto c = tinyConfig("llama");
        c.d_model = 64; // NF4 blocks of 64 weights
        model::Transformer model = freshModel(c, 6);
        const RunRecord r = runTrainer(configOf("qlora", "sft", 60), dir.filePath("run").toStdString(), model,
                                       dataOf(rows, 64, 8, false));
        QVERIFY2(r.lastLoss < 0.6 * r.firstLoss, qPrintable(QString("loss %1 -> %2").arg(r.firstLoss).arg(r.lastLoss)));
        bool reported = false;
        for (const auto& e : r.events)
            if (e.contains("nf4_bytes")) {
                reported = true;
                const double dense = e["dense_bytes"].get<double>(), nf4 = e["nf4_bytes"].get<double>();
                // The released weights were float32; bf16 would hold them in half the bytes.
                QVERIFY2(dense / 2 / nf4 >= 3.5, qPrintable(QString::number(dense / 2 / nf4)));
            }
        QVERIFY(reported);
        // The linear weights of the blocks are released.
        QCOMPARE(model->layers[0]->as<model::Block>()->attention->qkv->weight.numel(), int64_t(0));
    }

    void packedAndPaddedBatchesGiveTheSameLoss()
    {
        QTemporaryDir dir;
        const std::string rows = writeRows(dir, false, 12, 7);
        shape::PackedSequenceFile file(rows);
        std::vector<uint64_t> all;
        for (uint64_t r = 0; r < 12; ++r)
            all.push_back(r);
        finetune::SequenceBatcher b(file, all, finetune::BatchLayout::Packing, 4, 40, 1, false);
        const std::vector<size_t> members{0, 1, 2, 3, 4, 5, 6, 7};
        const auto packed = b.packedBatchOf(members);
        const auto padded = b.batchOf(members);
        QVERIFY(packed.inputs.size(0) < padded.inputs.size(0)); // fewer rows
        for (const char* family : {"gpt2", "llama"}) {
            model::Transformer model = freshModel(tinyConfig(family), 8);
            model->eval();
            torch::NoGradGuard g;
            const double p = model->loss(packed.inputs, packed.targets, packed.positions).item<double>();
            const double q = model->loss(padded.inputs, padded.targets).item<double>();
            QVERIFY2(std::abs(p - q) < 1e-5 * std::abs(q), qPrintable(QString("%1 vs %2").arg(p).arg(q)));
        }
    }

    void dpoStartsAtLn2AndLearnsTheToyPreference()
    {
        QTemporaryDir dir;
        const std::string rows = writeRows(dir, true, 80, 9);
        model::Transformer model = freshModel(tinyConfig("gpt2"), 10);
        FinetuneConfig config = configOf("lora", "dpo", 60);
        config.finetune.beta = 0.5;
        config.train.learning_rate = 1e-2;
        config.train.eval_every = 30;
        const RunRecord r = runTrainer(config, dir.filePath("run").toStdString(), model, dataOf(rows, 80, 16, true));
        QVERIFY2(std::abs(r.firstLoss - std::log(2.0)) < 1e-5, qPrintable(QString::number(r.firstLoss, 'g', 10)));
        QVERIFY(r.lastEval.contains("metrics"));
        const double accuracy = r.lastEval["metrics"]["val_preference_accuracy"].get<double>();
        QVERIFY2(accuracy >= 0.9, qPrintable(QString::number(accuracy)));
        QVERIFY(r.lastEval["metrics"]["val_reward_margin"].get<double>() > 0);
        QVERIFY(QFileInfo::exists(dir.filePath("run/reference_logps.pt")));
    }

    void resumeEndsBitIdentical()
    {
        QTemporaryDir dir;
        const std::string rows = writeRows(dir, false, 40, 11);
        const auto c = tinyConfig("llama");
        FinetuneConfig config = configOf("lora", "sft", 12);
        config.finetune.lora_dropout = 0.1; // the random state must resume too
        config.train.eval_every = 0;
        const auto data = dataOf(rows, 40, 0, false);
        runTrainer(config, dir.filePath("straight").toStdString(), freshModel(c, 12), data);

        // Cancelled after step 6 (a cancelled run writes its checkpoint), then resumed.
        runTrainer(config, dir.filePath("resumed").toStdString(), freshModel(c, 12), data, std::nullopt, 6);
        const auto states = FinetuneTrainer::listStates(dir.filePath("resumed").toStdString());
        QCOMPARE(states.size(), size_t(1));
        runTrainer(config, dir.filePath("resumed").toStdString(), freshModel(c, 12), data,
                   train::ResumeRequest{states.back(), std::nullopt});
        const auto a = finetune::loadAdapterState(
            FinetuneTrainer::listStates(dir.filePath("straight").toStdString()).back());
        const auto b = finetune::loadAdapterState(
            FinetuneTrainer::listStates(dir.filePath("resumed").toStdString()).back());
        QCOMPARE(a.state.step, int64_t(12));
        QCOMPARE(b.state.step, int64_t(12));
        QCOMPARE(a.adapter.size(), b.adapter.size());
        for (const auto& [name, tensor] : a.adapter)
            QVERIFY2(torch::equal(tensor, b.adapter.at(name)), name.c_str());
    }
};

LW_TEST_GUILESS_MAIN(TestFinetuneTrainer)
#include "test_finetune_trainer.moc"

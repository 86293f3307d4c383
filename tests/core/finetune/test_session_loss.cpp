// The session's SFT loss sends only the positions that receive loss through the output
// head. It must equal TransformerImpl::loss, which sends every position and ignores the
// rest, in value and in the adapters' gradients, for padded and packed batches.
#include "core/finetune/benchmark_rows.h"
#include "core/finetune/finetune_session.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

class TestSessionLoss : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void answerRowsOnlyGiveTheModelsLoss_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<bool>("packing");
        QTest::newRow("gpt2 padded") << "tiny" << false;
        QTest::newRow("gpt2 packed") << "tiny" << true;
        QTest::newRow("llama padded") << "llama-tiny" << false;
    }

    void answerRowsOnlyGiveTheModelsLoss()
    {
        QFETCH(QString, preset);
        QFETCH(bool, packing);
        QTemporaryDir dir;
        const std::string rows = dir.filePath("rows.bin").toStdString();
        finetune::BenchmarkRowSource source;
        source.count = 12;
        source.minLength = 4;
        source.maxLength = 17;
        const model::ModelConfig shape = model::presetConfig(preset.toStdString());
        finetune::writeBenchmarkRows(source, false, 16, shape.vocab_size, 7, rows);

        finetune::FinetuneConfig cfg;
        cfg.finetune.base = "(random)";
        cfg.finetune.dataset = rows;
        cfg.finetune.packing = packing;
        cfg.finetune.lora_dropout = 0;
        cfg.train = finetune::finetuneTrainDefaults("lora", "sft");
        cfg.train.model = shape;
        cfg.train.batch_size = 3;
        cfg.train.context = 16;
        cfg.train.threads = 1;
        const train::EventSink quiet = [](const nlohmann::json&) {};
        const std::string runDir = dir.path().toStdString();
        finetune::FinetuneSession s{cfg, runDir, quiet};
        torch::manual_seed(3);
        finetune::FinetuneInputs in;
        in.model = model::Transformer(shape);
        in.model->initializeWeights(3);
        in.data.file = rows;
        in.data.kind = "sft";
        for (uint64_t r = 0; r < 12; ++r)
            in.data.trainRows.push_back(r);
        s.prepare(std::move(in));
        s.applyMethod();
        // B starts at zero, which would hide A's gradient: give the adapters some weight.
        {
            torch::NoGradGuard noGrad;
            for (auto& [name, p] : s.trainable)
                p.normal_(0.0, 0.05);
        }
        const finetune::SequenceBatch batch = s.trainBatches->next();
        QVERIFY(batch.lossTokens < batch.inputs.numel()); // some positions take no loss

        s.optimizer->zeroGrad();
        const double sessionLoss = s.trainMicroBatch(batch, 1).loss;
        std::vector<torch::Tensor> sessionGrads;
        for (auto& [name, p] : s.trainable)
            sessionGrads.push_back(p.grad().clone());
        s.optimizer->zeroGrad();
        const torch::Tensor modelLoss = s.in.model->loss(batch.inputs, batch.targets, batch.positions);
        modelLoss.backward();

        QVERIFY(std::abs(sessionLoss - modelLoss.item<double>()) < 1e-5 * std::abs(sessionLoss));
        for (size_t i = 0; i < s.trainable.size(); ++i) {
            const torch::Tensor g = s.trainable[i].second.grad();
            const double scale = g.abs().max().item<double>();
            QVERIFY(scale > 0);
            QVERIFY2((sessionGrads[i] - g).abs().max().item<double>() < 1e-4 * scale, s.trainable[i].first.c_str());
        }
    }
};

LW_TEST_GUILESS_MAIN(TestSessionLoss)
#include "test_session_loss.moc"

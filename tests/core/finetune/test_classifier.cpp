// The classifier of chapter 6 of "Build a Large Language Model (From Scratch)":
//   - a row's logits equal head(hidden state of its last real token), computed here from
//     the model's own hidden() on the row alone, so padding on the right changes nothing
//     (whatever the padding id);
//   - training through ClassificationTrainer leaves every frozen parameter bit-identical
//     and moves the last block, the final norm and the head; its report's confusion
//     matrices sum to the rows scored;
//   - trainable_blocks beyond the model's layers is refused by name;
//   - the confusion matrix of a hand example, and its accuracy.
#include "core/finetune/classification_trainer.h"
#include "core/finetune/classifier.h"
#include "core/train/checkpoint.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

#include <random>
#include <set>

using namespace lw;

namespace {

model::Transformer tinyModel(int64_t layers)
{
    model::ModelConfig c = model::presetConfig("tiny");
    c.vocab_size = 40;
    c.context_length = 16;
    c.d_model = 32;
    c.n_head = 4;
    c.n_layer = layers;
    c.dropout = 0.0;
    model::Transformer m(c);
    m->initializeWeights(11);
    return m;
}

std::vector<std::vector<int32_t>> someRows()
{
    return {{3, 7, 9}, {12, 4, 4, 30, 2, 8, 1}, {25}};
}

// Rows whose class is told by their first token (below 20: class 0; else class 1), so a
// few steps have something to learn.
finetune::ClassificationData learnableData()
{
    finetune::ClassificationData d;
    d.data.classes = {"low", "high"};
    std::mt19937 rng(5);
    for (int i = 0; i < 48; ++i) {
        finetune::ClassificationRow row;
        const int length = 2 + int(rng() % 6);
        for (int t = 0; t < length; ++t)
            row.ids.push_back(int32_t(rng() % 40));
        row.label = row.ids.front() >= 20 ? 1 : 0;
        d.data.rows.push_back(row);
        (i < 32 ? d.trainRows : i < 40 ? d.valRows : d.testRows).push_back(uint64_t(i));
    }
    d.splitSource = "dataset";
    return d;
}

} // namespace

class TestClassifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void logitsAreTheHeadOfTheLastRealTokensHiddenState()
    {
        torch::manual_seed(1);
        finetune::Classifier classifier(tinyModel(2), 3);
        classifier->eval();
        const auto rows = someRows();
        const finetune::PaddedRows batch = finetune::padRows(rows, 0, torch::kCPU);
        const torch::Tensor logits = classifier->forward(batch.ids, batch.lengths).detach();
        QCOMPARE(logits.size(0), int64_t(rows.size()));
        QCOMPARE(logits.size(1), int64_t(3));
        torch::NoGradGuard noGrad;
        const torch::Tensor W = classifier->head->weight.to(torch::kDouble);
        const torch::Tensor b = classifier->head->bias.to(torch::kDouble);
        for (size_t i = 0; i < rows.size(); ++i) {
            // The row alone, unpadded: its hidden states, the last one, then W h + b by hand.
            std::vector<int64_t> ids(rows[i].begin(), rows[i].end());
            const torch::Tensor alone = torch::tensor(ids, torch::kLong).unsqueeze(0);
            const torch::Tensor h = classifier->base->hidden(alone)[0][int64_t(ids.size()) - 1].to(torch::kDouble);
            for (int64_t k = 0; k < 3; ++k) {
                double expected = b[k].item<double>();
                for (int64_t c = 0; c < h.size(0); ++c)
                    expected += W[k][c].item<double>() * h[c].item<double>();
                QVERIFY2(std::abs(logits[int64_t(i)][k].item<double>() - expected) < 1e-5,
                         qPrintable(QString("row %1 class %2: %3 vs %4")
                                        .arg(i)
                                        .arg(k)
                                        .arg(logits[int64_t(i)][k].item<double>())
                                        .arg(expected)));
            }
        }
    }

    void paddingDoesNotChangeARowsLogits()
    {
        torch::manual_seed(2);
        finetune::Classifier classifier(tinyModel(2), 2);
        classifier->eval();
        torch::NoGradGuard noGrad;
        const auto rows = someRows();
        const auto withZeros = finetune::padRows(rows, 0, torch::kCPU);
        const auto withOther = finetune::padRows(rows, 37, torch::kCPU);
        QVERIFY(!torch::equal(withZeros.ids, withOther.ids));
        const torch::Tensor a = classifier->forward(withZeros.ids, withZeros.lengths);
        const torch::Tensor b = classifier->forward(withOther.ids, withOther.lengths);
        QVERIFY(torch::allclose(a, b, 0, 1e-6));
        for (size_t i = 0; i < rows.size(); ++i) {
            const auto single = finetune::padRows({rows[i]}, 0, torch::kCPU);
            const torch::Tensor alone = classifier->forward(single.ids, single.lengths)[0];
            QVERIFY2(torch::allclose(alone, a[int64_t(i)], 0, 1e-5), qPrintable(QString("row %1").arg(i)));
        }
    }

    void trainingLeavesFrozenParametersBitIdentical()
    {
        QTemporaryDir dir;
        model::Transformer base = tinyModel(3);
        std::map<std::string, torch::Tensor> before;
        for (const auto& item : base->named_parameters())
            before[item.key()] = item.value().detach().clone();
        finetune::FinetuneConfig config;
        config.finetune.base = "in memory";
        config.finetune.dataset = "in memory";
        config.finetune.method = "full";
        config.finetune.objective = "classify";
        config.finetune.trainable_blocks = 1;
        config.train = finetune::finetuneTrainDefaults("full", "classify");
        config.train.model = base->config();
        config.train.dataset = "in memory";
        config.train.max_steps = 6;
        config.train.batch_size = 8;
        config.train.warmup_steps = 1;
        config.train.learning_rate = 1e-2;
        config.train.eval_every = 3;
        std::vector<nlohmann::json> events;
        finetune::ClassificationTrainer trainer(config, dir.path().toStdString(),
                                                [&](const nlohmann::json& e) { events.push_back(e); });
        finetune::ClassificationInputs inputs;
        inputs.model = base;
        inputs.data = learnableData();
        train::TrainControl control;
        const finetune::FinetuneResult result = trainer.run(inputs, control);
        QCOMPARE(result.train.outcome, train::TrainOutcome::Completed);

        // Trainable: layer 2 (the last of 3), the final norm; the head is not in `before`.
        std::set<const void*> trainable;
        for (const auto& p : base->layers[2]->parameters())
            trainable.insert(p.data_ptr());
        for (const auto& p : base->finalNorm->parameters())
            trainable.insert(p.data_ptr());
        int frozen = 0, moved = 0;
        for (const auto& item : base->named_parameters()) {
            const std::string& name = item.key();
            const torch::Tensor& p = item.value();
            const bool trains = trainable.count(p.data_ptr()) > 0;
            const bool same = torch::equal(before.at(name), p.detach());
            if (trains) {
                moved += !same;
            } else {
                QVERIFY2(same, name.c_str());
                frozen += 1;
            }
        }
        QVERIFY(frozen > 0);
        QVERIFY2(moved > 0, "no trainable parameter of the last block or the final norm moved");
        // Trainable count reported = last block + final norm + head, counted from the modules.
        int64_t expected = 0;
        for (const auto& p : base->layers[2]->parameters())
            expected += p.numel();
        for (const auto& p : base->finalNorm->parameters())
            expected += p.numel();
        expected += 2 * base->config().d_model + 2; // head: (2, d_model) weight and 2 biases
        QCOMPARE(result.trainableParameters, expected);

        const nlohmann::json report = util::readJsonFile(dir.filePath("classification.json").toStdString());
        for (const char* split : {"validation", "test"}) {
            int64_t sum = 0, diagonal = 0;
            const auto confusion = report[split]["confusion"].get<finetune::ConfusionMatrix>();
            for (size_t i = 0; i < confusion.size(); ++i)
                for (size_t j = 0; j < confusion[i].size(); ++j) {
                    sum += confusion[i][j];
                    diagonal += i == j ? confusion[i][j] : 0;
                }
            QCOMPARE(sum, report[split]["n"].get<int64_t>());
            QCOMPARE(sum, int64_t(8));
            QCOMPARE(report[split]["accuracy"].get<double>(), double(diagonal) / double(sum));
        }
        bool sawClassification = false, sawStepAccuracy = false, sawValAccuracy = false;
        for (const auto& e : events) {
            sawClassification |= e["event"] == "classification";
            sawStepAccuracy |= e["event"] == "step" && e["metrics"].contains("accuracy");
            sawValAccuracy |= e["event"] == "eval" && e["metrics"].contains("val_accuracy");
        }
        QVERIFY(sawClassification && sawStepAccuracy && sawValAccuracy);
        QVERIFY(QFile::exists(dir.filePath("classifier/head.safetensors")));
        QVERIFY(QFile::exists(dir.filePath("classifier/model.ckpt")));

        // The saved model is the trained one, weight for weight; the head loads back with its classes.
        model::Transformer saved =
            train::loadModelForInference(dir.filePath("classifier/model.ckpt").toStdString(), torch::kCPU);
        const auto savedParameters = saved->named_parameters();
        for (const auto& item : base->named_parameters())
            QVERIFY2(torch::equal(savedParameters[item.key()], item.value().detach()), item.key().c_str());
        finetune::Classifier reloaded(saved, 2);
        const auto classes = finetune::loadClassifierHead(dir.filePath("classifier").toStdString(), reloaded);
        QCOMPARE(classes, (std::vector<std::string>{"low", "high"}));
    }

    void tooManyTrainableBlocksIsRefusedByName()
    {
        finetune::Classifier classifier(tinyModel(2), 2);
        try {
            classifier->freezeBase(3);
            QFAIL("3 trainable blocks of 2 were accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("trainable_blocks"), e.what());
        }
    }

    void confusionMatrixOfAHandExample()
    {
        // truth     0 0 1 2 2 2
        // predicted 0 1 1 2 0 2
        // row 0 (true 0): predicted 0 once, 1 once; row 1: 1 once; row 2: 0 once, 2 twice.
        const finetune::ConfusionMatrix m = finetune::confusionMatrix({0, 0, 1, 2, 2, 2}, {0, 1, 1, 2, 0, 2}, 3);
        const finetune::ConfusionMatrix expected = {{1, 1, 0}, {0, 1, 0}, {1, 0, 2}};
        QCOMPARE(m, expected);
        // 4 of 6 on the diagonal.
        QCOMPARE(finetune::accuracyOf(m), 4.0 / 6.0);
        QVERIFY_THROWS_EXCEPTION(Error, finetune::confusionMatrix({0, 3}, {0, 1}, 3));
    }
};

LW_TEST_GUILESS_MAIN(TestClassifier)
#include "test_classifier.moc"

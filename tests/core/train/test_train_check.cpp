// The pretraining pre-flight check (core/train/train_check.h) against numbers worked out
// by hand here: the parameter count and memory of a tiny GPT-2 shape, the checkpoint
// bytes kept, and the findings of a dataset too small, a vocabulary mismatch and a
// schedule that does not fit its run.
#include "trainer_fixture.h"

#include "core/model/transformer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train/train_check.h"
#include "test_registry.h"

#include <QtTest>
#include <fstream>

using namespace lw;

namespace train_check_test {

// GPT-2 shape: vocabulary 64, context 16, 2 layers of width 16 (MLP 64), tied head.
model::ModelConfig tinyShape()
{
    model::ModelConfig m = model::presetConfig("tiny");
    m.family = model::Family::Gpt2;
    m.vocab_size = 64;
    m.context_length = 16;
    m.n_layer = 2;
    m.n_head = 2;
    m.n_kv_head = 0;
    m.d_model = 16;
    m.d_ff = 64;
    m.bias = true;
    m.tie_embeddings = true;
    return m;
}

std::vector<std::string> codesOf(const train::TrainCheckReport& r)
{
    std::vector<std::string> codes;
    for (const auto& f : r.findings)
        codes.push_back(f.code);
    return codes;
}

bool has(const train::TrainCheckReport& r, const std::string& severity, const std::string& code)
{
    for (const auto& f : r.findings)
        if (f.severity == severity && f.code == code)
            return true;
    return false;
}

QString findingsText(const train::TrainCheckReport& r)
{
    return QString::fromStdString(r.toJson()["findings"].dump());
}

} // namespace train_check_test

using namespace train_check_test;

class TestTrainCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { m_fixture.build(); }
    void memoryOfATinyShapeMatchesTheHandCount();
    void checkpointDiskKeepsTheNewestAndTheBest();
    void tooSmallDatasetIsAnError();
    void vocabularyMismatchBothWays();
    void scheduleThatDoesNotFitTheRun();
    void timesRealStepsAndWritesNothing();

private:
    test::TrainerFixture m_fixture;
};

void TestTrainCheck::memoryOfATinyShapeMatchesTheHandCount()
{
    const model::ModelConfig m = tinyShape();
    // wte 64*16 + wpe 16*16; per layer: 2 norms (2*16 each), c_attn 16*48+48, attn c_proj
    // 16*16+16, c_fc 16*64+64, mlp c_proj 64*16+16 = 3280; final norm 32; tied head.
    const int64_t handCount = 64 * 16 + 16 * 16 + 2 * (64 + 816 + 272 + 1088 + 1040) + 32;
    QCOMPARE(handCount, int64_t(7872));
    QCOMPARE(m.parameterCount(), handCount);
    model::Transformer built(m);
    int64_t numel = 0;
    for (const auto& p : built->parameters())
        numel += p.numel();
    QCOMPARE(numel, handCount);

    train::TrainConfig c;
    c.model = m;
    c.batch_size = 2;
    const train::MemoryEstimate e =
        train::estimateTrainingMemory(m, handCount * 4, handCount, c.batch_size, c.effectiveContext(),
                                      train::OutputLogits::everyToken(m));
    QCOMPARE(e.weights, int64_t(7872 * 4));
    QCOMPARE(e.gradients, int64_t(7872 * 4));
    QCOMPARE(e.optimizer, int64_t(7872 * 8));
    // 32 tokens; per token and layer 8*16 + 3*64 = 320 floats, two layers; per token
    // once 2*16 + 64 = 96 floats: (640 + 96) * 4 bytes * 32 tokens.
    QCOMPARE(e.activations, int64_t(94208));
    QCOMPARE(e.total(), int64_t(31488 + 31488 + 62976 + 94208));
}

void TestTrainCheck::checkpointDiskKeepsTheNewestAndTheBest()
{
    train::TrainConfig c;
    c.model = tinyShape();
    c.max_steps = 100;
    c.checkpoint_every = 30; // steps 30, 60, 90 and the final 100: four written
    c.keep_checkpoints = 3;
    c.eval_every = 10;
    QCOMPARE(train::pretrainingCheckpointBytes(c, 7872, true), int64_t(3 * 7872 * 12 + 7872 * 4));
    QCOMPARE(train::pretrainingCheckpointBytes(c, 7872, false), int64_t(3 * 7872 * 12));
    c.keep_checkpoints = 10;
    QCOMPARE(train::pretrainingCheckpointBytes(c, 7872, false), int64_t(4 * 7872 * 12));
    c.checkpoint_every = 0; // only at the end
    QCOMPARE(train::pretrainingCheckpointBytes(c, 7872, false), int64_t(7872 * 12));
}

void TestTrainCheck::tooSmallDatasetIsAnError()
{
    // Two short sentences, tokenised with the fixture's tokenizer: fewer tokens than one
    // sequence of the tiny preset's context.
    const std::string text = m_fixture.dir.filePath("short.txt").toStdString();
    std::ofstream(text) << "I had always thought Jack Gisburn rather a cheap genius.\n\nHe was a good fellow.\n";
    auto tok = tokenizer::loadTokenizer(m_fixture.dir.filePath("tokenizer").toStdString());
    data::PrepareOptions prepare;
    prepare.inputs = {text};
    prepare.outputDir = m_fixture.dir.filePath("short").toStdString();
    prepare.valFraction = 0.1;
    const data::DatasetInfo info = data::prepareTextDataset(prepare, *tok);
    train::TrainConfig c = m_fixture.config(50);
    c.dataset = info.dir;
    QVERIFY(info.trainTokens < c.effectiveContext() + 1);
    const train::TrainCheckReport r = train::checkTraining(c);
    QVERIFY2(has(r, "error", "dataset_too_small"), qPrintable(findingsText(r)));
    QVERIFY(r.blocking());
    QCOMPARE(r.secondsPerStep, 0.0); // nothing to time
    QCOMPARE(r.trainTokens, info.trainTokens);
}

void TestTrainCheck::vocabularyMismatchBothWays()
{
    train::TrainConfig c = m_fixture.config(50);
    const data::DatasetInfo info = data::loadDataset(c.dataset);
    c.model.vocab_size = info.vocabSize - 1;
    train::TrainCheckReport r = train::inspectTraining(c, info);
    QVERIFY2(has(r, "error", "vocabulary_too_small"), qPrintable(findingsText(r)));
    QVERIFY(r.blocking());

    c.model.vocab_size = info.vocabSize * 4;
    r = train::inspectTraining(c, info);
    QVERIFY2(has(r, "warning", "vocabulary_unused"), qPrintable(findingsText(r)));
    QVERIFY(!r.blocking());
    const std::string unusedRows = std::to_string(info.vocabSize * 3) + " embedding rows";
    QVERIFY(r.toJson()["findings"].dump().find(unusedRows) != std::string::npos);

    c.model.vocab_size = info.vocabSize;
    r = train::inspectTraining(c, info);
    QVERIFY(!has(r, "error", "vocabulary_too_small") && !has(r, "warning", "vocabulary_unused"));
}

void TestTrainCheck::scheduleThatDoesNotFitTheRun()
{
    train::TrainConfig c = m_fixture.config(5);
    const data::DatasetInfo info = data::loadDataset(c.dataset);
    c.warmup_steps = 10;
    c.checkpoint_every = 50;
    c.learning_rate = 1.0;
    train::TrainCheckReport r = train::inspectTraining(c, info);
    QVERIFY2(has(r, "warning", "warmup_longer_than_run"), qPrintable(findingsText(r)));
    QVERIFY(has(r, "warning", "checkpoint_interval"));
    QVERIFY(has(r, "warning", "learning_rate"));
    QVERIFY(!r.blocking());
    // epochs = steps * batch * context / training tokens
    QCOMPARE(r.epochs, 5.0 * 8 * double(c.effectiveContext()) / double(info.trainTokens));

    c.max_steps = int64_t(std::ceil(25.0 * double(info.trainTokens) / double(c.tokensPerStep())));
    c.warmup_steps = 0;
    c.checkpoint_every = 0;
    c.learning_rate = train::usualPretrainingLearningRates(c.model.parameterCount()).first;
    r = train::inspectTraining(c, info);
    QVERIFY2(has(r, "warning", "many_epochs"), qPrintable(findingsText(r)));
    QVERIFY(!has(r, "warning", "learning_rate") && !has(r, "warning", "warmup_longer_than_run"));
}

void TestTrainCheck::timesRealStepsAndWritesNothing()
{
    train::TrainConfig c = m_fixture.config(40);
    const auto before = codesOf(train::inspectTraining(c, data::loadDataset(c.dataset)));
    const QDir datasetDir(QString::fromStdString(c.dataset));
    const QStringList filesBefore = datasetDir.entryList(QDir::Files);
    const train::TrainCheckReport r = train::checkTraining(c, {}, 2);
    QCOMPARE(codesOf(r), before);
    QVERIFY(r.secondsPerStep > 0);
    QCOMPARE(r.totalSeconds, r.secondsPerStep * 40);
    QCOMPARE(r.memory.weights, c.model.parameterCount() * 4);
    QCOMPARE(datasetDir.entryList(QDir::Files), filesBefore);
    const std::string text = r.text();
    QVERIFY(text.find("per step (measured)") != std::string::npos);
}

LW_TEST_GUILESS_MAIN(TestTrainCheck)
#include "test_train_check.moc"

// The findings of a classification fine-tune's check on rows made here (no model
// needed): a class without training rows, one without validation rows, classes ten
// times apart, and texts cut by the context, with the counts worked out by hand.
#include "core/finetune/classification_check.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;

namespace classification_check_test {

// `labels` in file order; rows listed in `train` and `val` are split that way.
finetune::ClassificationData craftedRows(const std::vector<std::string>& classes, const std::vector<int64_t>& labels,
                                         size_t trainCount, int64_t truncated)
{
    finetune::ClassificationData d;
    d.data.classes = classes;
    for (int64_t label : labels)
        d.data.rows.push_back({{1, 2, 3}, label});
    d.data.truncatedRows = truncated;
    for (size_t r = 0; r < labels.size(); ++r)
        (r < trainCount ? d.trainRows : d.valRows).push_back(r);
    return d;
}

const train::CheckFinding* findingOf(const finetune::ClassificationCheckReport& r, const std::string& code)
{
    for (const auto& f : r.findings)
        if (f.code == code)
            return &f;
    return nullptr;
}

} // namespace classification_check_test

using namespace classification_check_test;

class TestClassificationCheck : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void balancedRowsHaveNoFinding();
    void missingAndImbalancedClasses();
    void memoryCountsOneScorePerClassAndRow();
};

void TestClassificationCheck::balancedRowsHaveNoFinding()
{
    std::vector<int64_t> labels;
    for (int i = 0; i < 24; ++i)
        labels.push_back(i % 2);
    finetune::ClassificationCheckReport r;
    finetune::inspectClassificationRows(r, craftedRows({"ham", "spam"}, labels, 20, 0), 64);
    QVERIFY2(r.findings.empty(), r.toJson()["findings"].dump().c_str());
    QCOMPARE(r.trainRowsPerClass, (std::vector<int64_t>{10, 10}));
    QCOMPARE(r.valRowsPerClass, (std::vector<int64_t>{2, 2}));
}

void TestClassificationCheck::missingAndImbalancedClasses()
{
    // Training: 30 ham, 2 spam, no eggs. Validation: 3 ham only. 4 texts cut.
    std::vector<int64_t> labels(30, 0);
    labels.push_back(1);
    labels.push_back(1);
    labels.insert(labels.end(), 3, 0);
    finetune::ClassificationCheckReport r;
    finetune::inspectClassificationRows(r, craftedRows({"ham", "spam", "eggs"}, labels, 32, 4), 64);
    QCOMPARE(r.trainRows, int64_t(32));
    QCOMPARE(r.valRows, int64_t(3));
    QCOMPARE(r.trainRowsPerClass, (std::vector<int64_t>{30, 2, 0}));
    QCOMPARE(r.valRowsPerClass, (std::vector<int64_t>{3, 0, 0}));
    QVERIFY(r.blocking());
    const train::CheckFinding* noTrain = findingOf(r, "class_without_train_rows");
    QVERIFY(noTrain && noTrain->severity == "error");
    QVERIFY2(noTrain->message.find("\"eggs\"") != std::string::npos, noTrain->message.c_str());
    QVERIFY(noTrain->message.find("\"spam\"") == std::string::npos);
    const train::CheckFinding* noVal = findingOf(r, "class_without_val_rows");
    QVERIFY(noVal && noVal->severity == "warning");
    QVERIFY2(noVal->message.find("\"spam\", \"eggs\"") != std::string::npos, noVal->message.c_str());
    // The smallest class with rows is spam (2); ham's 30 is over ten times that, and
    // always answering ham is right on 30 of 32 rows: 93.75%, written to 3 digits.
    const train::CheckFinding* imbalance = findingOf(r, "imbalanced_classes");
    QVERIFY(imbalance && imbalance->severity == "warning");
    QVERIFY2(imbalance->message.find("93.8%") != std::string::npos, imbalance->message.c_str());
    const train::CheckFinding* cut = findingOf(r, "truncated");
    QVERIFY(cut && cut->message.find("4 of 35 texts") != std::string::npos);
}

void TestClassificationCheck::memoryCountsOneScorePerClassAndRow()
{
    // A GPT-2 shape of 2 layers, d_model 64 (ff 256), a vocabulary of 1000; batches of 4
    // rows of 32 tokens; 3 classes; 10,000 parameters of which 2,000 train.
    model::ModelConfig m;
    m.family = model::Family::Gpt2;
    m.n_layer = 2;
    m.n_head = 4;
    m.d_model = 64;
    m.vocab_size = 1000;
    m.context_length = 32;
    const train::MemoryEstimate e = finetune::classificationTrainingMemory(m, 10000, 2000, 4, 32, 3);
    QCOMPARE(e.weights, int64_t(40000));   // 10,000 x 4 bytes
    QCOMPARE(e.gradients, int64_t(8000));  // 2,000 x 4
    QCOMPARE(e.optimizer, int64_t(16000)); // 2,000 x 8
    // 128 tokens: 128 x 2 layers x (8 x 64 + 3 x 256) x 4 = 1,310,720 for the blocks,
    // 128 x 2 x 64 x 4 = 65,536 for the final norm, and the head's 4 rows x 3 classes x 4
    // = 48 (not 128 tokens x 1000 vocabulary x 4 = 512,000 for a language model's logits).
    QCOMPARE(e.activations, int64_t(1376304));
    QCOMPARE(e.total(), int64_t(1440304));
}

LW_TEST_GUILESS_MAIN(TestClassificationCheck)
#include "test_classification_check.moc"

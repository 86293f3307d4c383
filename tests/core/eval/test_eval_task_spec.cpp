// Task specs as `llmwb train --eval-task` and `llmwb eval scrub` take them.
#include "core/eval/eval_task_spec.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;

class TestEvalTaskSpec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesTaskAndSettings();
    void metricPrefixNamesTheData();
    void badSpecsAreRefused_data();
    void badSpecsAreRefused();
};

void TestEvalTaskSpec::parsesTaskAndSettings()
{
    const auto spec = eval::parseEvalTaskSpec("mc: data=/tmp/q.csv, shots=5,limit=100");
    QCOMPARE(spec.task, std::string("mc"));
    QCOMPARE(spec.options.size(), size_t(3));
    QCOMPARE(spec.option("data"), std::string("/tmp/q.csv"));
    QCOMPARE(spec.intOption("shots", 0), int64_t(5));
    QCOMPARE(spec.intOption("seed", 1234), int64_t(1234));
    QCOMPARE(spec.option("layout", "auto"), std::string("auto"));
    const auto ppl = eval::parseEvalTaskSpec("perplexity:dataset=stories");
    QCOMPARE(ppl.option("dataset"), std::string("stories"));
}

void TestEvalTaskSpec::metricPrefixNamesTheData()
{
    QCOMPARE(eval::parseEvalTaskSpec("mc:data=/d/mmlu_physics.csv").metricPrefix(), std::string("eval/mc/mmlu_physics"));
    QCOMPARE(eval::parseEvalTaskSpec("perplexity:dataset=stories").metricPrefix(),
             std::string("eval/perplexity/stories"));
}

void TestEvalTaskSpec::badSpecsAreRefused_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("named");
    QTest::newRow("unknown task") << "bleu:data=x" << "unknown task 'bleu'";
    QTest::newRow("no data") << "mc:shots=3" << "give exactly one of data";
    QTest::newRow("two data") << "perplexity:dataset=a,text-file=b" << "give exactly one of dataset or text-file";
    QTest::newRow("unknown setting") << "mc:data=x,temperature=1" << "no setting 'temperature'";
    QTest::newRow("not a pair") << "mc:data=x,shots" << "'shots' is not key=value";
    QTest::newRow("empty value") << "mc:data=" << "'data=' is not key=value";
    QTest::newRow("twice") << "mc:data=x,data=y" << "data is given twice";
}

void TestEvalTaskSpec::badSpecsAreRefused()
{
    QFETCH(QString, spec);
    QFETCH(QString, named);
    try {
        eval::parseEvalTaskSpec(spec.toStdString());
        QFAIL("accepted");
    } catch (const lw::Error& e) {
        QVERIFY2(QString(e.what()).contains(named), e.what());
        QVERIFY2(QString(e.what()).contains(spec), e.what());
    }
    // A non-integer integer setting is found when it is read.
    const auto spec2 = eval::parseEvalTaskSpec("mc:data=x,shots=five");
    QVERIFY_THROWS_EXCEPTION(lw::Error, spec2.intOption("shots", 0));
}

LW_TEST_GUILESS_MAIN(TestEvalTaskSpec)
#include "test_eval_task_spec.moc"

// Merge options: each bad value is refused with the field it is in, the stored JSON form
// reads back to the same options, and each method's defaults are mergekit's
// (merge_methods/registry.py there: only linear and ties normalise, only DARE rescales).
#include "core/merge/merge_options.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;

namespace {

// The message of the lw::Error that validate throws, or "" when it accepts.
QString validationError(const merge::MergeOptions& options, const std::vector<merge::MergeWeights>& models,
                        bool hasBase)
{
    try {
        options.validate(models, hasBase, {"alpha", "beta", "gamma"});
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

merge::MergeOptions withMethod(const char* method)
{
    merge::MergeOptions o;
    o.method = method;
    return o;
}

} // namespace

class TestMergeOptions : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void badValuesNameTheirField_data();
    void badValuesNameTheirField();
    void goodSetupsAreAccepted();
    void jsonRoundTrip();
    void badJsonNamesTheField_data();
    void badJsonNamesTheField();
    void defaultsAreMergekits();
};

void TestMergeOptions::badValuesNameTheirField_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<double>("t");
    QTest::addColumn<double>("density");
    QTest::addColumn<int>("models");
    QTest::addColumn<bool>("hasBase");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown method") << "frankenmerge" << 0.5 << 1.0 << 2 << false << "method: unknown merge method";
    QTest::newRow("t below 0") << "slerp" << -0.1 << 1.0 << 2 << false << "t: must lie in [0, 1]";
    QTest::newRow("t above 1") << "slerp" << 1.5 << 1.0 << 2 << false << "t: must lie in [0, 1]";
    QTest::newRow("density 0") << "ties" << 0.5 << 0.0 << 2 << true << "alpha.density: must lie in (0, 1]";
    QTest::newRow("density above 1") << "dare_linear" << 0.5 << 1.2 << 2 << true << "alpha.density";
    QTest::newRow("slerp of three") << "slerp" << 0.5 << 1.0 << 3 << false << "models: slerp merges exactly two";
    QTest::newRow("slerp of one") << "slerp" << 0.5 << 1.0 << 1 << false << "models: slerp merges exactly two";
    QTest::newRow("ties without base") << "ties" << 0.5 << 0.5 << 2 << false << "base: ties needs a base model";
    QTest::newRow("dare without base") << "dare_ties" << 0.5 << 0.5 << 2 << false << "base: dare_ties needs";
    QTest::newRow("task arithmetic without base") << "task_arithmetic" << 0.5 << 1.0 << 2 << false << "base:";
    QTest::newRow("linear with base") << "linear" << 0.5 << 1.0 << 2 << true << "base: linear does not use";
    QTest::newRow("no models") << "linear" << 0.5 << 1.0 << 0 << false << "models: no model";
}

void TestMergeOptions::badValuesNameTheirField()
{
    QFETCH(QString, method);
    QFETCH(double, t);
    QFETCH(double, density);
    QFETCH(int, models);
    QFETCH(bool, hasBase);
    QFETCH(QString, field);
    merge::MergeOptions options;
    options.method = method.toStdString();
    options.t = t;
    std::vector<merge::MergeWeights> weights(static_cast<size_t>(models), {1.0, density});
    const QString message = validationError(options, weights, hasBase);
    QVERIFY2(message.startsWith(field), qPrintable(message));
}

void TestMergeOptions::goodSetupsAreAccepted()
{
    const std::vector<merge::MergeWeights> two = {{0.5, 0.3}, {0.5, 1.0}};
    QCOMPARE(validationError(withMethod("linear"), two, false), QString());
    QCOMPARE(validationError(withMethod("slerp"), two, false), QString());
    for (const char* method : {"task_arithmetic", "ties", "dare_linear", "dare_ties"})
        QCOMPARE(validationError(withMethod(method), two, true), QString());
    // Weights summing to 0 cannot be normalised, but can be added as they are.
    merge::MergeOptions linear = withMethod("linear");
    const std::vector<merge::MergeWeights> cancelling = {{1.0, 1.0}, {-1.0, 1.0}};
    QVERIFY(validationError(linear, cancelling, false).startsWith("models: the weights sum to 0"));
    linear.normalize = false;
    QCOMPARE(validationError(linear, cancelling, false), QString());
    merge::MergeOptions nanLambda = withMethod("task_arithmetic");
    nanLambda.lambda = std::nan("");
    QVERIFY(validationError(nanLambda, two, true).startsWith("lambda:"));
}

void TestMergeOptions::jsonRoundTrip()
{
    merge::MergeOptions options;
    options.method = "dare_ties";
    options.t = 0.25;
    options.lambda = 1.5;
    options.normalize = true;
    options.seed = 18446744073709551615ull;
    options.baseIndex = 2;
    const nlohmann::json stored = nlohmann::json::parse(options.toJson().dump());
    const merge::MergeOptions back = merge::MergeOptions::fromJson(stored);
    QCOMPARE(back.method, options.method);
    QCOMPARE(back.t, options.t);
    QCOMPARE(back.lambda, options.lambda);
    QCOMPARE(back.normalize, options.normalize);
    QVERIFY(!back.rescale.has_value()); // stored as null: still the method's default
    QCOMPARE(back.seed, options.seed);
    QCOMPARE(back.baseIndex, options.baseIndex);
    QCOMPARE(back.toJson(), options.toJson());

    const merge::MergeWeights weights{0.75, 0.4};
    const merge::MergeWeights weightsBack = merge::MergeWeights::fromJson(weights.toJson());
    QCOMPARE(weightsBack.weight, weights.weight);
    QCOMPARE(weightsBack.density, weights.density);
}

void TestMergeOptions::badJsonNamesTheField_data()
{
    QTest::addColumn<QString>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("unknown key") << R"({"method": "ties", "densty": 0.5})" << "merge.densty: unknown field";
    QTest::newRow("method not a string") << R"({"method": 3})" << "merge.method: expected a string";
    QTest::newRow("unknown method") << R"({"method": "average"})" << "method: unknown merge method 'average'";
    QTest::newRow("t a string") << R"({"t": "half"})" << "merge.t: expected a number";
    QTest::newRow("negative seed") << R"({"seed": -1})" << "merge.seed: expected a non-negative integer";
    QTest::newRow("normalize a number") << R"({"normalize": 1})" << "merge.normalize: expected true or false";
    QTest::newRow("negative base") << R"({"base": -2})" << "merge.base: expected a non-negative integer";
    QTest::newRow("not an object") << R"([1, 2])" << "merge: expected a JSON object";
}

void TestMergeOptions::badJsonNamesTheField()
{
    QFETCH(QString, json);
    QFETCH(QString, field);
    try {
        merge::MergeOptions::fromJson(nlohmann::json::parse(json.toStdString()));
    } catch (const Error& e) {
        QVERIFY2(QString(e.what()).startsWith(field), e.what());
        return;
    }
    QFAIL("accepted");
}

void TestMergeOptions::defaultsAreMergekits()
{
    struct Row {
        const char* method;
        bool normalize, rescale;
    };
    for (const Row& row : {Row{"linear", true, false}, Row{"task_arithmetic", false, false}, Row{"ties", true, false},
                           Row{"dare_linear", false, true}, Row{"dare_ties", false, true}}) {
        const merge::MergeOptions options = withMethod(row.method);
        QCOMPARE(options.normalizeOrDefault(), row.normalize);
        QCOMPARE(options.rescaleOrDefault(), row.rescale);
        QCOMPARE(merge::methodName(merge::parseMethod(row.method)), std::string(row.method));
    }
}

LW_TEST_GUILESS_MAIN(TestMergeOptions)
#include "test_merge_options.moc"

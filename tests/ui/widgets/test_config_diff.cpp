// Config diff: flattening nested JSON into keys, and the model marking exactly the keys
// whose values differ between runs (a key missing from a run included).
#include "ui/widgets/config_diff_view.h"
#include "ui/widgets/flatten_json.h"
#include "test_registry.h"

#include <QCheckBox>
#include <QTableView>
#include <QtTest>

using lw::ui::ConfigDiffModel;
using lw::ui::flattenJson;
using Json = nlohmann::json;
using Flat = std::map<std::string, std::string>;

Q_DECLARE_METATYPE(Json)
Q_DECLARE_METATYPE(Flat)

class TestConfigDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void flattensJson_data();
    void flattensJson();
    void marksExactlyTheDifferingKeys();
    void showsOnlyDifferencesWhenAsked();
    void viewCheckboxFiltersRows();
};

void TestConfigDiff::flattensJson_data()
{
    QTest::addColumn<Json>("json");
    QTest::addColumn<Flat>("flat");
    QTest::newRow("nested objects") << Json{{"model", {{"n_layer", 4}, {"d_model", 128}}}, {"lr", 0.5}}
                                    << Flat{{"lr", "0.5"}, {"model.d_model", "128"}, {"model.n_layer", "4"}};
    QTest::newRow("strings lose their quotes, bools and null stay")
        << Json{{"name", "gpt"}, {"shuffle", true}, {"resume", nullptr}}
        << Flat{{"name", "gpt"}, {"resume", "null"}, {"shuffle", "true"}};
    QTest::newRow("plain arrays are one value")
        << Json{{"betas", {0.9, 0.95}}} << Flat{{"betas", "[0.9,0.95]"}};
    QTest::newRow("arrays of objects are indexed")
        << Json{{"layers", Json::array({{{"d_ff", 512}}, {{"d_ff", 1024}}})}}
        << Flat{{"layers[0].d_ff", "512"}, {"layers[1].d_ff", "1024"}};
    QTest::newRow("empty containers keep their key")
        << Json{{"extra", Json::object()}, {"files", Json::array()}}
        << Flat{{"extra", "{}"}, {"files", "[]"}};
    QTest::newRow("an empty config has no keys") << Json::object() << Flat{};
}

void TestConfigDiff::flattensJson()
{
    QFETCH(Json, json);
    QFETCH(Flat, flat);
    QCOMPARE(flattenJson(json), flat);
}

namespace {

QVector<ConfigDiffModel::RunConfig> threeRuns()
{
    const Json a = {{"model", {{"n_layer", 4}, {"n_head", 4}}}, {"lr", 6e-4}, {"seed", 1}};
    const Json b = {{"model", {{"n_layer", 6}, {"n_head", 4}}}, {"lr", 6e-4}, {"seed", 1}};
    const Json c = {{"model", {{"n_layer", 4}, {"n_head", 4}}}, {"lr", 6e-4}, {"seed", 1},
        {"dropout", 0.1}};
    return {{"#1 a", flattenJson(a)}, {"#2 b", flattenJson(b)}, {"#3 c", flattenJson(c)}};
}

} // namespace

void TestConfigDiff::marksExactlyTheDifferingKeys()
{
    ConfigDiffModel model;
    model.setRuns(threeRuns());
    QCOMPARE(model.columnCount(), 4); // key + 3 runs
    QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QString("#2 b"));
    QCOMPARE(model.totalKeyCount(), 5);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.differingKeys(), QStringList({"dropout", "model.n_layer"}));
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString key = model.index(row, 0).data().toString();
        const bool differs = key == "dropout" || key == "model.n_layer";
        QCOMPARE(model.index(row, 1).data(ConfigDiffModel::DiffersRole).toBool(), differs);
        QCOMPARE(model.index(row, 1).data(Qt::BackgroundRole).isValid(), differs);
        if (key == "model.n_layer") {
            QCOMPARE(model.index(row, 1).data().toString(), QString("4"));
            QCOMPARE(model.index(row, 2).data().toString(), QString("6"));
        }
        if (key == "dropout") {
            QCOMPARE(model.index(row, 1).data().toString(), QString("—")); // not set
            QCOMPARE(model.index(row, 3).data().toString(), QString("0.1"));
        }
    }
}

void TestConfigDiff::showsOnlyDifferencesWhenAsked()
{
    ConfigDiffModel model;
    model.setRuns(threeRuns());
    model.setOnlyDifferences(true);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.keyAt(0), QString("dropout"));
    QCOMPARE(model.keyAt(1), QString("model.n_layer"));
    model.setOnlyDifferences(false);
    QCOMPARE(model.rowCount(), 5);

    // One run: nothing differs.
    model.setRuns({threeRuns().first()});
    QVERIFY(model.differingKeys().isEmpty());
}

void TestConfigDiff::viewCheckboxFiltersRows()
{
    lw::ui::ConfigDiffView view;
    view.resize(600, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setRuns(threeRuns());
    QCOMPARE(view.table()->model()->rowCount(), 5);
    QCheckBox* box = view.onlyDifferencesBox();
    QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(8, box->height() / 2));
    QVERIFY(box->isChecked());
    QCOMPARE(view.table()->model()->rowCount(), 2);
}

LW_TEST_MAIN(TestConfigDiff)
#include "test_config_diff.moc"

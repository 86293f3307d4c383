// The chain from a dataset back to its import, read off a real store: token set to
// records version to parents, and the two ways a store can be damaged (a version deleted
// under a child, a loop of parents) end the chain instead of failing or looping.
#include "core/records/dataset_lineage.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;
using namespace lw::records;

namespace {

int64_t addDataset(store::Store& store, const std::string& name, const std::string& kind, nlohmann::json meta)
{
    store::DatasetRecord r;
    r.name = name;
    r.kind = kind;
    r.path = "datasets/" + name;
    r.meta = std::move(meta);
    return store.registerDataset(r);
}

QStringList names(const std::vector<LineageEntry>& lineage)
{
    QStringList out;
    for (const auto& e : lineage)
        out << QString::fromStdString(e.name) + (e.missing ? "?" : "");
    return out;
}

} // namespace

class TestDatasetLineage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tokenSetLeadsBackToTheImport();
    void deletedParentEndsTheChainMarkedMissing();
    void loopOfParentsStops();
    void unknownDatasetHasNoLineage();
};

void TestDatasetLineage::tokenSetLeadsBackToTheImport()
{
    QTemporaryDir dir;
    store::Store store(dir.filePath("store.db").toStdString());
    addDataset(store, "raw", "records", {{"parent", nullptr}, {"records_sha256", "aa"}});
    addDataset(store, "clean", "records", {{"parent", "raw"}, {"records_sha256", "bb"}});
    const int64_t tokens = addDataset(store, "clean-tokens", "text", {{"records_version", "clean"}, {"records_sha256", "bb"}});
    const auto lineage = datasetLineage(store, tokens);
    QCOMPARE(names(lineage), QStringList({"clean-tokens", "clean", "raw"}));
    QCOMPARE(lineage[0].kind, std::string("text"));
    QCOMPARE(lineage[1].recordsSha256, std::string("bb"));
    QCOMPARE(lineage[2].recordsSha256, std::string("aa"));
    const auto json = lineageJson(lineage);
    QCOMPARE(json.size(), size_t(3));
    QCOMPARE(json[2]["name"].get<std::string>(), std::string("raw"));
    QCOMPARE(json[2]["missing"].get<bool>(), false);
}

void TestDatasetLineage::deletedParentEndsTheChainMarkedMissing()
{
    QTemporaryDir dir;
    store::Store store(dir.filePath("store.db").toStdString());
    const int64_t child = addDataset(store, "child", "records", {{"parent", "gone"}, {"records_sha256", "cc"}});
    const auto lineage = datasetLineage(store, child);
    QCOMPARE(names(lineage), QStringList({"child", "gone?"}));
    QVERIFY(lineage[1].kind.empty());
}

void TestDatasetLineage::loopOfParentsStops()
{
    QTemporaryDir dir;
    store::Store store(dir.filePath("store.db").toStdString());
    const int64_t a = addDataset(store, "a", "records", {{"parent", "b"}});
    addDataset(store, "b", "records", {{"parent", "a"}});
    QCOMPARE(names(datasetLineage(store, a)), QStringList({"a", "b"}));
}

void TestDatasetLineage::unknownDatasetHasNoLineage()
{
    QTemporaryDir dir;
    store::Store store(dir.filePath("store.db").toStdString());
    QVERIFY(datasetLineage(store, 42).empty());
}

LW_TEST_GUILESS_MAIN(TestDatasetLineage)
#include "test_dataset_lineage.moc"

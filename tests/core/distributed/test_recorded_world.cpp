// Each session of a run appends its world (processes, hosts, the ranks' seeds) to the
// run's world.json; a resume reads the last one back, and a damaged file is named.
#include "core/train/run_plan.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "test_registry.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lw;

namespace {

void writeWorldFile(const QTemporaryDir& dir, const nlohmann::json& sessions)
{
    util::writeJsonFileAtomic(dir.filePath("world.json").toStdString(), sessions);
}

std::string recordedWorldError(const QTemporaryDir& dir)
{
    try {
        train::lastRunWorld(dir.path().toStdString());
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestRecordedWorld : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aRunWithoutTheFileHasNoRecordedWorld()
    {
        QTemporaryDir dir;
        QVERIFY(!train::lastRunWorld(dir.path().toStdString()));
    }

    void aOneProcessSessionIsRecordedWithItsSeed()
    {
        QTemporaryDir dir;
        const std::string runDir = dir.path().toStdString();
        train::recordRunWorld(runDir, nullptr, 0, 99);
        const nlohmann::json second = train::recordRunWorld(runDir, nullptr, 12, 99);
        QCOMPARE(second["from_step"].get<int64_t>(), int64_t(12));
        QCOMPARE(second["rank_seeds"], nlohmann::json::array({99}));
        QCOMPARE(util::readJsonFile(runDir + "/world.json").size(), size_t(2));
        const auto world = train::lastRunWorld(runDir);
        QVERIFY(world);
        QCOMPARE(world->worldSize, 1);
        QCOMPARE(world->machines(), 1);
    }

    // The last session counts: a run resumed on 2 processes of one host, then of two hosts.
    void theLastSessionGivesProcessesAndMachines()
    {
        QTemporaryDir dir;
        nlohmann::json sessions = nlohmann::json::array();
        sessions.push_back({{"from_step", 0}, {"world_size", 1}, {"hosts", nlohmann::json::array()}});
        sessions.push_back({{"from_step", 10}, {"world_size", 2}, {"hosts", {"alpha", "alpha"}}});
        writeWorldFile(dir, sessions);
        auto world = train::lastRunWorld(dir.path().toStdString());
        QCOMPARE(world->worldSize, 2);
        QCOMPARE(world->machines(), 1);
        sessions.push_back({{"from_step", 20}, {"world_size", 4}, {"hosts", {"alpha", "alpha", "beta", "beta"}}});
        writeWorldFile(dir, sessions);
        world = train::lastRunWorld(dir.path().toStdString());
        QCOMPARE(world->worldSize, 4);
        QCOMPARE(world->machines(), 2);
    }

    void aDamagedFileIsNamed()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("world.json").toStdString();
        writeWorldFile(dir, {{"world_size", 2}});
        QVERIFY(recordedWorldError(dir).find(path + ": expected a JSON array") != std::string::npos);
        writeWorldFile(dir, nlohmann::json::array({{{"world_size", "two"}}}));
        QVERIFY(recordedWorldError(dir).find("no integer world_size") != std::string::npos);
        writeWorldFile(dir, nlohmann::json::array({{{"world_size", 0}}}));
        QVERIFY(recordedWorldError(dir).find("out of range") != std::string::npos);
        writeWorldFile(dir, nlohmann::json::array({{{"world_size", 2}, {"hosts", {"alpha"}}}}));
        QVERIFY(recordedWorldError(dir).find("one host per rank") != std::string::npos);
    }
};

LW_TEST_GUILESS_MAIN(TestRecordedWorld)
#include "test_recorded_world.moc"

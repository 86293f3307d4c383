// The rendezvous settings come from the environment as torchrun and Slurm set them;
// partial or malformed settings are refused naming the variable.
#include "core/distributed/world_info.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <map>

using namespace lw;

namespace {

distributed::EnvironmentLookup lookupIn(const std::map<std::string, std::string>& vars)
{
    return [vars](const char* name) -> const char* {
        auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    };
}

std::string worldError(const std::map<std::string, std::string>& vars)
{
    try {
        distributed::worldFromEnvironment(lookupIn(vars));
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class TestWorldInfo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void noVariablesIsOneProcess()
    {
        QVERIFY(!distributed::worldFromEnvironment(lookupIn({{"HOME", "/root"}})));
    }

    void torchrunVariables()
    {
        auto w = distributed::worldFromEnvironment(lookupIn({{"RANK", "3"},
                                                             {"LOCAL_RANK", "1"},
                                                             {"WORLD_SIZE", "4"},
                                                             {"LOCAL_WORLD_SIZE", "2"},
                                                             {"MASTER_ADDR", "10.0.0.7"},
                                                             {"MASTER_PORT", "29511"}}));
        QVERIFY(w);
        QCOMPARE(w->rank, 3);
        QCOMPARE(w->localRank, 1);
        QCOMPARE(w->worldSize, 4);
        QCOMPARE(w->localWorldSize, 2);
        QCOMPARE(w->masterAddr, std::string("10.0.0.7"));
        QCOMPARE(w->masterPort, 29511);
        QCOMPARE(w->launcher, std::string("torchrun"));
        // What the launcher hands its workers reads back as the same world.
        std::map<std::string, std::string> back;
        for (const auto& [k, v] : distributed::torchrunVariables(*w))
            back[k] = v;
        auto again = distributed::worldFromEnvironment(lookupIn(back));
        QCOMPARE(again->rank, 3);
        QCOMPARE(again->localWorldSize, 2);
        QCOMPARE(again->masterPort, 29511);
    }

    // What torch 1.13's torchrun (static rendezvous) gives rank 1 of 2 on its second
    // attempt: its agent serves the store, so the keys of this attempt carry its prefix.
    void torchrunAgentStore()
    {
        std::map<std::string, std::string> vars{{"RANK", "1"},
                                                {"LOCAL_RANK", "1"},
                                                {"WORLD_SIZE", "2"},
                                                {"LOCAL_WORLD_SIZE", "2"},
                                                {"GROUP_RANK", "0"},
                                                {"ROLE_RANK", "1"},
                                                {"ROLE_NAME", "default"},
                                                {"ROLE_WORLD_SIZE", "2"},
                                                {"GROUP_WORLD_SIZE", "1"},
                                                {"MASTER_ADDR", "127.0.0.1"},
                                                {"MASTER_PORT", "29511"},
                                                {"TORCHELASTIC_RESTART_COUNT", "1"},
                                                {"TORCHELASTIC_MAX_RESTARTS", "3"},
                                                {"TORCHELASTIC_RUN_ID", "none"},
                                                {"TORCHELASTIC_USE_AGENT_STORE", "True"}};
        auto w = distributed::worldFromEnvironment(lookupIn(vars));
        QVERIFY(w);
        QCOMPARE(w->rank, 1);
        QVERIFY(w->launcherServesStore);
        QCOMPARE(distributed::storeKeyPrefix(*w), std::string("/worker/attempt_1"));
        // --standalone (c10d rendezvous): rank 0 serves the store, with no prefix.
        vars["TORCHELASTIC_USE_AGENT_STORE"] = "False";
        w = distributed::worldFromEnvironment(lookupIn(vars));
        QVERIFY(!w->launcherServesStore);
        QCOMPARE(distributed::storeKeyPrefix(*w), std::string());
        vars["TORCHELASTIC_USE_AGENT_STORE"] = "True";
        vars.erase("TORCHELASTIC_RESTART_COUNT");
        QVERIFY(worldError(vars).find("TORCHELASTIC_RESTART_COUNT is not set") != std::string::npos);
    }

    void slurmVariables()
    {
        auto w = distributed::worldFromEnvironment(lookupIn({{"SLURM_PROCID", "5"},
                                                             {"SLURM_NTASKS", "8"},
                                                             {"SLURM_LOCALID", "1"},
                                                             {"MASTER_ADDR", "node01"},
                                                             {"MASTER_PORT", "29500"}}));
        QVERIFY(w);
        QCOMPARE(w->rank, 5);
        QCOMPARE(w->worldSize, 8);
        QCOMPARE(w->localRank, 1);
        QCOMPARE(w->launcher, std::string("slurm"));
    }

    void missingOrBadVariablesAreNamed()
    {
        QVERIFY(worldError({{"RANK", "0"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "1"}}).find("WORLD_SIZE is not set") !=
                std::string::npos);
        QVERIFY(worldError({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "1"}}).find("MASTER_ADDR is not set") !=
                std::string::npos);
        QVERIFY(worldError({{"RANK", "2"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "1"}})
                    .find("RANK=2 is not a whole number from 0 to 1") != std::string::npos);
        QVERIFY(worldError({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "70000"}})
                    .find("MASTER_PORT=70000") != std::string::npos);
        QVERIFY(worldError({{"RANK", "x"}, {"WORLD_SIZE", "2"}, {"MASTER_ADDR", "a"}, {"MASTER_PORT", "1"}})
                    .find("RANK=x") != std::string::npos);
        // Slurm without the exported master: says what the batch script must export.
        QVERIFY(worldError({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}}).find("export MASTER_ADDR") !=
                std::string::npos);
    }
};

LW_TEST_GUILESS_MAIN(TestWorldInfo)
#include "test_world_info.moc"

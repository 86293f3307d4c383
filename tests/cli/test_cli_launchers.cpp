// The same llmwb binary started by other launchers joins a run as it does under its own
// --nproc-per-node: through the real torchrun (Debian's python3-torch, `python3 -m
// torch.distributed.run`, whose agent serves the rendezvous store itself), and as two
// tasks of a Slurm step would be (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID with the
// MASTER_ADDR/MASTER_PORT a batch script exports; srun itself is not installed here), and
// as two nodes whose llmwb launchers (--nnodes 2 --node-rank R) meet on one master.
// Each run trains on 2 processes (4 for the two nodes), records that world, and follows
// the one-process loss curve of the same global batch; a rank that fails under torchrun
// has its message in torchrun's failure summary.
#include "distributed_cli_support.h"

#include "test_registry.h"

#include "core/util/free_port.h"

#include <QJsonArray>
#include <QTemporaryDir>

#include <signal.h>
#include <unistd.h>

#include <memory>

using lw::test::CliWorker;
using lw::test::closeLosses;
using lw::test::lossesOf;
using lw::test::runEvent;

namespace {

constexpr int kSteps = 6;
constexpr int kLaunchTimeoutMs = 90000; // torchrun starts Python and torch per rank: slow on a loaded 2-core machine
// The set-up (README) installs python3-torch, so a machine without torchrun fails here.
constexpr const char* kNoTorchrun = "python3 -m torch.distributed.run is not importable (tried python3 on the PATH "
                                    "and /usr/bin/python3): install python3-torch, as packaging/install-deps.sh does";

// The Python that has torch.distributed.run: `python3` on the PATH, else Debian's own
// (a PATH may put another Python first). Empty when neither has it.
QString pythonWithTorchrun()
{
    for (const QString& python : {QStringLiteral("python3"), QStringLiteral("/usr/bin/python3")}) {
        QProcess probe;
        probe.start(python, {"-c", "import torch.distributed.run"});
        if (probe.waitForFinished(20000) && probe.exitStatus() == QProcess::NormalExit && probe.exitCode() == 0)
            return python;
    }
    return {};
}

// A launched process in a session of its own, so that on a time-out the whole group
// (the launcher and the workers it started) is killed, not the launcher alone.
class LaunchedGroup {
public:
    LaunchedGroup(const QString& program, const QStringList& args, const QProcessEnvironment& env)
    {
        m_process.setProcessEnvironment(env);
        m_process.setChildProcessModifier([] { ::setsid(); });
        m_process.start(program, args);
        m_process.waitForStarted(10000);
    }
    ~LaunchedGroup() { killGroup(); }
    LaunchedGroup(const LaunchedGroup&) = delete;
    LaunchedGroup& operator=(const LaunchedGroup&) = delete;

    // Waits until `deadline` (ms since `timer` started); false (and the group killed)
    // when it still runs then.
    bool finish(const QElapsedTimer& timer, qint64 deadline)
    {
        const bool ended = m_process.waitForFinished(int(std::max<qint64>(1, deadline - timer.elapsed())));
        if (!ended)
            killGroup();
        m_out += m_process.readAllStandardOutput();
        m_err += QString::fromUtf8(m_process.readAllStandardError());
        return ended;
    }
    int exitCode() const { return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1; }
    // The JSON-line events among the output, with torchrun's "[default0]:" heads taken
    // off (other lines are skipped).
    QList<QJsonObject> events() const
    {
        QList<QJsonObject> result;
        static const QRegularExpression teeHead(QStringLiteral("^\\[default\\d+\\]:"));
        for (const QByteArray& line : m_out.split('\n')) {
            const QJsonObject e = QJsonDocument::fromJson(QString::fromUtf8(line).remove(teeHead).toUtf8()).object();
            if (!e.isEmpty())
                result.append(e);
        }
        return result;
    }
    const QString& stderrText() const { return m_err; }

private:
    void killGroup()
    {
        const qint64 pid = m_process.processId();
        if (m_process.state() != QProcess::NotRunning && pid > 0) {
            ::kill(-pid_t(pid), SIGKILL);
            m_process.waitForFinished(5000);
        }
    }

    QProcess m_process;
    QByteArray m_out;
    QString m_err;
};

// No launcher variables of the test's own environment leak into the ranks.
QProcessEnvironment cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& name : env.keys())
        if (name.startsWith("SLURM_") || name.startsWith("TORCHELASTIC_") || name == "RANK" || name == "WORLD_SIZE" ||
            name == "LOCAL_RANK" || name == "LOCAL_WORLD_SIZE" || name == "MASTER_ADDR" || name == "MASTER_PORT")
            env.remove(name);
    return env;
}

} // namespace

class TestCliLaunchers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_project = m_dir.filePath("project");
        CliWorker one(trainArgs("single"));
        QCOMPARE(one.finish(120000), 0);
        m_reference = lossesOf(one.events());
        QCOMPARE(int(m_reference.size()), kSteps);
    }

    void torchrunStartsTwoRanks()
    {
        const QString python = torchrunPython();
        QVERIFY2(!python.isEmpty(), kNoTorchrun);
        QElapsedTimer timer;
        timer.start();
        LaunchedGroup torchrun(python, torchrunArgs(lw::util::freeLoopbackPort()) << trainArgs("torchrun"), cleanEnvironment());
        QVERIFY2(torchrun.finish(timer, kLaunchTimeoutMs), "torchrun did not end within 90 s");
        QVERIFY2(torchrun.exitCode() == 0, qPrintable(torchrun.stderrText()));
        checkTwoProcessRun(torchrun.events());
    }

    // A rank that stops with an error writes it where torchrun's agent looks
    // (TORCHELASTIC_ERROR_FILE): its failure summary repeats the rank's own message.
    void torchrunSummaryNamesTheRanksError()
    {
        const QString python = torchrunPython();
        QVERIFY2(!python.isEmpty(), kNoTorchrun);
        QStringList train = trainArgs("refused");
        train[train.indexOf("--n-layer") + 1] = "one";
        QElapsedTimer timer;
        timer.start();
        LaunchedGroup torchrun(python, torchrunArgs(lw::util::freeLoopbackPort()) << train, cleanEnvironment());
        QVERIFY2(torchrun.finish(timer, kLaunchTimeoutMs), "torchrun did not end within 90 s");
        QVERIFY(torchrun.exitCode() != 0);
        const QString err = torchrun.stderrText();
        const auto said = QRegularExpression("llmwb: error: ([^\\n]+)").match(err);
        QVERIFY2(said.hasMatch() && said.captured(1).contains("--n-layer"), qPrintable(err));
        QVERIFY2(err.contains("traceback : " + said.captured(1)), qPrintable(err));
    }

    void slurmTasksJoinLikeSrunStartsThem()
    {
        const int port = lw::util::freeLoopbackPort();
        QVERIFY(port > 0);
        QElapsedTimer timer;
        timer.start();
        std::vector<std::unique_ptr<LaunchedGroup>> tasks;
        for (int rank = 0; rank < 2; ++rank) {
            QProcessEnvironment env = cleanEnvironment();
            env.insert("SLURM_PROCID", QString::number(rank));
            env.insert("SLURM_NTASKS", "2");
            env.insert("SLURM_LOCALID", QString::number(rank));
            env.insert("MASTER_ADDR", "127.0.0.1");
            env.insert("MASTER_PORT", QString::number(port));
            tasks.push_back(std::make_unique<LaunchedGroup>(lw::test::llmwbPath(), trainArgs("slurm"), env));
        }
        for (auto& task : tasks) {
            QVERIFY2(task->finish(timer, kLaunchTimeoutMs), "a Slurm-like task did not end within 90 s");
            QVERIFY2(task->exitCode() == 0, qPrintable(task->stderrText()));
        }
        // Rank 0 alone writes the run and its events.
        QVERIFY(tasks[1]->events().isEmpty());
        checkTwoProcessRun(tasks[0]->events());
    }

    // Two nodes of two processes each, both on this machine: each llmwb launcher starts
    // its node's ranks (RANK = node rank x 2 + local rank) and joins node 0's rendezvous.
    void twoNodeLaunchersJoinOneRunOfFour()
    {
        const int port = lw::util::freeLoopbackPort();
        QVERIFY(port > 0);
        QElapsedTimer timer;
        timer.start();
        std::vector<std::unique_ptr<LaunchedGroup>> nodes;
        for (int node = 0; node < 2; ++node)
            nodes.push_back(std::make_unique<LaunchedGroup>(
                lw::test::llmwbPath(),
                trainArgs("nodes") << "--nproc-per-node" << "2" << "--nnodes" << "2" << "--node-rank"
                                   << QString::number(node) << "--master-addr" << "127.0.0.1" << "--master-port"
                                   << QString::number(port),
                cleanEnvironment()));
        for (auto& node : nodes) {
            QVERIFY2(node->finish(timer, 2 * kLaunchTimeoutMs), "a node's launcher did not end within 180 s");
            QVERIFY2(node->exitCode() == 0, qPrintable(node->stderrText()));
        }
        QVERIFY(nodes[1]->events().isEmpty()); // the run is written by global rank 0 alone
        checkRun(nodes[0]->events(), 4);
    }

private:
    QString torchrunPython()
    {
        if (m_python.isEmpty())
            m_python = pythonWithTorchrun();
        return m_python;
    }

    // torch 1.13 spells its flags with underscores (later versions take both). Without
    // --rdzv_backend the rendezvous is static, its store served by torchrun's agent on
    // the port. --redirects/--tee 1 keep each rank's standard output in a log file too,
    // printed with a "[default<rank>]:" head: Debian 12's torchrun (1.13 on Python 3.11)
    // cannot parse their defaults and stops before it starts a rank. Its agent looks at
    // the ranks every --monitor_interval seconds (5 by default): half a second keeps the
    // test short.
    static QStringList torchrunArgs(int port)
    {
        return {"-m", "torch.distributed.run", "--nproc_per_node", "2", "--no_python", "--redirects", "1",
                "--tee", "1", "--monitor_interval", "0.5", "--master_addr", "127.0.0.1", "--master_port",
                QString::number(port), lw::test::llmwbPath()};
    }

    void checkTwoProcessRun(const QList<QJsonObject>& events) { checkRun(events, 2); }

    void checkRun(const QList<QJsonObject>& events, int worldSize)
    {
        const QJsonObject started = runEvent(events, "run_started");
        QCOMPARE(started["world_size"].toInt(), worldSize);
        QCOMPARE(started["hosts"].toArray().size(), worldSize);
        QCOMPARE(int(lossesOf(events).size()), kSteps);
        QVERIFY(closeLosses(m_reference, lossesOf(events), 1, kSteps));
        QFile world(started["run_dir"].toString() + "/world.json");
        QVERIFY(world.open(QIODevice::ReadOnly));
        const QJsonArray sessions = QJsonDocument::fromJson(world.readAll()).array();
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions[0].toObject()["world_size"].toInt(), worldSize);
    }

    QStringList trainArgs(const QString& name) const
    {
        return {"train", "--project", m_project, "--demo", "--name", name, "--max-steps", QString::number(kSteps),
                "--n-layer", "1", "--n-head", "2", "--d-model", "32", "--d-ff", "64", "--context", "32",
                "--dropout", "0", "--batch-size", "4", "--lr-schedule", "constant", "--warmup-steps", "0",
                "--eval-every", "0", "--sample-every", "0", "--checkpoint-every", "0", "--threads", "1",
                "--dist-timeout", "20", "--events"};
    }

    QTemporaryDir m_dir;
    QString m_project;
    QString m_python;
    std::map<int, double> m_reference;
};

LW_TEST_GUILESS_MAIN(TestCliLaunchers)
#include "test_cli_launchers.moc"

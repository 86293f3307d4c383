// `llmwb train --nproc-per-node 2`: two real worker processes on loopback follow the
// one-process loss curve of the same global batch, a checkpoint written by two ranks
// resumes on one and on two with the same next losses, and a rank killed mid-run ends
// the other within the time-out, leaving the run interrupted and resumable.
#include "distributed_cli_support.h"

#include "test_registry.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <csignal>
#include <map>

using lw::test::CliWorker;
using lw::test::runCli;
using lw::test::closeLosses;
using lw::test::lossesOf;
using lw::test::runEvent;

namespace {

// The child of `parent` that the launcher started as rank `rank` (its RANK variable).
qint64 workerOfRank(qint64 parent, int rank)
{
    for (const QString& entry : QDir("/proc").entryList(QDir::Dirs)) {
        bool number = false;
        const qint64 pid = entry.toLongLong(&number);
        if (!number)
            continue;
        QFile stat("/proc/" + entry + "/stat");
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QString text = QString::fromUtf8(stat.readAll());
        const QStringList fields = text.mid(text.lastIndexOf(')') + 2).split(' ');
        if (fields.size() < 2 || fields[1].toLongLong() != parent)
            continue;
        QFile environ("/proc/" + entry + "/environ");
        if (environ.open(QIODevice::ReadOnly) && environ.readAll().split('\0').contains("RANK=" + QByteArray::number(rank)))
            return pid;
    }
    return -1;
}

QJsonObject runRecordOf(const QString& project, int runId)
{
    auto r = runCli({"runs", "show", QString::number(runId), "--project", project, "--json"});
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

} // namespace

class TestCliDistributed : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_project = m_dir.filePath("project");
        // The one-process reference curve, 20 steps.
        CliWorker one(trainArgs("single", 20));
        QCOMPARE(one.finish(240000), 0);
        m_reference = lossesOf(one.events());
        QCOMPARE(int(m_reference.size()), 20);
        m_singleCheckpoint = runEvent(one.events(), "finished")["last_checkpoint"].toString();
    }

    void twoProcessesFollowTheOneProcessCurve()
    {
        CliWorker two(trainArgs("two", 20) << "--nproc-per-node" << "2");
        QCOMPARE(two.finish(240000), 0);
        QVERIFY(closeLosses(m_reference, lossesOf(two.events()), 1, 20));
        const QJsonObject started = runEvent(two.events(), "run_started");
        QCOMPARE(started["world_size"].toInt(), 2);
        QCOMPARE(started["hosts"].toArray().size(), 2);
        // Rank 0 alone wrote the run: one event stream, and the world in the run folder.
        QCOMPARE(int(lossesOf(two.events()).size()), 20);
        QFile world(started["run_dir"].toString() + "/world.json");
        QVERIFY(world.open(QIODevice::ReadOnly));
        const QJsonArray sessions = QJsonDocument::fromJson(world.readAll()).array();
        QCOMPARE(sessions.size(), 1);
        QCOMPARE(sessions[0].toObject()["world_size"].toInt(), 2);
    }

    // Two ranks train 10 steps; the run, copied, resumes to 20 on one process (asked
    // for) and on two (the world it last trained on, without --nproc-per-node). With a
    // constant learning rate the resumed steps are those of the uninterrupted
    // one-process run.
    void checkpointOfTwoRanksResumesOnOneAndOnTwo()
    {
        CliWorker first(trainArgs("resumable", 10) << "--nproc-per-node" << "2");
        QCOMPARE(first.finish(240000), 0);
        const int runId = runEvent(first.events(), "run_started")["run_id"].toInt();
        QVERIFY(closeLosses(m_reference, lossesOf(first.events()), 1, 10));

        const QString copy = m_dir.filePath("project-copy");
        QCOMPARE(QProcess::execute("cp", {"-a", m_project, copy}), 0);
        CliWorker onOne({"train", "--project", m_project, "--resume", QString::number(runId),
                                   "--max-steps", "20", "--events", "--nproc-per-node", "1"});
        QCOMPARE(onOne.finish(240000), 0);
        QCOMPARE(runEvent(onOne.events(), "run_started")["world_size"].toInt(), 1);
        CliWorker onTwo({"train", "--project", copy, "--resume", QString::number(runId), "--max-steps",
                                   "20", "--events", "--dist-timeout", "60"});
        QCOMPARE(onTwo.finish(240000), 0);
        QCOMPARE(runEvent(onTwo.events(), "run_started")["world_size"].toInt(), 2);
        QVERIFY2(onTwo.stderrText().contains("Resuming run " + QString::number(runId) + " on 2 processes"),
                 qPrintable(onTwo.stderrText()));
        QVERIFY(runEvent(onTwo.events(), "run_started")["resumed_from"].toString().endsWith("step-00000010.ckpt"));
        QVERIFY(closeLosses(lossesOf(onOne.events()), lossesOf(onTwo.events()), 11, 20));
        QVERIFY(closeLosses(m_reference, lossesOf(onTwo.events()), 11, 20));
    }

    // With dropout each rank draws its own masks from seed + rank and the step: a 2-process
    // run stopped at step 5 and resumed (on 2 processes, its recorded world) gives the
    // losses of the uninterrupted 2-process run exactly, the same computation repeated.
    void dropoutRunResumesExactlyOnTwo()
    {
        CliWorker whole(withDropout(trainArgs("dropout-whole", 10)) << "--nproc-per-node" << "2");
        QCOMPARE(whole.finish(240000), 0);
        CliWorker half(withDropout(trainArgs("dropout-half", 5)) << "--nproc-per-node" << "2");
        QCOMPARE(half.finish(240000), 0);
        const QJsonObject started = runEvent(half.events(), "run_started");
        CliWorker rest({"train", "--project", m_project, "--resume",
                                  QString::number(started["run_id"].toInt()), "--max-steps", "10", "--events"});
        QCOMPARE(rest.finish(240000), 0);
        QCOMPARE(runEvent(rest.events(), "run_started")["world_size"].toInt(), 2);
        const auto wholeLosses = lossesOf(whole.events()), restLosses = lossesOf(rest.events());
        for (int step = 6; step <= 10; ++step) {
            QVERIFY2(restLosses.count(step), qPrintable(QString::number(step)));
            QCOMPARE(restLosses.at(step), wholeLosses.at(step));
        }
        // Dropout is on: the curve is not the dropout-free one.
        QVERIFY(!closeLosses(m_reference, wholeLosses, 1, 10));
        // Each session records the ranks' seeds: seed + rank.
        QFile world(started["run_dir"].toString() + "/world.json");
        QVERIFY(world.open(QIODevice::ReadOnly));
        const QJsonArray sessions = QJsonDocument::fromJson(world.readAll()).array();
        world.close();
        QCOMPARE(sessions.size(), 2);
        const qint64 seed = started["config"].toObject()["seed"].toInteger();
        for (const auto& session : sessions)
            QCOMPARE(session.toObject()["rank_seeds"].toArray(), (QJsonArray{seed, seed + 1}));

        // Had its last session spanned two machines, a resume here alone must be asked for.
        QJsonArray overTwo = sessions;
        QJsonObject last = overTwo.last().toObject();
        last["hosts"] = QJsonArray{"node-a", "node-b"};
        overTwo[overTwo.size() - 1] = last;
        QVERIFY(world.open(QIODevice::WriteOnly | QIODevice::Truncate));
        world.write(QJsonDocument(overTwo).toJson());
        world.close();
        const auto refused = runCli({"train", "--project", m_project, "--resume",
                                     QString::number(started["run_id"].toInt()), "--max-steps", "12"});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("last trained on 2 processes over 2 machines") &&
                     refused.err.contains("--nproc-per-node N"),
                 qPrintable(refused.err));
    }

    // LoRA on the demo questions, from the model trained above: the two ranks all-reduce
    // the adapters alone and follow the one-process curve.
    void loraFinetuneFollowsTheOneProcessCurve()
    {
        auto finetuneArgs = [this](const QString& name) {
            return QStringList{"finetune", "--project", m_project, "--demo", "--base", m_singleCheckpoint, "--name",
                               name, "--method", "lora", "--max-steps", "20", "--batch-size", "4", "--lora-dropout",
                               "0", "--neftune-alpha", "0", "--eval-every", "0", "--checkpoint-every", "0",
                               "--compare", "0", "--threads", "1", "--events"};
        };
        CliWorker one(finetuneArgs("lora-one"));
        QCOMPARE(one.finish(300000), 0);
        CliWorker two(finetuneArgs("lora-two") << "--nproc-per-node" << "2");
        QCOMPARE(two.finish(300000), 0);
        QCOMPARE(int(lossesOf(one.events()).size()), 20);
        QVERIFY(closeLosses(lossesOf(one.events()), lossesOf(two.events()), 1, 20));
    }

    void killedRankInterruptsTheRun()
    {
        CliWorker job(trainArgs("killed", 5000) << "--nproc-per-node" << "2" << "--dist-timeout" << "20");
        QVERIFY(job.waitFor([](const QJsonObject& e) { return e["event"] == "step" && e["step"].toInt() >= 7; },
                            240000));
        const int runId = runEvent(job.events(), "run_started")["run_id"].toInt();
        const qint64 rank1 = workerOfRank(job.pid(), 1);
        QVERIFY(rank1 > 0);
        QElapsedTimer timer;
        timer.start();
        ::kill(pid_t(rank1), SIGKILL);
        const int code = job.finish(60000);
        QVERIFY2(timer.elapsed() < 40000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(code != 0 && code != -1);
        // The launcher names the rank that died and how; rank 0 names the rank it lost.
        QVERIFY2(job.stderrText().contains("rank 1 (pid " + QString::number(rank1)), qPrintable(job.stderrText()));
        QVERIFY2(job.stderrText().contains("was killed by signal 9"), qPrintable(job.stderrText()));
        QVERIFY2(job.stderrText().contains(QRegularExpression("rank 1 \\(host [^)]+\\) stopped responding")),
                 qPrintable(job.stderrText()));
        const QJsonObject record = runRecordOf(m_project, runId);
        QCOMPARE(record["status"].toString(), QString("interrupted"));

        // Resumable from the newest checkpoint rank 0 wrote (every 5 steps) before the failure.
        CliWorker resumed({"train", "--project", m_project, "--resume", QString::number(runId),
                                     "--max-steps", "30", "--events"});
        QCOMPARE(resumed.finish(240000), 0);
        const QString from = runEvent(resumed.events(), "run_started")["resumed_from"].toString();
        QVERIFY2(from.contains(QRegularExpression("step-000000(05|10|15)\\.ckpt$")), qPrintable(from));
        QCOMPARE(runRecordOf(m_project, runId)["status"].toString(), QString("completed"));
    }

    void badRendezvousSettingsAreRefused()
    {
        // A worker started as torchrun's would be, but without the master's address.
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("RANK", "1");
        env.insert("WORLD_SIZE", "2");
        env.remove("MASTER_ADDR");
        env.insert("MASTER_PORT", "29999");
        p.setProcessEnvironment(env);
        p.start(lw::test::llmwbPath(), trainArgs("no-master", 5));
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("MASTER_ADDR is not set"));
    }

private:
    QStringList trainArgs(const QString& name, int maxSteps) const
    {
        return {"train", "--project", m_project, "--demo", "--name", name, "--max-steps", QString::number(maxSteps),
                "--n-layer", "1", "--n-head", "2", "--d-model", "32", "--d-ff", "64", "--context", "32",
                "--dropout", "0", "--batch-size", "4", "--lr-schedule", "constant", "--warmup-steps", "0",
                "--eval-every", "0", "--sample-every", "0", "--checkpoint-every", "5", "--threads", "1",
                "--events"};
    }

    static QStringList withDropout(QStringList args)
    {
        args[args.indexOf("--dropout") + 1] = "0.2";
        return args;
    }

    QTemporaryDir m_dir;
    QString m_project;
    std::map<int, double> m_reference;
    QString m_singleCheckpoint;
};

LW_TEST_GUILESS_MAIN(TestCliDistributed)
#include "test_cli_distributed.moc"

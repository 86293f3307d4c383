// Every fine-tune method on two processes: full weights, DoRA, QLoRA and DPO (with LoRA)
// each follow the one-process loss curve of the same global batch, since the
// all-reduced mean gradient is the one-process gradient of the whole batch. Model
// dropout, LoRA dropout and NEFTune noise are off in those comparisons: each rank draws
// its own masks (as the rows of one batch would), so with them on the curves agree only
// in distribution. With LoRA dropout on, a 2-process fine-tune stopped and resumed
// gives the losses of the uninterrupted one. Classification: test_cli_distributed_classify.
#include "distributed_cli_support.h"

#include "test_registry.h"

#include <QTemporaryDir>

using lw::test::CliWorker;
using lw::test::closeLosses;
using lw::test::lossesOf;
using lw::test::runEvent;

class TestCliDistributedFinetune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_project = m_dir.filePath("project");
        m_base = lw::test::trainTinyBase(m_project, 1);
        QVERIFY(!m_base.isEmpty());
    }

    void fullFinetuneFollowsTheOneProcessCurve() { compareOneAndTwo({"--method", "full"}); }
    void doraFollowsTheOneProcessCurve() { compareOneAndTwo({"--method", "dora"}); }
    void qloraFollowsTheOneProcessCurve() { compareOneAndTwo({"--method", "qlora"}); }
    void dpoFollowsTheOneProcessCurve() { compareOneAndTwo({"--method", "lora", "--objective", "dpo"}); }

    void loraDropoutRunResumesExactlyOnTwo()
    {
        auto withDropout = [](QStringList args) {
            args[args.indexOf("--lora-dropout") + 1] = "0.3";
            args[args.indexOf("--checkpoint-every") + 1] = "4";
            return args << "--method" << "lora" << "--lr-schedule" << "constant" << "--warmup-steps" << "0"
                        << "--nproc-per-node" << "2";
        };
        CliWorker whole(withDropout(finetuneArgs("dropout-whole", 8)));
        QCOMPARE(whole.finish(300000), 0);
        CliWorker half(withDropout(finetuneArgs("dropout-half", 4)));
        QCOMPARE(half.finish(300000), 0);
        const int runId = runEvent(half.events(), "run_started")["run_id"].toInt();
        CliWorker rest({"finetune", "--project", m_project, "--resume", QString::number(runId),
                                  "--max-steps", "8", "--events"});
        QCOMPARE(rest.finish(300000), 0);
        QCOMPARE(runEvent(rest.events(), "run_started")["world_size"].toInt(), 2);
        const auto wholeLosses = lossesOf(whole.events()), restLosses = lossesOf(rest.events());
        QCOMPARE(int(wholeLosses.size()), 8);
        for (int step = 5; step <= 8; ++step) {
            QVERIFY2(restLosses.count(step), qPrintable(QString::number(step)));
            QCOMPARE(restLosses.at(step), wholeLosses.at(step));
        }
    }

private:
    QStringList finetuneArgs(const QString& name, int maxSteps) const
    {
        return {"finetune", "--project", m_project, "--demo", "--base", m_base, "--name", name, "--max-steps",
                QString::number(maxSteps), "--batch-size", "4", "--lora-dropout", "0", "--neftune-alpha", "0",
                "--eval-every", "0", "--checkpoint-every", "0", "--compare", "0", "--threads", "1", "--events"};
    }

    // 8 steps of the same fine-tune on one process and on two.
    void compareOneAndTwo(const QStringList& method)
    {
        const QString label = method.join('-').remove("--");
        CliWorker one(finetuneArgs(label + "-one", 8) << method);
        QCOMPARE(one.finish(300000), 0);
        CliWorker two(finetuneArgs(label + "-two", 8) << method << "--nproc-per-node" << "2");
        QCOMPARE(two.finish(300000), 0);
        QCOMPARE(runEvent(two.events(), "run_started")["world_size"].toInt(), 2);
        QCOMPARE(int(lossesOf(one.events()).size()), 8);
        QVERIFY(closeLosses(lossesOf(one.events()), lossesOf(two.events()), 1, 8));
    }

    QTemporaryDir m_dir;
    QString m_project;
    QString m_base;
};

LW_TEST_GUILESS_MAIN(TestCliDistributedFinetune)
#include "test_cli_distributed_finetune.moc"

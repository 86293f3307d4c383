// A classification fine-tune on two processes: every rank trains on its half of the
// same global batch and the head's and unfrozen blocks' gradients are all-reduced, so
// the loss curve is the one-process curve of the same batches within float rounding;
// validation and test rows are scored a share per rank with the counts summed, so the
// accuracies and confusion matrices are the one-process ones exactly. A run stopped
// after 4 steps on two processes resumes on one with the losses the uninterrupted run
// had. The base has no dropout, so the curves can be compared step by step.
#include "distributed_cli_support.h"

#include "test_registry.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

using lw::test::CliWorker;
using lw::test::closeLosses;
using lw::test::lossesOf;
using lw::test::runCli;
using lw::test::runEvent;

namespace {

// The eval events' step -> val_loss, and step -> val_accuracy.
std::pair<std::map<int, double>, std::map<int, double>> evalsOf(const QList<QJsonObject>& events)
{
    std::map<int, double> losses, accuracies;
    for (const auto& e : events)
        if (e["event"] == "eval") {
            losses[e["step"].toInt()] = e["val_loss"].toDouble();
            accuracies[e["step"].toInt()] = e["metrics"].toObject()["val_accuracy"].toDouble();
        }
    return {losses, accuracies};
}

// The diagonal and the sum of a confusion matrix.
std::pair<qint64, qint64> diagonalAndSum(const QJsonArray& confusion)
{
    qint64 diagonal = 0, sum = 0;
    for (int i = 0; i < confusion.size(); ++i)
        for (int j = 0; j < confusion[i].toArray().size(); ++j) {
            sum += confusion[i].toArray()[j].toInteger();
            diagonal += i == j ? confusion[i].toArray()[j].toInteger() : 0;
        }
    return {diagonal, sum};
}

} // namespace

class TestCliDistributedClassify : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_project = m_dir.filePath("project");
        m_base = lw::test::trainTinyBase(m_project, 2);
        QVERIFY(!m_base.isEmpty());

        // 60 sentences whose class is the colour they name, split about 70/15/15.
        const QStringList colours{"red", "green", "blue"};
        const QStringList things{"cup", "door", "kite", "boat", "hat", "car", "ball", "book", "lamp", "coat"};
        const QString rows = m_dir.filePath("colours.jsonl");
        QFile f(rows);
        QVERIFY(f.open(QIODevice::WriteOnly));
        for (int i = 0; i < 60; ++i) {
            const QString text = QString("The %1 by the window is %2.").arg(things[i % 10], colours[i % 3]);
            const QJsonObject row{{"question", text}, {"choices", QJsonArray::fromStringList(colours)}, {"answer", i % 3}};
            f.write(QJsonDocument(row).toJson(QJsonDocument::Compact) + "\n");
        }
        f.close();
        const auto imported = runCli({"data", "import", "--project", m_project, "--input", rows, "--format", "mc",
                                      "--name", "colours"});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.all()));
        const auto split = runCli({"data", "split", "--project", m_project, "--dataset", "colours", "--train", "0.7",
                                   "--validation", "0.15", "--test", "0.15"});
        QVERIFY2(split.exitCode == 0, qPrintable(split.all()));
    }

    void twoProcessesFollowTheOneProcessRun()
    {
        CliWorker one(classifyArgs("one", 8));
        QCOMPARE(one.finish(300000), 0);
        CliWorker two(classifyArgs("two", 8) << "--nproc-per-node" << "2");
        QCOMPARE(two.finish(300000), 0);
        QVERIFY2(two.garbage().isEmpty(), two.garbage().constData());
        QCOMPARE(runEvent(two.events(), "run_started")["world_size"].toInt(), 2);
        QCOMPARE(int(lossesOf(one.events()).size()), 8);
        QVERIFY(closeLosses(lossesOf(one.events()), lossesOf(two.events()), 1, 8));

        const auto [oneValLoss, oneValAccuracy] = evalsOf(one.events());
        const auto [twoValLoss, twoValAccuracy] = evalsOf(two.events());
        QCOMPARE(int(oneValLoss.size()), 2); // steps 4 and 8
        QVERIFY(closeLosses(oneValLoss, twoValLoss, 4, 4) && closeLosses(oneValLoss, twoValLoss, 8, 8));
        QCOMPARE(twoValAccuracy, oneValAccuracy);

        const QJsonObject oneScores = runEvent(one.events(), "classification");
        const QJsonObject twoScores = runEvent(two.events(), "classification");
        for (const char* part : {"validation", "test"}) {
            const QJsonObject a = oneScores[part].toObject(), b = twoScores[part].toObject();
            const int rows = a["n"].toInt();
            QVERIFY(rows >= 3);
            QCOMPARE(b["n"].toInt(), rows);
            // Counts summed over the ranks: every row counted once.
            QCOMPARE(b["confusion"].toArray(), a["confusion"].toArray());
            const auto [diagonal, sum] = diagonalAndSum(b["confusion"].toArray());
            QCOMPARE(sum, qint64(rows));
            QCOMPARE(b["accuracy"].toDouble(), double(diagonal) / double(rows));
            QCOMPARE(b["accuracy"].toDouble(), a["accuracy"].toDouble());
        }
        m_twoLosses = lossesOf(two.events());
        m_twoScores = twoScores;
    }

    void twoProcessCheckpointResumesOnOne()
    {
        QVERIFY(!m_twoLosses.empty());
        CliWorker half(classifyArgs("half", 4) << "--nproc-per-node" << "2");
        QCOMPARE(half.finish(300000), 0);
        const int runId = runEvent(half.events(), "run_started")["run_id"].toInt();
        CliWorker rest({"finetune", "--project", m_project, "--resume", QString::number(runId), "--max-steps", "8",
                        "--nproc-per-node", "1", "--events"});
        QCOMPARE(rest.finish(300000), 0);
        QCOMPARE(runEvent(rest.events(), "run_started")["world_size"].toInt(), 1);
        const auto restLosses = lossesOf(rest.events());
        QVERIFY(!restLosses.count(4)); // it starts after the checkpoint
        QVERIFY(closeLosses(m_twoLosses, restLosses, 5, 8));
        QCOMPARE(runEvent(rest.events(), "classification")["validation"].toObject()["confusion"].toArray(),
                 m_twoScores["validation"].toObject()["confusion"].toArray());
    }

private:
    QStringList classifyArgs(const QString& name, int maxSteps) const
    {
        return {"finetune", "--project", m_project, "--objective", "classify", "--method", "full", "--dataset",
                "colours", "--base", m_base, "--name", name, "--max-steps", QString::number(maxSteps),
                "--batch-size", "4", "--learning-rate", "2e-3", "--lr-schedule", "constant", "--warmup-steps", "0",
                "--eval-every", "4", "--checkpoint-every", "0", "--threads", "1", "--events"};
    }

    QTemporaryDir m_dir;
    QString m_project;
    QString m_base;
    std::map<int, double> m_twoLosses;
    QJsonObject m_twoScores;
};

LW_TEST_GUILESS_MAIN(TestCliDistributedClassify)
#include "test_cli_distributed_classify.moc"

// `llmwb bench train --nproc-per-node 2 --threads 1`: two real processes on loopback
// train the same global batch as one process, so the losses of the timed steps are the
// one-process losses (within float rounding: the gradient sums are ordered otherwise),
// and the report names the world size and the all-reduce wait as a share of the step.
#include "cli_runner.h"

#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

using lw::test::runCli;

namespace {

// The last JSON line `llmwb bench train --json` printed.
QJsonObject benchTrainReport(const QString& out)
{
    const QStringList lines = out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it)
        if (it->startsWith(QLatin1Char('{')))
            return QJsonDocument::fromJson(it->toUtf8()).object();
    return {};
}

} // namespace

class TestCliBenchTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void twoProcessesTrainTheOneProcessBatch();
};

void TestCliBenchTrain::twoProcessesTrainTheOneProcessBatch()
{
    const QStringList shape{"bench", "train", "--n-layer", "2", "--d-model", "64", "--n-head", "2", "--context",
                            "32",    "--vocab", "256",     "--batch", "4",  "--steps",   "4", "--warmup", "1",
                            "--threads", "1", "--json"};
    const auto one = runCli(shape, 120000);
    QVERIFY2(one.exitCode == 0, qPrintable(one.all()));
    const auto two = runCli(shape + QStringList{"--nproc-per-node", "2", "--dist-timeout", "60"}, 120000);
    QVERIFY2(two.exitCode == 0, qPrintable(two.all()));
    const QJsonObject a = benchTrainReport(one.out), b = benchTrainReport(two.out);
    QCOMPARE(a.value("world_size").toInt(), 1);
    QCOMPARE(b.value("world_size").toInt(), 2);
    // Rank 0 alone reports: one JSON line, for the whole global batch of 4 x 32 tokens.
    QCOMPARE(two.out.count(QStringLiteral("\"bench\":\"train\"")), 1);
    QCOMPARE(b.value("tokens_per_step").toInt(), 4 * 32);
    const QJsonArray la = a.value("losses").toArray(), lb = b.value("losses").toArray();
    QCOMPARE(la.size(), 4);
    QCOMPARE(lb.size(), 4);
    for (int i = 0; i < 4; ++i)
        QVERIFY2(std::abs(la[i].toDouble() - lb[i].toDouble()) < 1e-4,
                 qPrintable(QString("step %1: %2 vs %3").arg(i).arg(la[i].toDouble()).arg(lb[i].toDouble())));
    // The wait is part of the step: a share in [0, 1), equal to wait / median step.
    const double share = b.value("allreduce_share").toDouble();
    QVERIFY2(share >= 0 && share < 1, qPrintable(QString::number(share)));
    QVERIFY(std::abs(share - b.value("allreduce_wait_ms").toDouble() / b.value("ms_per_step").toDouble()) < 1e-9);
    QVERIFY2(two.out.contains(QStringLiteral("2 processes (1 thread each) share the batch")), qPrintable(two.out));
}

LW_TEST_GUILESS_MAIN(TestCliBenchTrain)
#include "test_cli_bench_train.moc"

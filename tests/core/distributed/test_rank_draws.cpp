// Each rank of a data-parallel run draws its own dropout masks (as the rows of one big
// batch would), and draws them again exactly when a step is run again (resume).
#include "core/distributed/data_parallel.h"
#include "test_registry.h"

#include <QtTest>

using namespace lw;

namespace {

// The keep/drop pattern a dropout layer draws for 4000 units after seeding for `rank` at `step`.
torch::Tensor dropoutMaskOf(uint64_t seed, int rank, int64_t step)
{
    distributed::seedRankDraws(seed, rank, step);
    return torch::dropout(torch::ones({4000}), 0.5, true).ne(0);
}

double agreement(const torch::Tensor& a, const torch::Tensor& b)
{
    return a.eq(b).to(torch::kDouble).mean().item<double>();
}

} // namespace

class TestRankDraws : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rankSeedIsSeedPlusRank()
    {
        QCOMPARE(distributed::rankSeed(1234, 0), uint64_t(1234));
        QCOMPARE(distributed::rankSeed(1234, 3), uint64_t(1237));
    }

    // Two independent masks that each keep half of the units agree on about half of them
    // (binomial: 4000 units, standard deviation 0.008); equal masks would agree on all.
    void ranksDrawDifferentMasks()
    {
        const torch::Tensor rank0 = dropoutMaskOf(42, 0, 7);
        const torch::Tensor rank1 = dropoutMaskOf(42, 1, 7);
        const double same = agreement(rank0, rank1);
        QVERIFY2(same > 0.45 && same < 0.55, qPrintable(QString::number(same)));
    }

    void stepsDrawDifferentMasks()
    {
        const double same = agreement(dropoutMaskOf(42, 0, 7), dropoutMaskOf(42, 0, 8));
        QVERIFY2(same > 0.45 && same < 0.55, qPrintable(QString::number(same)));
    }

    // What a resumed run relies on: the same rank and step draw the same mask, whatever
    // was drawn in between (samples, evaluation).
    void aStepDrawsTheSameMaskAgain()
    {
        const torch::Tensor first = dropoutMaskOf(42, 1, 7);
        torch::rand({1000});
        const torch::Tensor again = dropoutMaskOf(42, 1, 7);
        QVERIFY(torch::equal(first, again));
        // Half of the units dropped, as p = 0.5 asks.
        const double kept = first.to(torch::kDouble).mean().item<double>();
        QVERIFY2(kept > 0.45 && kept < 0.55, qPrintable(QString::number(kept)));
    }
};

LW_TEST_GUILESS_MAIN(TestRankDraws)
#include "test_rank_draws.moc"

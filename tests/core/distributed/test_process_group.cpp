// Rendezvous and collectives over Gloo on loopback, two ranks as two threads: bad
// settings get clear errors within the time-out, a rank that goes away is named by the
// one left, and the bucketed gradient all-reduce gives the plain mean of the ranks'
// gradients (computed here a second way, without the reducer).
#include "core/distributed/gradient_all_reducer.h"
#include "core/distributed/process_group.h"
#include "distributed_test_support.h"
#include "test_registry.h"

#include <QtTest>

#include <chrono>

using namespace lw;
using namespace std::chrono_literals;

namespace {

bool mentions(const std::string& text, const std::string& part)
{
    if (text.find(part) != std::string::npos)
        return true;
    qWarning("'%s' does not mention '%s'", text.c_str(), part.c_str());
    return false;
}

// A small model's parameters: the same weights on every rank (as after the same seeded
// initialisation), the last one frozen.
std::vector<torch::Tensor> makeParameters()
{
    auto gen = at::detail::createCPUGenerator(42);
    std::vector<torch::Tensor> p;
    for (auto shape : std::vector<std::vector<int64_t>>{{7, 5}, {5}, {5, 3}, {3}, {11}})
        p.push_back(torch::randn(shape, gen).requires_grad_(true));
    p[4].requires_grad_(false); // frozen: never all-reduced
    return p;
}

// A loss that uses every trainable parameter except p[3] when `skipBias`, on data of
// the rank's own (so the ranks' gradients differ).
torch::Tensor lossOf(const std::vector<torch::Tensor>& p, int rank, int micro, bool skipBias)
{
    auto gen = at::detail::createCPUGenerator(1000 + 10 * uint64_t(rank) + uint64_t(micro));
    auto x = torch::randn({4, 7}, gen);
    auto h = torch::tanh(x.matmul(p[0]) + p[1]);
    auto out = h.matmul(p[2]);
    if (!skipBias)
        out = out + p[3];
    return out.pow(2).mean() + p[4].sum() * 0;
}

} // namespace

class TestProcessGroup : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sumsAcrossRanks()
    {
        const int port = test::freeTestPort();
        std::vector<std::vector<double>> sums(2);
        auto errors = test::runRanks(2, [&](int rank) {
            auto group = distributed::ProcessGroup::connect(test::loopbackWorld(rank, 2, port), 20s);
            sums[size_t(rank)] = group->sum({double(rank + 1), 0.5}, "a test sum");
            QCOMPARE(group->shareFromRankZero("greeting", rank == 0 ? "from rank 0" : "ignored"),
                     std::string("from rank 0"));
            QCOMPARE(int(group->hosts().size()), 2);
            group->barrier("the end of the test");
        });
        QCOMPARE(errors, std::vector<std::string>(2));
        for (const auto& s : sums)
            QCOMPARE(s, (std::vector<double>{3.0, 1.0}));
    }

    // Buckets of 64 bytes force several, and the first micro-step of two does not
    // all-reduce: the result must be mean over ranks of (micro 0 + micro 1) gradients.
    void bucketedAllReduceIsTheMeanGradient()
    {
        const int port = test::freeTestPort();
        std::vector<std::vector<torch::Tensor>> reduced(2);
        std::vector<size_t> buckets(2);
        auto errors = test::runRanks(2, [&](int rank) {
            auto group = distributed::ProcessGroup::connect(test::loopbackWorld(rank, 2, port), 20s);
            auto p = makeParameters();
            distributed::GradientAllReducer reducer(group, p, 64);
            buckets[size_t(rank)] = reducer.bucketCount();
            for (int step = 0; step < 2; ++step) { // the second step reuses the buckets
                for (auto& t : p)
                    t.mutable_grad() = torch::Tensor();
                for (int micro = 0; micro < 2; ++micro) {
                    reducer.setSynchronize(micro == 1);
                    lossOf(p, rank, micro, micro == 1).backward();
                }
                reducer.finish();
            }
            for (auto& t : p)
                reduced[size_t(rank)].push_back(t.grad().defined() ? t.grad().clone() : torch::Tensor());
        });
        QCOMPARE(errors, std::vector<std::string>(2));
        // 35+5+15+3 floats of 4 bytes in buckets of at most 64 bytes (a larger tensor
        // gets one of its own): {3},{5,3},{5},{7,5}.
        QCOMPARE(buckets[0], size_t(4));

        // The same gradients without any reducer, summed over "ranks" by hand.
        std::vector<torch::Tensor> expected;
        for (const auto& t : makeParameters())
            expected.push_back(torch::zeros_like(t));
        for (int rank = 0; rank < 2; ++rank) {
            auto p = makeParameters();
            for (int micro = 0; micro < 2; ++micro)
                lossOf(p, rank, micro, micro == 1).backward();
            for (size_t i = 0; i < 4; ++i)
                expected[i] += p[i].grad() / 2;
        }
        for (int rank = 0; rank < 2; ++rank) {
            for (size_t i = 0; i < 4; ++i)
                QVERIFY(torch::allclose(reduced[size_t(rank)][i], expected[i], 1e-6, 1e-7));
            QVERIFY(!reduced[size_t(rank)][4].defined()); // the frozen one has no gradient
        }
        // The ranks end with bit-identical gradients, so their optimizer steps agree.
        for (size_t i = 0; i < 4; ++i)
            QVERIFY(torch::equal(reduced[0][i], reduced[1][i]));
    }

    void portInUse()
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_ANY);
        socklen_t len = sizeof addr;
        QVERIFY(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        QVERIFY(::listen(fd, 4) == 0);
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
        const int port = ntohs(addr.sin_port);
        std::string error;
        try {
            distributed::ProcessGroup::connect(test::loopbackWorld(0, 2, port), 5s);
        } catch (const Error& e) {
            error = e.what();
        }
        ::close(fd);
        QVERIFY(mentions(error, "port " + std::to_string(port) + " is already in use"));
        QVERIFY(mentions(error, "--master-port"));
    }

    void unreachableMasterTimesOut()
    {
        const int port = test::freeTestPort(); // nothing listens there
        const auto start = std::chrono::steady_clock::now();
        std::string error;
        try {
            distributed::ProcessGroup::connect(test::loopbackWorld(1, 2, port), 2s);
        } catch (const Error& e) {
            error = e.what();
        }
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        QVERIFY(mentions(error, "rank 1 could not reach the rendezvous master at 127.0.0.1:" + std::to_string(port)));
        QVERIFY(mentions(error, "within 2 s"));
        QVERIFY2(seconds < 10, std::to_string(seconds).c_str());
    }

    void worldSizeMismatch()
    {
        const int port = test::freeTestPort();
        auto errors = test::runRanks(2, [&](int rank) {
            distributed::ProcessGroup::connect(test::loopbackWorld(rank, rank == 0 ? 2 : 3, port), 5s);
        });
        QVERIFY(mentions(errors[0], "world size mismatch: rank 0 was started with 2 processes but rank 1"));
        QVERIFY(mentions(errors[0], "with 3"));
        QVERIFY(mentions(errors[1], "world size mismatch: rank 1 was started with 3 processes but rank 0"));
    }

    void missingRankIsNamed()
    {
        const int port = test::freeTestPort();
        std::string error;
        try {
            distributed::ProcessGroup::connect(test::loopbackWorld(0, 2, port), 2s);
        } catch (const distributed::PeerFailure& e) {
            error = e.what();
        }
        QVERIFY(mentions(error, "rank 1 did not join the rendezvous"));
    }

    // Rank 1 leaves (its group is destroyed, as when its process ends) while rank 0
    // waits in an all-reduce: rank 0 stops with an error naming rank 1, well within
    // its time-out.
    void departedRankIsNamed()
    {
        const int port = test::freeTestPort();
        std::string error;
        double seconds = 0;
        std::promise<void> left;
        auto leftFuture = left.get_future().share();
        auto errors = test::runRanks(2, [&](int rank) {
            auto group = distributed::ProcessGroup::connect(test::loopbackWorld(rank, 2, port), 20s);
            group->barrier("starting");
            if (rank == 1) {
                group.reset();
                left.set_value();
                return;
            }
            leftFuture.wait();
            const auto start = std::chrono::steady_clock::now();
            try {
                torch::Tensor t = torch::ones({8});
                group->allReduceSum(t, "the gradient all-reduce");
            } catch (const distributed::PeerFailure& e) {
                error = e.what();
            }
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        });
        QCOMPARE(errors, std::vector<std::string>(2));
        QVERIFY(mentions(error, "the gradient all-reduce failed on rank 0"));
        QVERIFY(mentions(error, "rank 1 (host "));
        QVERIFY(mentions(error, "stopped responding"));
        QVERIFY2(seconds < 15, std::to_string(seconds).c_str());
    }
};

LW_TEST_GUILESS_MAIN(TestProcessGroup)
#include "test_process_group.moc"

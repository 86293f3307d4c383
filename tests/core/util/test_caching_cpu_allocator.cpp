// The caching CPU allocator: freed large blocks come back for the next request of the
// same size, small ones and blocks over the cap go to the system, and tensors made
// through it hold correct values.
#include "core/util/caching_cpu_allocator.h"
#include "test_registry.h"

#include <torch/torch.h>

#include <QtTest>

class TestCachingCpuAllocator : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { lw::util::installCachingCpuAllocator(size_t(64) << 20); }
    void freedBlockIsReused();
    void smallTensorsBypassTheCache();
    void blocksOverTheCapAreReleased();
    void tensorsComputeCorrectly();
};

void TestCachingCpuAllocator::freedBlockIsReused()
{
    QVERIFY(lw::util::cachingCpuAllocatorInstalled());
    void* first = nullptr;
    {
        auto t = torch::empty({1 << 18}); // 1 MiB
        first = t.data_ptr();
        QCOMPARE(reinterpret_cast<uintptr_t>(first) % 64, uintptr_t(0));
    }
    const auto before = lw::util::cachingCpuAllocatorStats();
    auto again = torch::empty({1 << 18});
    QCOMPARE(again.data_ptr(), first);
    QCOMPARE(lw::util::cachingCpuAllocatorStats().hits, before.hits + 1);
}

void TestCachingCpuAllocator::smallTensorsBypassTheCache()
{
    const auto before = lw::util::cachingCpuAllocatorStats();
    for (int i = 0; i < 10; ++i)
        auto t = torch::ones({100});
    const auto after = lw::util::cachingCpuAllocatorStats();
    QCOMPARE(after.hits + after.misses, before.hits + before.misses);
}

void TestCachingCpuAllocator::blocksOverTheCapAreReleased()
{
    {
        auto big = torch::empty({int64_t(100) << 18}); // 100 MiB, over the 64 MiB cap
        QVERIFY(lw::util::cachingCpuAllocatorStats().liveBytes >= size_t(100) << 20);
    }
    QVERIFY(lw::util::cachingCpuAllocatorStats().cachedBytes <= size_t(64) << 20);
}

void TestCachingCpuAllocator::tensorsComputeCorrectly()
{
    torch::manual_seed(1);
    for (int round = 0; round < 3; ++round) {
        auto a = torch::randn({300, 200}), b = torch::randn({200, 100});
        auto c = torch::mm(a, b);
        auto expected = torch::mm(a.to(torch::kDouble), b.to(torch::kDouble));
        QVERIFY((c.to(torch::kDouble) - expected).abs().max().item<double>() < 1e-3);
    }
}

LW_TEST_GUILESS_MAIN(TestCachingCpuAllocator)
#include "test_caching_cpu_allocator.moc"

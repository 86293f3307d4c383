// RowArena: rows keep their values across chunk boundaries (the arena never moves what
// it stored), and the memory it reports stays within one chunk of what the rows need.
#include "core/dedup/row_arena.h"
#include "test_registry.h"

#include <QtTest>

#include <cstdint>

using namespace lw::dedup;

class TestRowArena : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rowsSurviveGrowth();
};

void TestRowArena::rowsSurviveGrowth()
{
    // 128 uint16 values a row: 1024 rows a 256 KB chunk, so 5000 rows fill 5 chunks.
    RowArena<uint16_t> arena(128);
    const uint16_t* firstRow = nullptr;
    for (uint32_t r = 0; r < 5000; ++r) {
        uint16_t* row = arena.append();
        for (uint32_t i = 0; i < 128; ++i)
            row[i] = static_cast<uint16_t>(r * 131 + i);
        if (r == 0)
            firstRow = row;
    }
    QCOMPARE(arena.rows(), size_t(5000));
    QCOMPARE(static_cast<const RowArena<uint16_t>&>(arena).row(0), firstRow); // never moved
    for (uint32_t r = 0; r < 5000; ++r)
        for (uint32_t i = 0; i < 128; ++i)
            QCOMPARE(arena.row(r)[i], static_cast<uint16_t>(r * 131 + i));
    const size_t needed = 5000 * 128 * sizeof(uint16_t);
    QVERIFY(arena.memoryBytes() >= needed);
    QVERIFY(arena.memoryBytes() <= needed + (256 << 10) + 1024);
}

LW_TEST_GUILESS_MAIN(TestRowArena)
#include "test_row_arena.moc"

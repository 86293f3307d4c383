// Parquet read throughput: rows/s and MB/s (of the file) for streaming every row of a
// file given on the command line through ParquetReader, touching every cell. It writes
// nothing; make an input with tests/core/parquet/fixtures/make_fixtures.mjs --bench.
//
//   bench_parquet_read FILE [--repeat N]    (N: timed passes, default 3; the best is reported)
// Prints one human line, then one JSON line.
#include "core/parquet/parquet_reader.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using Clock = std::chrono::steady_clock;

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_parquet_read FILE [--repeat N]\n");
        return 2;
    }
    const std::string path = argv[1];
    int repeat = 3;
    if (argc >= 4 && std::strcmp(argv[2], "--repeat") == 0)
        repeat = std::max(1, std::atoi(argv[3]));
    try {
        const auto openStart = Clock::now();
        const lw::parquet::ParquetReader reader(path);
        const double openMs = std::chrono::duration<double, std::milli>(Clock::now() - openStart).count();
        double best = 1e300;
        int64_t rows = 0;
        uint64_t textBytes = 0;
        int64_t nulls = 0;
        for (int pass = 0; pass < repeat; ++pass) {
            rows = 0;
            textBytes = 0;
            nulls = 0;
            const auto start = Clock::now();
            reader.forEachRow([&](int64_t, const std::vector<lw::parquet::CellValue>& cells) {
                ++rows;
                for (const auto& cell : cells) {
                    nulls += cell.isNull;
                    textBytes += cell.text.size() + uint64_t(cell.integer);
                }
                return true;
            });
            best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
        }
        const double mb = double(reader.fileBytes()) / 1e6;
        std::printf("parquet read: %lld rows x %zu columns of %.1f MB in %.3f s (best of %d): %.0f rows/s, "
                    "%.0f MB/s of file; footer read in %.2f ms (checksum %llu, %lld nulls)\n",
                    static_cast<long long>(rows), reader.columns().size(), mb, best, repeat, double(rows) / best,
                    mb / best, openMs, static_cast<unsigned long long>(textBytes), static_cast<long long>(nulls));
        std::printf("{\"bench\":\"parquet_read\",\"rows\":%lld,\"columns\":%zu,\"file_bytes\":%lld,\"seconds\":%.4f,"
                    "\"rows_per_s\":%.0f,\"mb_per_s\":%.1f,\"open_ms\":%.3f}\n",
                    static_cast<long long>(rows), reader.columns().size(), static_cast<long long>(reader.fileBytes()),
                    best, double(rows) / best, mb / best, openMs);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_parquet_read: %s\n", e.what());
        return 1;
    }
    return 0;
}

// Exact and near-duplicate detection over a file of rows (one per line): rows/s, MB/s,
// peak resident memory of each pass, and the deduplicators' own memory figures.
//
//   bench_near_dedup --generate FILE [--rows N] [--seed S]
//       writes N rows (default 100000) with planted duplicates (bench/planted_duplicates.h)
//       to FILE, and FILE.planted: "row<TAB>original<TAB>kind" for every planted copy
//   bench_near_dedup --input FILE [--decisions PREFIX] [--ngram 5] [--num-perm 128]
//                    [--threshold 0.8] [--seed 1]
//       times a read-only pass, exact dedup, then near dedup over FILE; with --decisions
//       writes PREFIX.exact and PREFIX.near: "row<TAB>matched row<TAB>estimate" per dropped row
// Prints one human line, then one JSON line. bench/bench_near_dedup.sh runs it beside the
// numpy reference (bench/near_dedup_reference.py) on the same file.
#include "bench/planted_duplicates.h"
#include "core/dedup/exact_deduplicator.h"
#include "core/dedup/near_deduplicator.h"

#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>

using namespace lw;
using Clock = std::chrono::steady_clock;

namespace {

struct Pass {
    double seconds = 0;
    double cpuSeconds = 0; // this process's CPU time: the machine may be shared
    int64_t rows = 0;
    int64_t bytes = 0;
    int64_t dropped = 0;
    double peakRssMb = 0;
    size_t memoryBytes = 0;
};

// Peak resident set since the last reset (VmHWM), in MB; the reset (writing 5 to
// /proc/self/clear_refs) lets each pass report its own peak.
double peakRssMb()
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atof(line.c_str() + 6) / 1024.0;
    return 0;
}

void resetPeakRss()
{
    std::ofstream("/proc/self/clear_refs") << "5";
}

// Calls decide(text) for every line and counts what it drops.
template <class Decide> Pass timePass(const std::string& path, Decide&& decide)
{
    resetPeakRss();
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path + ": cannot open");
    Pass pass;
    const std::clock_t cpuStart = std::clock();
    const auto start = Clock::now();
    for (std::string line; std::getline(in, line);) {
        pass.bytes += static_cast<int64_t>(line.size()) + 1;
        pass.dropped += decide(pass.rows, line);
        ++pass.rows;
    }
    pass.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    pass.cpuSeconds = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    pass.peakRssMb = peakRssMb();
    return pass;
}

std::unique_ptr<std::FILE, int (*)(std::FILE*)> openOutput(const std::string& path)
{
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "w"), &std::fclose);
    if (!f)
        throw std::runtime_error(path + ": cannot write");
    return f;
}

void generate(const std::string& path, int64_t rows, uint64_t seed)
{
    auto out = openOutput(path);
    auto planted = openOutput(path + ".planted");
    bench::PlantedCorpus corpus(seed);
    std::string text;
    for (int64_t row = 0; row < rows; ++row) {
        bench::RowKind kind;
        int64_t original;
        corpus.next(text, kind, original);
        text.push_back('\n');
        std::fwrite(text.data(), 1, text.size(), out.get());
        if (original >= 0)
            std::fprintf(planted.get(), "%lld\t%lld\t%s\n", static_cast<long long>(row),
                         static_cast<long long>(original), bench::kindName(kind));
    }
}

std::string passJson(const Pass& p)
{
    char buffer[512];
    std::snprintf(buffer, sizeof buffer,
                  "{\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"rows_per_s\":%.0f,\"rows_per_cpu_s\":%.0f,\"mb_per_s\":%.1f,\"dropped\":%lld,"
                  "\"peak_rss_mb\":%.1f,\"memory_bytes\":%zu}",
                  p.seconds, p.cpuSeconds, p.rows / p.seconds, p.rows / p.cpuSeconds, p.bytes / p.seconds / 1e6, static_cast<long long>(p.dropped),
                  p.peakRssMb, p.memoryBytes);
    return buffer;
}

} // namespace

int main(int argc, char** argv)
{
    std::string input, generatePath, decisions;
    int64_t rows = 100000;
    dedup::NearDedupSettings settings;
    uint64_t dataSeed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const char* value = argv[i + 1];
        if (flag == "--input") input = value;
        else if (flag == "--generate") generatePath = value;
        else if (flag == "--decisions") decisions = value;
        else if (flag == "--rows") rows = std::atoll(value);
        else if (flag == "--ngram") settings.ngram = std::atoi(value);
        else if (flag == "--num-perm") settings.numPerm = std::atoi(value);
        else if (flag == "--threshold") settings.threshold = std::atof(value);
        else if (flag == "--seed") dataSeed = settings.seed = std::strtoull(value, nullptr, 10);
        else {
            std::fprintf(stderr, "bench_near_dedup: unknown option %s\n", flag.c_str());
            return 2;
        }
    }
    try {
        if (!generatePath.empty()) {
            generate(generatePath, rows, dataSeed);
            return 0;
        }
        if (input.empty()) {
            std::fprintf(stderr, "usage: bench_near_dedup --generate FILE [--rows N] | --input FILE\n");
            return 2;
        }
        using FilePtr = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;
        FilePtr exactOut(nullptr, &std::fclose), nearOut(nullptr, &std::fclose);
        if (!decisions.empty()) {
            exactOut = openOutput(decisions + ".exact");
            nearOut = openOutput(decisions + ".near");
        }

        const double baselineRssMb = peakRssMb(); // the program and its libraries, before any row
        const Pass read = timePass(input, [](int64_t, const std::string&) { return false; });

        dedup::ExactDeduplicator exact;
        Pass exactPass = timePass(input, [&](int64_t row, const std::string& text) {
            const dedup::ExactMatch m = exact.add(text);
            if (m.duplicate && exactOut)
                std::fprintf(exactOut.get(), "%lld\t%lld\t1\n", static_cast<long long>(row),
                             static_cast<long long>(m.firstRow));
            return m.duplicate;
        });
        exactPass.memoryBytes = exact.memoryBytes();

        dedup::NearDeduplicator near(settings);
        Pass nearPass = timePass(input, [&](int64_t row, const std::string& text) {
            const dedup::NearMatch m = near.add(text);
            if (m.duplicate && nearOut)
                std::fprintf(nearOut.get(), "%lld\t%lld\t%.6f\n", static_cast<long long>(row),
                             static_cast<long long>(m.matchedRow), m.jaccard);
            return m.duplicate;
        });
        nearPass.memoryBytes = near.memoryBytes();
        const dedup::LshBands lsh = near.lshBands();

        std::printf("near dedup: %lld rows (%.0f MB); read only %.0f rows/s; exact %.0f rows/s "
                    "(%.0f MB/s, %lld dropped, %.1f MB held); near %.0f rows/s (%.1f MB/s, %lld dropped, "
                    "%.1f MB held, peak RSS %.0f MB over a %.0f MB baseline), %d perms, %d bands x %d rows, %s\n",
                    static_cast<long long>(read.rows), read.bytes / 1e6, read.rows / read.seconds,
                    exactPass.rows / exactPass.seconds, exactPass.bytes / exactPass.seconds / 1e6,
                    static_cast<long long>(exactPass.dropped), exactPass.memoryBytes / 1e6,
                    nearPass.rows / nearPass.seconds, nearPass.bytes / nearPass.seconds / 1e6,
                    static_cast<long long>(nearPass.dropped), nearPass.memoryBytes / 1e6, nearPass.peakRssMb, baselineRssMb,
                    settings.numPerm, lsh.bands, lsh.rows, dedup::cpuHasAvx512() ? "AVX-512" : "portable loop");
        std::printf("{\"bench\":\"near_dedup\",\"rows\":%lld,\"bytes\":%lld,\"num_perm\":%d,\"ngram\":%d,"
                    "\"threshold\":%g,\"baseline_rss_mb\":%.1f,\"bands\":%d,\"rows_per_band\":%d,\"avx512\":%s,\"read\":%s,"
                    "\"exact\":%s,\"near\":%s}\n",
                    static_cast<long long>(read.rows), static_cast<long long>(read.bytes), settings.numPerm,
                    settings.ngram, settings.threshold, baselineRssMb, lsh.bands, lsh.rows,
                    dedup::cpuHasAvx512() ? "true" : "false", passJson(read).c_str(),
                    passJson(exactPass).c_str(), passJson(nearPass).c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_near_dedup: %s\n", e.what());
        return 1;
    }
    return 0;
}

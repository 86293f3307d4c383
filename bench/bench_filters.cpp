// Recipe text filters: rows per second and MB/s of each step's decision on real
// instruction data (the answers of llms-from-scratch/instruction-data.json) and on the
// paragraphs of a novel, and heap allocations per kept row (the goal is none).
//
//   bench_filters [--repeats N]    (N: passes over the rows, default 20)
// Prints one human line per step, then one JSON line.
#include "core/filter/language_filter.h"
#include "core/filter/length_filter.h"
#include "core/filter/pii_scrubber.h"
#include "core/filter/quality_filter.h"
#include "core/filter/regex_filter.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iterator>
#include <new>
#include <string>
#include <vector>

namespace {

std::atomic<int64_t> g_allocations{0};

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path + ": cannot open");
    return {std::istreambuf_iterator<char>(in), {}};
}

std::vector<std::string> loadRows()
{
    const std::string dir = LW_SHARED_DATA_DIR "/llms-from-scratch/";
    std::vector<std::string> rows;
    for (const auto& record : nlohmann::json::parse(readAll(dir + "instruction-data.json")))
        rows.push_back(record.at("output").get<std::string>());
    const std::string novel = readAll(dir + "the-verdict.txt");
    for (size_t start = 0; start < novel.size();) {
        size_t end = novel.find("\n\n", start);
        if (end == std::string::npos)
            end = novel.size();
        rows.push_back(novel.substr(start, end - start));
        start = end + 2;
    }
    return rows;
}

struct Result {
    const char* step;
    double rowsPerSecond;
    double megabytesPerSecond;
    double allocationsPerKeptRow;
    double keptFraction;
};

// Runs `decide` (true: kept) over every row `repeats` times after one warm-up pass.
Result measure(const char* step, const std::vector<std::string>& rows, int repeats,
               const std::function<bool(const std::string&)>& decide)
{
    size_t bytes = 0;
    for (const auto& row : rows)
        bytes += row.size();
    int64_t kept = 0;
    int64_t keptAllocations = 0;
    for (const auto& row : rows) // warm-up: thread-local buffers reach their size
        decide(row);
    const auto start = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r) {
        for (const auto& row : rows) {
            const int64_t before = g_allocations.load(std::memory_order_relaxed);
            if (decide(row)) {
                ++kept;
                keptAllocations += g_allocations.load(std::memory_order_relaxed) - before;
            }
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double total = double(rows.size()) * repeats;
    return {step, total / seconds, double(bytes) * repeats / seconds / 1e6,
            kept ? double(keptAllocations) / kept : 0.0, kept / total};
}

} // namespace

// Counting allocations: every operator new of the program comes through here. GCC warns
// that free() meets memory from operator new; here both sides are malloc and free.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(size_t size)
{
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size ? size : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

int main(int argc, char** argv)
{
    try {
        int repeats = 20;
        for (int i = 1; i + 1 < argc; ++i)
            if (std::strcmp(argv[i], "--repeats") == 0)
                repeats = std::atoi(argv[i + 1]);
        const std::vector<std::string> rows = loadRows();
        using nlohmann::json;
        const auto length = lw::filter::LengthFilter::fromJson(json{{"step", "length"}, {"unit", "words"}, {"min", 3}}, "bench");
        const auto regex = lw::filter::RegexFilter::fromJson(
            json{{"step", "regex"}, {"exclude", {"as an ai (language )?model", "(?:lorem|ipsum){2}"}}, {"case_insensitive", true}},
            "bench");
        const auto language = lw::filter::LanguageFilter::fromJson(json{{"step", "language"}, {"keep", "en"}}, "bench");
        const lw::filter::QualityFilter quality;
        const auto gopher = lw::filter::QualityFilter::fromJson(json{{"step", "quality"}, {"preset", "gopher"}}, "bench");
        const lw::filter::PiiScrubber pii;
        lw::filter::PiiCounts counts;
        std::string scrubbed;
        std::vector<Result> results = {
            measure("length", rows, repeats, [&](const std::string& t) { return length.check(t).keep; }),
            measure("regex", rows, repeats, [&](const std::string& t) { return regex.check(t).keep; }),
            measure("language", rows, repeats, [&](const std::string& t) { return language.check(t).keep; }),
            measure("quality", rows, repeats, [&](const std::string& t) { return quality.check(t).keep; }),
            measure("quality_gopher", rows, repeats, [&](const std::string& t) { return gopher.check(t).keep; }),
            measure("pii", rows, repeats, [&](const std::string& t) {
                pii.scrubInto(t, scrubbed, counts);
                return true;
            }),
        };
        std::string jsonLine = "{\"bench\":\"filters\",\"rows\":" + std::to_string(rows.size());
        for (const Result& r : results) {
            std::printf("%-15s %9.0f rows/s %7.1f MB/s  %.2f allocations per kept row  kept %.1f%%\n", r.step,
                        r.rowsPerSecond, r.megabytesPerSecond, r.allocationsPerKeptRow, 100 * r.keptFraction);
            char buffer[256];
            std::snprintf(buffer, sizeof buffer, ",\"%s\":{\"rows_per_s\":%.0f,\"mb_per_s\":%.1f,\"allocations_per_kept_row\":%.2f}",
                          r.step, r.rowsPerSecond, r.megabytesPerSecond, r.allocationsPerKeptRow);
            jsonLine += buffer;
        }
        std::printf("%s}\n", jsonLine.c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_filters: %s\n", e.what());
        return 1;
    }
}

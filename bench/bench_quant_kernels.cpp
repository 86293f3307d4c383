// Quantized matrix kernels: matrix-vector (decode) GB/s of weights read per format on
// the GPT-2 124M matrix shapes and a Llama-1B-like one, as a share of the read bandwidth
// measured the same way the generation bench does; and prefill of 512 (or
// --prefill-rows) input rows in tokens per second, through the integer kernels and
// through the float route (row tiles dequantized, then sgemm), each forced.
//
//   bench_quant_kernels [--isa generic|avx2|avx2-vnni|avx512|avx512-zmm] [--threads 1,2]
//                       [--formats q8_0,q4_0,...] [--shapes 0,5] [--passes N]
//                       [--no-prefill] [--prefill-rows 8,16,32,512] [--cpu-time]
// (--cpu-time: prefill in process CPU seconds, for one thread on a busy machine.)
// Decode reads each matrix from a rotation of copies larger than the caches, as a model
// does token after token. Prints one human line per case, then one JSON line.
#include "core/generate/cpu_kernels.h"
#include "core/generate/cpu_kernels_quant.h"
#include "core/generate/generation_benchmark.h"
#include "core/gguf/ggml_types.h"

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace lw::generate::kernels;

namespace {

struct MatrixShape {
    const char* name;
    int64_t in, out; // cols, rows
};

const MatrixShape kShapes[] = {{"gpt2 qkv", 768, 2304},       {"gpt2 attn-out", 768, 768}, {"gpt2 mlp-up", 768, 3072},
                               {"gpt2 mlp-down", 3072, 768}, {"gpt2 lm-head", 768, 50257}, {"llama-1b mlp-up", 2048, 8192}};

const std::vector<std::pair<std::string, WeightType>> kFormats = {
    {"q8_0", WeightType::Q8_0}, {"q4_0", WeightType::Q4_0}, {"q4_1", WeightType::Q4_1}, {"q5_0", WeightType::Q5_0},
    {"q5_1", WeightType::Q5_1}, {"q4_K", WeightType::Q4_K}, {"q5_K", WeightType::Q5_K}, {"q6_K", WeightType::Q6_K},
    {"int8", WeightType::I8Rows}, {"nf4", WeightType::NF4}, {"f32", WeightType::F32}};

double seconds(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// --cpu-time: prefill timed in the process's CPU seconds (for one thread on a shared
// machine, where wall time counts the time other processes hold the core).
bool prefillInCpuTime = false;

double prefillClock()
{
    if (!prefillInCpuTime)
        return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

// Random bytes with every block's half scales set to small normal values (so no block
// multiplies with an infinity or a NaN), and positive float scales.
struct BenchMatrix {
    std::vector<uint8_t> data;
    std::vector<float> scales;
    WeightMatrix w;
};

BenchMatrix makeMatrix(WeightType type, int64_t rows, int64_t cols, std::mt19937& rng)
{
    BenchMatrix m;
    m.w.type = type;
    m.w.rows = rows;
    m.w.cols = cols;
    m.data.resize(size_t(m.w.rowBytes() * rows));
    std::uniform_int_distribution<int> byte(0, 255);
    for (uint8_t& b : m.data)
        b = uint8_t(byte(rng));
    const uint16_t small = lw::gguf::floatToHalf(0.01f);
    auto setHalves = [&](int64_t blockBytes, std::vector<int64_t> offsets) {
        for (size_t at = 0; at + size_t(blockBytes) <= m.data.size(); at += size_t(blockBytes))
            for (int64_t o : offsets)
                std::memcpy(&m.data[at + size_t(o)], &small, 2);
    };
    switch (type) {
    case WeightType::Q8_0: setHalves(34, {0}); break;
    case WeightType::Q4_0: setHalves(18, {0}); break;
    case WeightType::Q4_1: setHalves(20, {0, 2}); break;
    case WeightType::Q5_0: setHalves(22, {0}); break;
    case WeightType::Q5_1: setHalves(24, {0, 2}); break;
    case WeightType::Q4_K: setHalves(144, {0, 2}); break;
    case WeightType::Q5_K: setHalves(176, {0, 2}); break;
    case WeightType::Q6_K: setHalves(210, {208}); break;
    case WeightType::I8Rows: m.scales.assign(size_t(rows), 0.01f); break;
    case WeightType::NF4: m.scales.assign(size_t(rows * cols / 64), 0.01f); break;
    case WeightType::F32: {
        float* f = reinterpret_cast<float*>(m.data.data());
        for (int64_t i = 0; i < rows * cols; ++i)
            f[i] = 0.01f * float(int(i % 255) - 127);
        break;
    }
    default: break;
    }
    m.w.data = m.data.data();
    m.w.scales = m.scales.empty() ? nullptr : m.scales.data();
    return m;
}

// Copies of `source` whose total exceeds `bytes`, each its own allocation.
std::vector<BenchMatrix> rotation(const BenchMatrix& source, int64_t bytes)
{
    const int64_t copies = std::max<int64_t>(2, (bytes + source.w.bytes() - 1) / source.w.bytes());
    std::vector<BenchMatrix> all(size_t(copies), source);
    for (BenchMatrix& m : all) {
        m.w.data = m.data.data();
        m.w.scales = m.scales.empty() ? nullptr : m.scales.data();
    }
    return all;
}

// Seconds per matrix-vector product: median over passes through the rotation.
double decodeSeconds(const std::vector<BenchMatrix>& copies, int passes)
{
    const int64_t cols = copies[0].w.cols, rows = copies[0].w.rows;
    std::vector<float> x(size_t(cols), 0.5f);
    std::vector<float> y(static_cast<size_t>(rows));
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = float(int(i % 17) - 8) * 0.1f;
    std::vector<double> times;
    for (int pass = 0; pass <= passes; ++pass) {
        const auto start = std::chrono::steady_clock::now();
        for (const BenchMatrix& m : copies)
            linear(x.data(), 1, cols, m.w, nullptr, y.data(), rows, false);
        if (pass > 0) // the first pass warms the pages and the threads
            times.push_back(seconds(start) / double(copies.size()));
    }
    return medianOf(times);
}

// Seconds for `rows` input rows: the integer kernels, and the float route.
std::pair<double, double> prefillSeconds(const BenchMatrix& m, int64_t rows, int passes)
{
    const int64_t k = m.w.cols;
    std::vector<float> x(size_t(rows * k)), y(size_t(rows * m.w.rows));
    for (size_t i = 0; i < x.size(); ++i)
        x[i] = float(int(i % 23) - 11) * 0.05f;
    std::vector<double> quantized, viaFloat;
    for (int pass = 0; pass <= passes; ++pass) {
        setQuantFloatRouteRows(m.w.type, rows + 1);
        double start = prefillClock();
        linear(x.data(), rows, k, m.w, nullptr, y.data(), m.w.rows, false);
        const double q = prefillClock() - start;
        setQuantFloatRouteRows(m.w.type, 1);
        start = prefillClock();
        linear(x.data(), rows, k, m.w, nullptr, y.data(), m.w.rows, false);
        const double f = prefillClock() - start;
        if (pass > 0) {
            quantized.push_back(q);
            viaFloat.push_back(f);
        }
    }
    setQuantFloatRouteRows(m.w.type, 0);
    return {medianOf(quantized), medianOf(viaFloat)};
}

std::vector<std::string> splitList(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty())
            out.push_back(item);
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    std::string isa = "best", threadList = "1,2", formatList, shapeList, prefillList = "512";
    int passes = 7;
    bool prefill = true;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool hasValue = i + 1 < argc;
        if (a == "--isa" && hasValue)
            isa = argv[++i];
        else if (a == "--threads" && hasValue)
            threadList = argv[++i];
        else if (a == "--formats" && hasValue)
            formatList = argv[++i];
        else if (a == "--shapes" && hasValue)
            shapeList = argv[++i];
        else if (a == "--prefill-rows" && hasValue)
            prefillList = argv[++i];
        else if (a == "--passes" && hasValue)
            passes = std::max(1, std::atoi(argv[++i]));
        else if (a == "--no-prefill")
            prefill = false;
        else if (a == "--cpu-time")
            prefillInCpuTime = true;
        else {
            std::fprintf(stderr, "usage: bench_quant_kernels [--isa NAME] [--threads 1,2] [--formats a,b] [--shapes 0,5] "
                                 "[--passes N] [--no-prefill] [--prefill-rows 8,512] [--cpu-time]\n");
            return 2;
        }
    }
    const std::string used = setQuantKernelIsa(isa);
    const std::vector<std::string> wanted = splitList(formatList);
    constexpr int64_t kRotationBytes = int64_t(384) << 20;
    nlohmann::json results = nlohmann::json::array();
    std::mt19937 rng(7);
    for (const std::string& t : splitList(threadList)) {
        const int threads = std::atoi(t.c_str());
        at::set_num_threads(threads);
        const double bandwidth = lw::generate::measureReadBandwidth(int64_t(512) << 20, 5);
        std::printf("threads %d: read bandwidth %.1f GB/s, quantized kernels %s\n", threads, bandwidth / 1e9,
                    used.c_str());
        for (const auto& [name, type] : kFormats) {
            if (!wanted.empty() && std::find(wanted.begin(), wanted.end(), name) == wanted.end())
                continue;
            for (size_t shapeIndex = 0; shapeIndex < std::size(kShapes); ++shapeIndex) {
                const MatrixShape& shape = kShapes[shapeIndex];
                const std::vector<std::string> shapes = splitList(shapeList);
                if (!shapes.empty() && std::find(shapes.begin(), shapes.end(), std::to_string(shapeIndex)) == shapes.end())
                    continue;
                const BenchMatrix m = makeMatrix(type, shape.out, shape.in, rng);
                const double decode = decodeSeconds(rotation(m, kRotationBytes), passes);
                const double gbs = double(m.w.bytes()) / decode / 1e9;
                nlohmann::json row = {{"format", name},          {"shape", shape.name},
                                      {"in", shape.in},          {"out", shape.out},
                                      {"threads", threads},      {"isa", used},
                                      {"matvec_us", decode * 1e6}, {"gb_per_s", gbs},
                                      {"bandwidth_share", gbs * 1e9 / bandwidth}};
                std::printf("%-5s %-16s %5lldx%-6lld t%d  matvec %9.1f us  %6.1f GB/s  %5.1f%% of bandwidth",
                            name.c_str(), shape.name, (long long)shape.in, (long long)shape.out, threads, decode * 1e6,
                            gbs, 100.0 * gbs * 1e9 / bandwidth);
                if (prefill && type != WeightType::F32 && shape.out < 50000)
                    for (const std::string& n : splitList(prefillList)) {
                        const int64_t rows = std::max(1, std::atoi(n.c_str()));
                        const auto [quantized, viaFloat] = prefillSeconds(m, rows, std::max(1, passes / 3));
                        row["prefill" + n + "_integer_tokens_per_s"] = double(rows) / quantized;
                        row["prefill" + n + "_float_route_tokens_per_s"] = double(rows) / viaFloat;
                        std::printf("  prefill-%s integer %7.0f / float route %7.0f tok/s", n.c_str(),
                                    double(rows) / quantized, double(rows) / viaFloat);
                    }
                std::printf("\n");
                std::fflush(stdout);
                results.push_back(row);
            }
        }
        results.push_back({{"threads", threads}, {"read_bandwidth_gb_per_s", bandwidth / 1e9}});
    }
    std::printf("%s\n", nlohmann::json{{"bench", "quant_kernels"}, {"results", results}}.dump().c_str());
    return 0;
}

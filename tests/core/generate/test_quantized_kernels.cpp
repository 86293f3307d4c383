// The quantized decode kernels against the scalar reference (dequantized weights, a
// double-precision dot product), for every weight type and every instruction set this
// CPU runs, on odd shapes: 1 to 300 weight rows (every remainder of the 512-bit
// kernels' passes of 4 rows), one block to 4096 columns (odd numbers of 32-blocks), 1
// to 64 input rows, bias and accumulate, 1 and 2 threads. The integer kernels are
// tested with the float route switched off; the float route (prefill: weight tiles
// dequantized, then sgemm) on both sides of its switch.
//
// Two kinds of inputs. "Exact" inputs are n * 2^e with |n| <= 127 and a +-127 in every
// 32 elements: the kernels' 8-bit input blocks then hold them exactly, so the kernels
// must equal the reference up to float rounding (tolerance below). General inputs move
// by at most d / 2 = max|x_block| / 254 each when quantized, so there the product may
// differ by sum over blocks of max|x_block| / 254 * sum|w_block| more (the bound stated
// in cpu_kernels_quant.h), computed here from the dequantized weights.
#include "core/generate/cpu_kernels.h"
#include "core/generate/cpu_kernels_quant.h"
#include "core/gguf/ggml_types.h"
#include "core/quant/nf4_values.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <ATen/Parallel.h>
#include <QtTest>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

// Named, not anonymous: the folder's tests are compiled as unity units.
namespace quantized_kernels_test {

using namespace lw::generate::kernels;
using lw::gguf::GgmlType;

const std::vector<WeightType> kQuantTypes = {WeightType::Q8_0, WeightType::Q4_0, WeightType::Q4_1, WeightType::Q5_0,
                                             WeightType::Q5_1, WeightType::Q4_K, WeightType::Q5_K, WeightType::Q6_K,
                                             WeightType::I8Rows, WeightType::NF4};

GgmlType ggmlTypeOfQuant(WeightType type)
{
    switch (type) {
    case WeightType::Q8_0: return GgmlType::Q8_0;
    case WeightType::Q4_0: return GgmlType::Q4_0;
    case WeightType::Q4_1: return GgmlType::Q4_1;
    case WeightType::Q5_0: return GgmlType::Q5_0;
    case WeightType::Q5_1: return GgmlType::Q5_1;
    case WeightType::Q4_K: return GgmlType::Q4_K;
    case WeightType::Q5_K: return GgmlType::Q5_K;
    default: return GgmlType::Q6_K;
    }
}

// A quantized matrix with the storage its WeightMatrix points into.
struct QuantMatrix {
    std::vector<uint8_t> data;
    std::vector<float> scales;
    WeightMatrix w;
};

void storeHalfScale(uint8_t* p, float value)
{
    const uint16_t h = lw::gguf::floatToHalf(value);
    std::memcpy(p, &h, 2);
}

// Legacy formats from gguf::quantize of normal weights; K-quant blocks from random bytes
// with valid half scales (dmin below d, so a row's largest weight exceeds its mins);
// int8 rows and NF4 codes from random bytes with positive scales.
QuantMatrix makeQuantMatrix(WeightType type, int64_t rows, int64_t cols, std::mt19937& rng)
{
    QuantMatrix m;
    m.w.type = type;
    m.w.rows = rows;
    m.w.cols = cols;
    m.data.resize(size_t(rows * m.w.rowBytes()));
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_real_distribution<float> unit(0.5f, 1.0f);
    switch (type) {
    case WeightType::Q8_0:
    case WeightType::Q4_0:
    case WeightType::Q4_1:
    case WeightType::Q5_0:
    case WeightType::Q5_1: {
        std::normal_distribution<float> normal(0.0f, 1.0f);
        std::vector<float> values(size_t(rows * cols));
        for (float& v : values)
            v = normal(rng) + 0.3f; // off centre, so the mins of Q4_1 and Q5_1 matter
        lw::gguf::quantize(ggmlTypeOfQuant(type), values.data(), m.data.data(), uint64_t(rows * cols));
        break;
    }
    case WeightType::Q4_K:
    case WeightType::Q5_K:
    case WeightType::Q6_K: {
        for (uint8_t& b : m.data)
            b = uint8_t(byte(rng));
        const int64_t blockBytes = type == WeightType::Q4_K ? 144 : type == WeightType::Q5_K ? 176 : 210;
        for (size_t at = 0; at < m.data.size(); at += size_t(blockBytes)) {
            const float d = 0.01f * unit(rng);
            if (type == WeightType::Q6_K) {
                storeHalfScale(&m.data[at + 208], d);
            } else {
                storeHalfScale(&m.data[at], d);
                storeHalfScale(&m.data[at + 2], 0.25f * d * unit(rng));
            }
        }
        break;
    }
    case WeightType::I8Rows:
    case WeightType::NF4: {
        for (uint8_t& b : m.data)
            b = uint8_t(byte(rng));
        m.scales.resize(size_t(type == WeightType::I8Rows ? rows : rows * cols / 64));
        for (float& s : m.scales)
            s = 0.02f * unit(rng);
        break;
    }
    default: break;
    }
    m.w.data = m.data.data();
    m.w.scales = m.scales.empty() ? nullptr : m.scales.data();
    return m;
}

// Exact inputs: n * 2^-5 with |n| <= 127, one element of every 32 set to +-127 * 2^-5.
std::vector<float> exactKernelInputs(int64_t m, int64_t ldx, std::mt19937& rng)
{
    std::uniform_int_distribution<int> level(-127, 127);
    std::vector<float> x(size_t(m * ldx));
    for (int64_t i = 0; i < m; ++i)
        for (int64_t c = 0; c < ldx; ++c)
            x[size_t(i * ldx + c)] = std::ldexp(float(c % 32 == 5 ? (c % 64 == 5 ? 127 : -127) : level(rng)), -5);
    return x;
}

std::vector<float> generalKernelInputs(int64_t m, int64_t ldx, std::mt19937& rng)
{
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> x(size_t(m * ldx));
    for (float& v : x)
        v = normal(rng);
    return x;
}

struct KernelCase {
    int64_t rows, cols, m;
    bool bias, accumulate;
    int threads;
};

// Shapes in blocks of the type: one block, several, 4096 columns.
std::vector<KernelCase> kernelCasesFor(WeightType type)
{
    const int64_t block = type == WeightType::I8Rows ? 32 : weightBlockSize(type);
    return {{1, block, 1, false, false, 1},      {3, 3 * block, 2, true, false, 1},  {5, 4096, 7, false, true, 2},
            {17, block, 64, true, true, 2},      {33, 3 * block, 7, true, false, 1}, {33, 4096, 64, false, false, 2},
            {17, 4096, 1, true, true, 1},        {300, 4096, 1, true, false, 2},     {5, 5 * block, 2, false, true, 2},
            {2, 7 * block, 3, true, false, 1},   {6, 2 * block, 5, false, true, 1},  {7, 9 * block, 1, true, false, 1}};
}

// |y - reference| allowed for output (i, r): float rounding over the terms the kernels
// add (each weight and each block's offset or min, at most the row's largest |w|), plus
// for general inputs the quantization bound of the header.
double allowedError(const WeightMatrix& w, int64_t r, const float* x, bool generalInput, double yBefore, double bias)
{
    std::vector<float> row(size_t(w.cols));
    weightRow(w, r, row.data());
    double largest = 0;
    for (float v : row)
        largest = std::max(largest, double(std::fabs(v)));
    double magnitude = 0;
    for (int64_t i = 0; i < w.cols; ++i)
        magnitude += std::fabs(double(x[i])) * (std::fabs(double(row[size_t(i)])) + 2 * largest);
    double allowed = 1e-5 * magnitude + 1e-6 * (std::fabs(yBefore) + std::fabs(bias)) + 1e-30;
    if (generalInput && w.type != WeightType::NF4) {
        const bool super = w.type == WeightType::Q4_K || w.type == WeightType::Q5_K || w.type == WeightType::Q6_K;
        const int64_t block = super ? 256 : 32;
        for (int64_t b = 0; b < w.cols; b += block) {
            double amax = 0, weights = 0;
            for (int64_t i = b; i < b + block; ++i) {
                amax = std::max(amax, std::fabs(double(x[i])));
                weights += std::fabs(double(row[size_t(i)]));
            }
            allowed += 1.01 * amax / 254.0 * weights;
        }
    }
    return allowed;
}

// linear() of q with the input rows x (row stride ldx) against linearReference, with
// the bias, accumulate and threads of s; outputs within allowedError of the reference,
// and the output columns past the matrix's untouched.
void compareWithReference(const QuantMatrix& q, const std::vector<float>& x, int64_t ldx, const KernelCase& s,
                          bool generalInput, std::mt19937& rng)
{
    const int64_t ldy = s.rows + 3;
    std::vector<float> bias(size_t(s.rows));
    for (size_t r = 0; r < bias.size(); ++r)
        bias[r] = 0.1f * float(int(r % 7) - 3);
    std::vector<float> before = generalKernelInputs(s.m, ldy, rng);
    std::vector<float> fast = before, reference = before;
    at::set_num_threads(s.threads);
    linear(x.data(), s.m, ldx, q.w, s.bias ? bias.data() : nullptr, fast.data(), ldy, s.accumulate);
    linearReference(x.data(), s.m, ldx, q.w, s.bias ? bias.data() : nullptr, reference.data(), ldy, s.accumulate);
    at::set_num_threads(1);
    for (int64_t i = 0; i < s.m; ++i)
        for (int64_t r = 0; r < s.rows; ++r) {
            const size_t at = size_t(i * ldy + r);
            const double allowed = allowedError(q.w, r, x.data() + i * ldx, generalInput,
                                                s.accumulate ? before[at] : 0.0, s.bias ? bias[size_t(r)] : 0.0);
            if (std::fabs(double(fast[at]) - double(reference[at])) > allowed)
                QFAIL(qPrintable(QString("%1 on %2: rows %3 cols %4 m %5 threads %6: y[%7][%8] = %9, reference %10 "
                                         "(allowed difference %11)")
                                     .arg(weightTypeName(q.w.type))
                                     .arg(QString::fromStdString(quantKernelName()))
                                     .arg(s.rows)
                                     .arg(s.cols)
                                     .arg(s.m)
                                     .arg(s.threads)
                                     .arg(i)
                                     .arg(r)
                                     .arg(double(fast[at]), 0, 'g', 9)
                                     .arg(double(reference[at]), 0, 'g', 9)
                                     .arg(allowed, 0, 'g', 3)));
        }
    // Rows past the matrix's in each output row are left alone.
    for (int64_t i = 0; i < s.m; ++i)
        for (int64_t r = s.rows; r < ldy; ++r)
            QCOMPARE(fast[size_t(i * ldy + r)], before[size_t(i * ldy + r)]);
}

void checkAgainstReference(WeightType type, bool generalInput, const std::vector<KernelCase>& cases)
{
    std::mt19937 rng(1234 + int(type));
    for (const KernelCase& s : cases) {
        const QuantMatrix q = makeQuantMatrix(type, s.rows, s.cols, rng);
        const int64_t ldx = s.cols + 5;
        const std::vector<float> x = generalInput ? generalKernelInputs(s.m, ldx, rng) : exactKernelInputs(s.m, ldx, rng);
        compareWithReference(q, x, ldx, s, generalInput, rng);
        if (QTest::currentTestFailed())
            return;
    }
}

// Q4_0 or Q8_0 rows at the ends of the level range: every Q4_0 level 15 (rows 0, 3, ...)
// or 0 (rows 1, 4, ...), every Q8_0 level -128 or 127; every third row random levels.
// Half scales 0.01 to 0.05.
QuantMatrix extremeLevelMatrix(WeightType type, int64_t rows, int64_t cols, std::mt19937& rng)
{
    QuantMatrix m;
    m.w.type = type;
    m.w.rows = rows;
    m.w.cols = cols;
    m.data.resize(size_t(rows * m.w.rowBytes()));
    const bool q4 = type == WeightType::Q4_0;
    const size_t blockBytes = q4 ? 18 : 34;
    std::uniform_int_distribution<int> byte(0, 255);
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t b = 0; b < cols / 32; ++b) {
            uint8_t* block = m.data.data() + size_t(r * m.w.rowBytes()) + size_t(b) * blockBytes;
            storeHalfScale(block, 0.01f * float(1 + (r + b) % 5));
            for (size_t t = 2; t < blockBytes; ++t)
                block[t] = r % 3 == 0 ? (q4 ? 0xff : 0x80) : r % 3 == 1 ? (q4 ? 0x00 : 0x7f) : uint8_t(byte(rng));
        }
    m.w.data = m.data.data();
    return m;
}

// Inputs whose 8-bit levels are all +-127: rows of +127 * 2^-5, of -127 * 2^-5, and of
// alternating signs (held exactly by the kernels' input blocks).
std::vector<float> extremeKernelInputs(int64_t m, int64_t ldx)
{
    std::vector<float> x(size_t(m * ldx));
    for (int64_t i = 0; i < m; ++i)
        for (int64_t c = 0; c < ldx; ++c)
            x[size_t(i * ldx + c)] = std::ldexp(i % 3 == 2 ? (c % 2 ? -127.0f : 127.0f) : i % 3 ? -127.0f : 127.0f, -5);
    return x;
}

// Test data: a row per weight type and instruction set ("type", "isa").
void addTypeAndIsaRows(const std::vector<WeightType>& types)
{
    QTest::addColumn<int>("type");
    QTest::addColumn<QString>("isa");
    for (const char* isa : {"generic", "avx2", "avx2-vnni", "avx512-vnni", "avx512-zmm"})
        for (WeightType type : types)
            QTest::newRow(qPrintable(QString("%1 %2").arg(weightTypeName(type), isa))) << int(type) << isa;
}

} // namespace quantized_kernels_test

class TestQuantizedKernels : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cleanup()
    {
        using namespace quantized_kernels_test;
        setQuantKernelIsa("best");
        setFloatKernelIsa("best");
        for (WeightType type : kQuantTypes)
            setQuantFloatRouteRows(type, 0);
    }

    void linearMatchesReference_data()
    {
        using namespace quantized_kernels_test;
        addTypeAndIsaRows(kQuantTypes);
    }

    void linearMatchesReference()
    {
        using namespace quantized_kernels_test;
        QFETCH(int, type);
        QFETCH(QString, isa);
        if (QString::fromStdString(setQuantKernelIsa(isa.toStdString())) != isa)
            QSKIP("this CPU lacks the instruction set");
        setQuantFloatRouteRows(WeightType(type), int64_t(1) << 40); // integer kernels only
        checkAgainstReference(WeightType(type), false, kernelCasesFor(WeightType(type)));
        checkAgainstReference(WeightType(type), true, kernelCasesFor(WeightType(type)));
    }

    // The prefill kernels of Q4_0 and Q8_0 (under `avx2`: register tiles of 8 weight rows
    // by 4 input rows), and under the other instruction sets their row kernels, on the
    // same cases: weight rows in no whole tile, whole tiles, and whole tiles then a ragged
    // one; input rows from the prefill kernels' minimum (4) past a cache tile of 64 with
    // groups of 1 to 3 left over; 1 and 2 threads. Then extreme levels against inputs at
    // +-127, where an int16 lane that overflowed would show.
    void prefillTilesMatchReference_data()
    {
        using namespace quantized_kernels_test;
        addTypeAndIsaRows({WeightType::Q4_0, WeightType::Q8_0});
    }

    void prefillTilesMatchReference()
    {
        using namespace quantized_kernels_test;
        QFETCH(int, type);
        QFETCH(QString, isa);
        if (QString::fromStdString(setQuantKernelIsa(isa.toStdString())) != isa)
            QSKIP("this CPU lacks the instruction set");
        const WeightType t = WeightType(type);
        setQuantFloatRouteRows(t, int64_t(1) << 40); // integer kernels only
        const std::vector<KernelCase> cases = {
            {8, 32, 4, false, false, 1},   {5, 64, 4, true, true, 1},     {13, 96, 5, true, false, 1},
            {16, 256, 7, false, true, 1},  {3, 64, 67, true, true, 1},    {40, 768, 130, false, true, 2},
            {77, 160, 9, true, false, 2},  {300, 64, 66, false, false, 2}, {21, 3072, 11, true, true, 2}};
        checkAgainstReference(t, false, cases);
        checkAgainstReference(t, true, cases);
        std::mt19937 rng(4242 + type);
        for (const KernelCase& s : {KernelCase{11, 96, 6, true, false, 1}, KernelCase{24, 3072, 5, false, true, 2}}) {
            const QuantMatrix q = extremeLevelMatrix(t, s.rows, s.cols, rng);
            compareWithReference(q, extremeKernelInputs(s.m, s.cols), s.cols, s, false, rng);
        }
    }

    // From quantFloatRouteRows input rows on, a product is the dequantized weights' up to
    // float rounding even for general inputs (the float route keeps the inputs float);
    // one row fewer takes the integer kernels, whose 8-bit inputs move some output of
    // general inputs past float rounding (the switch is where it says). Both sides stay
    // within the reference's bound, with bias, accumulate and 1 or 2 threads.
    void floatRouteSwitchesAtItsRows_data()
    {
        using namespace quantized_kernels_test;
        QTest::addColumn<int>("type");
        for (WeightType type : kQuantTypes)
            QTest::newRow(weightTypeName(type)) << int(type);
    }

    void floatRouteSwitchesAtItsRows()
    {
        using namespace quantized_kernels_test;
        QFETCH(int, type);
        const WeightType t = WeightType(type);
        const int64_t block = t == WeightType::I8Rows ? 32 : weightBlockSize(t);
        std::mt19937 rng(77 + type);
        // Switch points 1 and 5, and the default where this CPU's kernels have one.
        std::vector<int64_t> switchPoints = {1, 5};
        if (quantFloatRouteRows(t) <= 300)
            switchPoints.push_back(quantFloatRouteRows(t));
        for (int64_t at : switchPoints) {
            setQuantFloatRouteRows(t, at);
            const std::vector<KernelCase> cases = {{37, 3 * block, at, true, true, 2},
                                                   {19, 2 * block, std::max<int64_t>(1, at - 1), false, false, 1}};
            checkAgainstReference(t, true, cases);
            for (int64_t m : {at, at + 1, at - 1}) {
                if (m < 1)
                    continue;
                const QuantMatrix q = makeQuantMatrix(t, 21, 5 * block, rng);
                const std::vector<float> x = generalKernelInputs(m, q.w.cols, rng);
                std::vector<float> y(size_t(m * q.w.rows)), reference(y.size());
                linear(x.data(), m, q.w.cols, q.w, nullptr, y.data(), q.w.rows, false);
                linearReference(x.data(), m, q.w.cols, q.w, nullptr, reference.data(), q.w.rows, false);
                int64_t pastFloatRounding = 0;
                for (int64_t i = 0; i < m; ++i)
                    for (int64_t r = 0; r < q.w.rows; ++r) {
                        const size_t o = size_t(i * q.w.rows + r);
                        const double floatRounding = allowedError(q.w, r, x.data() + i * q.w.cols, false, 0.0, 0.0);
                        pastFloatRounding += std::fabs(double(y[o]) - double(reference[o])) > floatRounding;
                    }
                const QString where = QString("m %1, switch at %2: %3 outputs past float rounding")
                                          .arg(m)
                                          .arg(at)
                                          .arg(pastFloatRounding);
                if (m >= at)
                    QVERIFY2(pastFloatRounding == 0, qPrintable(where));
                else if (t != WeightType::NF4) // NF4's integer-free kernel keeps float inputs too
                    QVERIFY2(pastFloatRounding > 0, qPrintable(where));
            }
        }
    }

    // Decoding (one input row) and small batches keep the integer kernels under every
    // instruction set; on CPUs with AVX2 but no AVX-512, prompts take the float route
    // (sgemm) only for the formats it was measured faster for (docs/BENCHMARKS.md): NF4
    // from 128 rows, Q4_1 and Q5_x from 256. An explicit switch point still applies.
    void defaultSwitchPoints()
    {
        using namespace quantized_kernels_test;
        const bool avx512Floats = kernelName().rfind("avx512", 0) == 0;
        for (const char* isa : {"generic", "avx2", "avx2-vnni", "avx512-vnni", "avx512-zmm"}) {
            if (setQuantKernelIsa(isa) != isa)
                continue;
            const bool avx2Only = !avx512Floats && QString(isa).startsWith("avx2");
            for (WeightType type : kQuantTypes) {
                const QString name = QString("%1 %2").arg(weightTypeName(type), isa);
                QVERIFY2(quantFloatRouteRows(type) >= 8, qPrintable(name));
                if (avx2Only) {
                    const int64_t expected = type == WeightType::NF4 ? 128
                                             : type == WeightType::Q4_1 || type == WeightType::Q5_0 ||
                                                       type == WeightType::Q5_1
                                                 ? 256
                                                 : std::numeric_limits<int64_t>::max();
                    QVERIFY2(quantFloatRouteRows(type) == expected, qPrintable(name));
                }
                setQuantFloatRouteRows(type, 5);
                QCOMPARE(quantFloatRouteRows(type), int64_t(5));
                setQuantFloatRouteRows(type, 0);
            }
        }
    }

    // An unknown name is an error; a set the CPU lacks falls to one it has.
    void isaNames()
    {
        using namespace quantized_kernels_test;
        QVERIFY_THROWS_EXCEPTION(lw::Error, setQuantKernelIsa("avx1024"));
        QCOMPARE(QString::fromStdString(setQuantKernelIsa("generic")), QString("generic"));
        QCOMPARE(QString::fromStdString(quantKernelName()), QString("generic"));
        const QString best = QString::fromStdString(setQuantKernelIsa("best"));
        QVERIFY(QStringList({"generic", "avx2", "avx2-vnni", "avx512-vnni", "avx512-zmm"}).contains(best));
        // "avx512" names the 256-bit AVX-512 kernels, below the 512-bit ones.
        if (best == "avx512-zmm")
            QCOMPARE(QString::fromStdString(setQuantKernelIsa("avx512")), QString("avx512-vnni"));
    }

    // quantizedWeightRow returns the dequantized values: gguf::dequantize's for the block
    // formats, scale * q for int8 rows, table value * absmax for NF4.
    void weightRowsAreDequantizedValues()
    {
        using namespace quantized_kernels_test;
        std::mt19937 rng(99);
        for (WeightType type : kQuantTypes) {
            const int64_t cols = type == WeightType::I8Rows ? 96 : 2 * std::max<int64_t>(64, weightBlockSize(type));
            const QuantMatrix q = makeQuantMatrix(type, 3, cols, rng);
            std::vector<float> row(static_cast<size_t>(cols)), expected(static_cast<size_t>(cols));
            for (int64_t r = 0; r < 3; ++r) {
                quantizedWeightRow(q.w, r, row.data());
                const uint8_t* bytes = q.data.data() + r * q.w.rowBytes();
                if (type == WeightType::I8Rows) {
                    for (int64_t i = 0; i < cols; ++i)
                        expected[size_t(i)] = q.scales[size_t(r)] * float(int8_t(bytes[i]));
                } else if (type == WeightType::NF4) {
                    for (int64_t i = 0; i < cols; ++i) {
                        const int code = i % 2 == 0 ? bytes[i / 2] >> 4 : bytes[i / 2] & 15;
                        expected[size_t(i)] = lw::quant::kNf4Values[size_t(code)] * q.scales[size_t(r * cols / 64 + i / 64)];
                    }
                } else {
                    lw::gguf::dequantize(ggmlTypeOfQuant(type), bytes, expected.data(), uint64_t(cols));
                }
                for (int64_t i = 0; i < cols; ++i)
                    QCOMPARE(row[size_t(i)], expected[size_t(i)]);
            }
        }
    }
};

LW_TEST_GUILESS_MAIN(TestQuantizedKernels)
#include "test_quantized_kernels.moc"

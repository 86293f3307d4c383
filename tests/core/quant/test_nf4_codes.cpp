// The 16 NF4 values are the QLoRA paper's NormalFloat quantiles. The construction
// (bitsandbytes' create_normal_map(offset=0.9677083, use_extra_value=True)):
//   positive = Phi^-1(linspace(offset, 0.5, 9)[:-1])   8 values
//   negative = -Phi^-1(linspace(offset, 0.5, 8)[:-1])  7 values
//   values   = sorted(positive + [0] + negative) / max
// Phi^-1 is computed here by bisection on Phi(z) = erfc(-z / sqrt(2)) / 2, in double.
#include "core/quant/nf4.h"
#include "test_registry.h"

#include <QtTest>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

double normalQuantile(double p)
{
    double lo = -10.0, hi = 10.0;
    for (int i = 0; i < 200; ++i) {
        const double mid = (lo + hi) / 2;
        if (std::erfc(-mid / std::sqrt(2.0)) / 2 < p)
            lo = mid;
        else
            hi = mid;
    }
    return (lo + hi) / 2;
}

// numpy.linspace(start, stop, count) without its last element.
std::vector<double> linspaceDroppingLast(double start, double stop, int count)
{
    std::vector<double> out;
    for (int i = 0; i + 1 < count; ++i)
        out.push_back(start + (stop - start) * i / (count - 1));
    return out;
}

std::vector<double> normalFloatValues()
{
    const double offset = 0.9677083;
    std::vector<double> values{0.0};
    for (double p : linspaceDroppingLast(offset, 0.5, 9))
        values.push_back(normalQuantile(p));
    for (double p : linspaceDroppingLast(offset, 0.5, 8))
        values.push_back(-normalQuantile(p));
    std::sort(values.begin(), values.end());
    const double largest = values.back();
    for (double& v : values)
        v /= largest;
    return values;
}

} // namespace

class TestNf4Codes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quantileSanity();
    void valuesAreThePapersQuantiles();
};

void TestNf4Codes::quantileSanity()
{
    // Textbook values: Phi^-1(0.975) = 1.959964, Phi^-1(0.5) = 0, Phi^-1(0.8413447) = 1.
    QVERIFY(std::abs(normalQuantile(0.975) - 1.959964) < 1e-6);
    QVERIFY(std::abs(normalQuantile(0.5)) < 1e-12);
    QVERIFY(std::abs(normalQuantile(0.8413447) - 1.0) < 1e-6);
}

void TestNf4Codes::valuesAreThePapersQuantiles()
{
    const std::vector<double> expected = normalFloatValues();
    const auto& table = lw::quant::nf4CodeValues();
    QCOMPARE(expected.size(), table.size());
    for (size_t i = 0; i < table.size(); ++i) {
        if (std::abs(double(table[i]) - expected[i]) > 1e-6)
            QFAIL(qPrintable(QString("value %1: table %2, paper %3").arg(i).arg(table[i], 0, 'g', 10)
                                 .arg(expected[i], 0, 'g', 10)));
    }
    QCOMPARE(table[7], 0.0f);
}

LW_TEST_GUILESS_MAIN(TestNf4Codes)
#include "test_nf4_codes.moc"

// Near-dedup settings: each bad value is refused naming its JSON field, and the LSH bands
// x rows chosen for a threshold are the minimum of the weighted false-positive and
// false-negative areas, found again here by brute force with another integrator
// (composite Simpson) over every admissible pair.
#include "core/dedup/near_dedup_settings.h"
#include "core/util/error.h"
#include "test_registry.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace lw::dedup;

namespace {

template <class F> double simpson(F&& f, double from, double to, int intervals = 2000)
{
    const double h = (to - from) / intervals;
    double sum = f(from) + f(to);
    for (int i = 1; i < intervals; ++i)
        sum += (i % 2 ? 4 : 2) * f(from + i * h);
    return sum * h / 3;
}

// 0.5 * (area under P below t) + 0.5 * (area above P beyond t), P(s) = 1 - (1 - s^r)^b.
double weightedError(double t, int b, int r)
{
    const auto p = [&](double s) { return 1 - std::pow(1 - std::pow(s, r), b); };
    return 0.5 * simpson(p, 0, t) + 0.5 * simpson([&](double s) { return 1 - p(s); }, t, 1);
}

QString messageOf(const NearDedupSettings& s)
{
    try {
        validate(s);
    } catch (const lw::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestNearDedupSettings : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chosenBandsMinimiseTheError_data();
    void chosenBandsMinimiseTheError();
    void explicitBandsAreKept();
    void badValuesNameTheirField_data();
    void badValuesNameTheirField();
};

void TestNearDedupSettings::chosenBandsMinimiseTheError_data()
{
    QTest::addColumn<double>("threshold");
    QTest::addColumn<int>("numPerm");
    for (int numPerm : {32, 128})
        for (double t : {0.5, 0.7, 0.8, 0.9, 0.95})
            QTest::addRow("t=%.2f perm=%d", t, numPerm) << t << numPerm;
}

void TestNearDedupSettings::chosenBandsMinimiseTheError()
{
    QFETCH(double, threshold);
    QFETCH(int, numPerm);
    double best = std::numeric_limits<double>::infinity(), second = best;
    int bestB = 0, bestR = 0;
    for (int b = 1; b <= numPerm; ++b)
        for (int r = 1; b * r <= numPerm; ++r) {
            const double e = weightedError(threshold, b, r);
            if (e < best) {
                second = best;
                best = e;
                bestB = b;
                bestR = r;
            } else if (e < second) {
                second = e;
            }
        }
    const LshBands chosen = optimalLshBands(threshold, numPerm);
    QVERIFY(chosen.bands * chosen.rows <= numPerm);
    // The choice is the brute-force minimum; where the runner-up is within the two
    // integrators' disagreement, either of the two is right.
    const double chosenError = weightedError(threshold, chosen.bands, chosen.rows);
    QVERIFY2(chosenError <= best + 1e-9,
             qPrintable(QString("chosen %1x%2 error %3, brute force %4x%5 error %6")
                            .arg(chosen.bands).arg(chosen.rows).arg(chosenError).arg(bestB).arg(bestR).arg(best)));
    if (second - best > 1e-9) {
        QCOMPARE(chosen.bands, bestB);
        QCOMPARE(chosen.rows, bestR);
    }
}

void TestNearDedupSettings::explicitBandsAreKept()
{
    NearDedupSettings s;
    s.bands = 16;
    s.rows = 8;
    const LshBands l = lshBandsFor(s);
    QCOMPARE(l.bands, 16);
    QCOMPARE(l.rows, 8);
    s.bands = s.rows = 0;
    const LshBands chosen = lshBandsFor(s);
    const LshBands optimal = optimalLshBands(s.threshold, s.numPerm);
    QCOMPARE(chosen.bands, optimal.bands);
    QCOMPARE(chosen.rows, optimal.rows);
}

void TestNearDedupSettings::badValuesNameTheirField_data()
{
    QTest::addColumn<int>("ngram");
    QTest::addColumn<int>("numPerm");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<int>("bands");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("field");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("ngram 0") << 0 << 128 << 0.8 << 0 << 0 << "near_dedup.ngram";
    QTest::newRow("ngram huge") << 65 << 128 << 0.8 << 0 << 0 << "near_dedup.ngram";
    QTest::newRow("one permutation") << 5 << 1 << 0.8 << 0 << 0 << "near_dedup.num_perm";
    QTest::newRow("too many permutations") << 5 << 1025 << 0.8 << 0 << 0 << "near_dedup.num_perm";
    QTest::newRow("threshold 0") << 5 << 128 << 0.0 << 0 << 0 << "near_dedup.threshold";
    QTest::newRow("threshold above 1") << 5 << 128 << 1.5 << 0 << 0 << "near_dedup.threshold";
    QTest::newRow("threshold NaN") << 5 << 128 << nan << 0 << 0 << "near_dedup.threshold";
    QTest::newRow("bands without rows") << 5 << 128 << 0.8 << 8 << 0 << "near_dedup.rows";
    QTest::newRow("rows without bands") << 5 << 128 << 0.8 << 0 << 8 << "near_dedup.bands";
    QTest::newRow("negative rows") << 5 << 128 << 0.8 << 8 << -1 << "near_dedup.rows";
    QTest::newRow("bands x rows too big") << 5 << 128 << 0.8 << 16 << 9 << "near_dedup.bands";
    QTest::newRow("valid") << 5 << 128 << 1.0 << 16 << 8 << "";
}

void TestNearDedupSettings::badValuesNameTheirField()
{
    QFETCH(int, ngram);
    QFETCH(int, numPerm);
    QFETCH(double, threshold);
    QFETCH(int, bands);
    QFETCH(int, rows);
    QFETCH(QString, field);
    const QString message = messageOf(NearDedupSettings{ngram, numPerm, threshold, 1, bands, rows});
    if (field.isEmpty())
        QVERIFY2(message.isEmpty(), qPrintable(message));
    else
        QVERIFY2(message.startsWith(field + ": "), qPrintable(message));
}

LW_TEST_GUILESS_MAIN(TestNearDedupSettings)
#include "test_near_dedup_settings.moc"

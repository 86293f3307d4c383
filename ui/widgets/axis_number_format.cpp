#include "ui/widgets/axis_number_format.h"

#include <algorithm>
#include <cmath>

namespace lw::ui {

namespace {

constexpr int kMaxFixedDecimals = 4;
constexpr int kMaxSearchDecimals = 8;
constexpr int kSignificantDigits = 4;
constexpr double kFixedLowest = 1e-3;
constexpr double kFixedHighest = 1e6;

// The fewest decimals (up to `limit`) that write every value/scale exactly, within a
// millionth of the smallest gap between the values.
int decimalsFor(const QVector<double>& values, double scale, double tolerance, int limit)
{
    for (int decimals = 0; decimals < limit; ++decimals) {
        const double factor = std::pow(10.0, decimals);
        bool exact = true;
        for (double value : values) {
            const double scaled = value / scale;
            if (std::abs(std::round(scaled * factor) / factor - scaled) * scale > tolerance) {
                exact = false;
                break;
            }
        }
        if (exact)
            return decimals;
    }
    return limit;
}

} // namespace

int decimalExponent(double magnitude)
{
    int exponent = int(std::floor(std::log10(magnitude)));
    // log10 of 1000 may come out as 2.9999999: correct by one either way.
    if (magnitude / std::pow(10.0, exponent) >= 10.0 - 1e-9)
        ++exponent;
    else if (magnitude / std::pow(10.0, exponent) < 1.0 - 1e-12)
        --exponent;
    return exponent;
}

namespace {

// The decimals of `value` for kSignificantDigits, at least `atLeast`, without the
// trailing zeros beyond `atLeast`.
int valueDecimals(double value, int atLeast)
{
    if (value == 0)
        return atLeast;
    const int wanted = std::clamp(kSignificantDigits - 1 - decimalExponent(std::abs(value)), atLeast,
        std::max(atLeast, kMaxSearchDecimals));
    const double rounded = std::round(value * std::pow(10.0, wanted)) / std::pow(10.0, wanted);
    for (int decimals = atLeast; decimals < wanted; ++decimals) {
        const double factor = std::pow(10.0, decimals);
        if (std::abs(std::round(rounded * factor) / factor - rounded) <= std::abs(rounded) * 1e-12)
            return decimals;
    }
    return wanted;
}

QString fixedText(double value, int decimals, const QLocale& locale)
{
    if (std::abs(value) < 0.5 * std::pow(10.0, -decimals))
        value = 0; // no "-0.0" from a tick computed as -1e-17
    return locale.toString(value, 'f', decimals);
}

} // namespace

QString superscriptExponent(int exponent)
{
    static const QChar digits[] = {QChar(0x2070), QChar(0x00b9), QChar(0x00b2), QChar(0x00b3), QChar(0x2074),
        QChar(0x2075), QChar(0x2076), QChar(0x2077), QChar(0x2078), QChar(0x2079)};
    QString text = QStringLiteral("10");
    if (exponent < 0)
        text += QChar(0x207b); // superscript minus
    for (const QChar c : QString::number(std::abs(exponent)))
        text += digits[c.digitValue()];
    return text;
}

AxisNumberFormat chooseAxisNumberFormat(const QVector<double>& ticks)
{
    QVector<double> values;
    for (double tick : ticks)
        if (std::isfinite(tick))
            values.append(tick);
    double maxAbs = 0;
    for (double value : values)
        maxAbs = std::max(maxAbs, std::abs(value));
    if (values.isEmpty() || maxAbs == 0)
        return {};
    QVector<double> sorted = values;
    std::sort(sorted.begin(), sorted.end());
    double minGap = maxAbs;
    for (int i = 1; i < sorted.size(); ++i)
        if (sorted[i] > sorted[i - 1])
            minGap = std::min(minGap, sorted[i] - sorted[i - 1]);
    const double tolerance = std::max(minGap * 1e-6, maxAbs * 1e-12);

    if (maxAbs >= kFixedLowest && maxAbs < kFixedHighest) {
        const int decimals = decimalsFor(values, 1.0, tolerance, kMaxSearchDecimals);
        if (decimals <= kMaxFixedDecimals)
            return {false, 0, decimals};
    }
    const int exponent = decimalExponent(maxAbs);
    return {true, exponent, decimalsFor(values, std::pow(10.0, exponent), tolerance, kMaxSearchDecimals)};
}

QString formatAxisNumber(double value, const AxisNumberFormat& format, const QLocale& locale)
{
    if (!std::isfinite(value))
        return QString();
    if (!format.scientific)
        return fixedText(value, format.decimals, locale);
    const double mantissa = value / std::pow(10.0, format.exponent);
    if (std::abs(mantissa) < 0.5 * std::pow(10.0, -format.decimals))
        return locale.toString(0);
    return fixedText(mantissa, format.decimals, locale) + QChar(0x00b7) + superscriptExponent(format.exponent);
}

QString formatAxisValue(double value, const AxisNumberFormat& format, const QLocale& locale)
{
    if (!std::isfinite(value))
        return QStringLiteral("—");
    if (!format.scientific)
        return fixedText(value, valueDecimals(value, format.decimals), locale);
    const double mantissa = value / std::pow(10.0, format.exponent);
    if (mantissa == 0)
        return locale.toString(0);
    return fixedText(mantissa, valueDecimals(mantissa, format.decimals), locale) + QChar(0x00b7) +
        superscriptExponent(format.exponent);
}

} // namespace lw::ui

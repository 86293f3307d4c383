#include "ui/widgets/axis_tickers.h"

#include <cmath>
#include <limits>

namespace lw::ui {

namespace {

// Mantissas of the ticks in each decade, from the sparsest set to the densest.
const QVector<QVector<double>> kMantissaSets = {
    {1.0},
    {1.0, 2.0, 5.0},
    {1.0, 2.0, 3.0, 5.0},
    {1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0},
};
constexpr int kFewestLogTicks = 3;  // fewer than this: evenly spaced ticks instead
constexpr int kEnoughLogTicks = 4;  // stop at the sparsest set giving this many
constexpr int kMostLogTicks = 9;    // never a set giving more than this
constexpr double kMostPlainDecades = 6; // beyond: every few powers of ten

QVector<double> decadeTicks(const QVector<double>& mantissas, int firstDecade, int lastDecade)
{
    QVector<double> ticks;
    for (int decade = firstDecade; decade <= lastDecade; ++decade)
        for (double mantissa : mantissas)
            ticks.append(mantissa * std::pow(10.0, decade));
    return ticks;
}

int countInside(const QVector<double>& ticks, const QCPRange& range)
{
    int count = 0;
    for (double tick : ticks)
        count += tick >= range.lower && tick <= range.upper ? 1 : 0;
    return count;
}

} // namespace

QVector<QString> UniformTicker::createLabelVector(const QVector<double>& ticks, const QLocale& locale, QChar, int)
{
    m_format = chooseAxisNumberFormat(ticks);
    QVector<QString> labels;
    labels.reserve(ticks.size());
    for (double tick : ticks)
        labels.append(formatAxisNumber(tick, m_format, locale));
    return labels;
}

double ReadableLogTicker::getTickStep(const QCPRange& range)
{
    m_range = range;
    return QCPAxisTicker::getTickStep(range); // used by the evenly spaced fallback only
}

QVector<double> ReadableLogTicker::createTickVector(double tickStep, const QCPRange& range)
{
    m_linearFallback = false;
    m_subDecadeTicks = false;
    const double lower = std::max(range.lower, std::numeric_limits<double>::min());
    if (!(range.upper > lower))
        return {};
    const int firstDecade = int(std::floor(std::log10(lower)));
    const int lastDecade = int(std::ceil(std::log10(range.upper)));
    const double decades = std::log10(range.upper / lower);
    if (decades > kMostPlainDecades) {
        // Only some powers of ten, evenly spaced, about six of them.
        const int stride = int(std::ceil(decades / kMostPlainDecades));
        QVector<double> ticks;
        for (int decade = firstDecade - firstDecade % stride - stride; decade <= lastDecade; decade += stride)
            ticks.append(std::pow(10.0, decade));
        return ticks;
    }
    QVector<double> chosen;
    for (const QVector<double>& mantissas : kMantissaSets) {
        const QVector<double> ticks = decadeTicks(mantissas, firstDecade, lastDecade);
        const int inside = countInside(ticks, range);
        if (inside > kMostLogTicks && !chosen.isEmpty())
            break;
        chosen = ticks;
        if (inside >= kEnoughLogTicks)
            break;
    }
    if (countInside(chosen, range) >= kFewestLogTicks) {
        m_subDecadeTicks = decades <= 3;
        return chosen;
    }
    // A narrow range (a loss between 1.8 and 2.4): evenly spaced ticks read best.
    m_linearFallback = true;
    return QCPAxisTicker::createTickVector(tickStep, range);
}

QVector<double> ReadableLogTicker::createSubTickVector(int subTickCount, const QVector<double>& ticks)
{
    if (m_linearFallback)
        return QCPAxisTicker::createSubTickVector(subTickCount, ticks);
    if (!m_subDecadeTicks || ticks.isEmpty())
        return {};
    const int firstDecade = int(std::floor(std::log10(ticks.first()))) - 1;
    const int lastDecade = int(std::ceil(std::log10(ticks.last())));
    QVector<double> subTicks;
    for (double tick : decadeTicks({1, 2, 3, 4, 5, 6, 7, 8, 9}, firstDecade, lastDecade)) {
        bool major = false;
        for (double t : ticks)
            major = major || std::abs(t - tick) <= tick * 1e-9;
        if (!major)
            subTicks.append(tick);
    }
    return subTicks;
}

QVector<QString> ReadableLogTicker::createLabelVector(const QVector<double>& ticks, const QLocale& locale,
    QChar formatChar, int precision)
{
    if (m_linearFallback)
        return UniformTicker::createLabelVector(ticks, locale, formatChar, precision);
    // Ticks a decade apart: each written in as few digits as it needs ("0.2", "0.5", "1",
    // "2"), all fixed or, beyond what fixed notation writes well, all scientific.
    m_format = chooseAxisNumberFormat(ticks);
    QVector<QString> labels;
    labels.reserve(ticks.size());
    for (double tick : ticks) {
        AxisNumberFormat own = m_format;
        if (tick != 0 && m_format.scientific) {
            own.exponent = decimalExponent(std::abs(tick));
            own.decimals = chooseAxisNumberFormat({tick / std::pow(10.0, own.exponent)}).decimals;
        } else if (tick != 0) {
            const AxisNumberFormat alone = chooseAxisNumberFormat({tick});
            if (!alone.scientific)
                own.decimals = alone.decimals;
        }
        labels.append(formatAxisNumber(tick, own, locale));
    }
    return labels;
}

} // namespace lw::ui

#include "ui/widgets/number_text.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace lw::ui {

namespace {

class NumberText {
    Q_DECLARE_TR_FUNCTIONS(NumberText)
};

} // namespace

QString formatCount(double value)
{
    const QLocale locale;
    if (value >= 1e9)
        return locale.toString(value / 1e9, 'f', 2) + QLatin1Char('G');
    if (value >= 1e6)
        return locale.toString(value / 1e6, 'f', 2) + QLatin1Char('M');
    if (value >= 1e4)
        return locale.toString(value / 1e3, 'f', 1) + QLatin1Char('k');
    return locale.toString(qint64(std::llround(value)));
}

QString formatMemory(double bytes)
{
    constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
    if (bytes >= kGiB)
        return NumberText::tr("%1 GiB").arg(QLocale().toString(bytes / kGiB, 'f', 1));
    return NumberText::tr("%1 MiB").arg(QLocale().toString(bytes / (1024.0 * 1024.0), 'f', 0));
}

QString formatDecimals(double value, int decimals)
{
    const double magnitude = std::abs(value);
    if (magnitude > 0 && std::isfinite(magnitude))
        decimals = std::max(decimals, std::min(9, 2 - int(std::floor(std::log10(magnitude)))));
    return QLocale().toString(value, 'f', decimals);
}

} // namespace lw::ui

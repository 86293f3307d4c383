#pragma once
// One number format per chart axis, picked from the values the axis labels: either all
// fixed-point with the same number of decimals ("0.5", "1.0", "1.5") or all scientific
// with the same exponent ("2.5·10⁻⁵", "5.0·10⁻⁵"), never a mix of the two, and always in
// the UI language's notation (QLocale: "1,5" and "3.099" in Vietnamese).
#include <QLocale>
#include <QString>
#include <QVector>

namespace lw::ui {

struct AxisNumberFormat {
    bool scientific = false;
    int exponent = 0; // scientific: every label is mantissa·10^exponent
    int decimals = 0; // of the fixed value, or of the mantissa

    bool operator==(const AxisNumberFormat& other) const
    {
        return scientific == other.scientific && exponent == other.exponent && decimals == other.decimals;
    }
};

// The format that labels every tick exactly, in the fewest decimals: fixed while the
// largest magnitude is within [1e-3, 1e6) and four decimals suffice, else scientific
// with the exponent of the largest magnitude.
AxisNumberFormat chooseAxisNumberFormat(const QVector<double>& ticks);

// A tick label in `format` ("0" for zero whatever the format).
QString formatAxisNumber(double value, const AxisNumberFormat& format, const QLocale& locale);

// A measured value shown next to an axis in that axis' format, with enough decimals for
// four significant digits (tooltips: "1,131" on an axis labelled "1,0 1,5 2,0").
QString formatAxisValue(double value, const AxisNumberFormat& format, const QLocale& locale);

// The power of ten of a positive magnitude: 2 for 100 and for 999, -4 for 2.5e-4.
int decimalExponent(double magnitude);

// "10⁻⁵": an exponent in superscript digits.
QString superscriptExponent(int exponent);

} // namespace lw::ui

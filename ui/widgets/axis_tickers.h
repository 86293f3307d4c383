#pragma once
// LossChart's tick generators. Both label every tick of an axis in one
// AxisNumberFormat (in the locale QCustomPlot passes, which the chart keeps equal to the
// UI's) and remember it, so that the values under the cursor read like the axis. The
// logarithmic one puts ticks at 1, 2 and 5 times the powers of ten (more when the range
// is narrow), so that a loss between 0.3 and 3 gets labels, not a lone "1".
// Include from .cpp files only (QCustomPlot's header needs qcustomplot_include.h).
#include "ui/widgets/axis_number_format.h"
#include "ui/widgets/qcustomplot_include.h"

namespace lw::ui {

class UniformTicker : public QCPAxisTicker {
public:
    // The format of the labels last made (fixed, no decimals before the first replot).
    const AxisNumberFormat& labelFormat() const { return m_format; }

protected:
    QVector<QString> createLabelVector(const QVector<double>& ticks, const QLocale& locale, QChar formatChar,
        int precision) override;

    AxisNumberFormat m_format;
};

class ReadableLogTicker : public UniformTicker {
protected:
    double getTickStep(const QCPRange& range) override;
    QVector<double> createTickVector(double tickStep, const QCPRange& range) override;
    QVector<double> createSubTickVector(int subTickCount, const QVector<double>& ticks) override;
    QVector<QString> createLabelVector(const QVector<double>& ticks, const QLocale& locale, QChar formatChar,
        int precision) override;

private:
    QCPRange m_range;
    bool m_linearFallback = false; // a range too narrow for 1-2-5 ticks: evenly spaced ones
    bool m_subDecadeTicks = false; // sub ticks at every integer multiple of a power of ten
};

} // namespace lw::ui

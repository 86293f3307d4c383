#include "ui/shell/stall_meter.h"

#include <algorithm>

namespace lw::ui {

namespace {

constexpr double kRecordedGapMs = 50;

} // namespace

StallMeter::StallMeter(int intervalMs, QObject* parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &StallMeter::tick);
}

void StallMeter::start()
{
    m_longestMs = 0;
    m_ticks = 0;
    m_longGapsMs.clear();
    m_clock.start();
    m_lastNs = m_clock.nsecsElapsed();
    m_timer.start();
}

void StallMeter::stop()
{
    tick(); // the gap up to now counts too
    m_timer.stop();
}

void StallMeter::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double gapMs = double(now - m_lastNs) / 1e6 - double(m_timer.interval());
    m_lastNs = now;
    ++m_ticks;
    m_longestMs = std::max(m_longestMs, gapMs);
    if (gapMs > kRecordedGapMs)
        m_longGapsMs.append(gapMs);
}

int StallMeter::stallsOver(double thresholdMs) const
{
    return int(std::count_if(m_longGapsMs.begin(), m_longGapsMs.end(), [&](double g) { return g > thresholdMs; }));
}

} // namespace lw::ui

#pragma once
// Measures how responsive the GUI thread is: a timer that should fire every few
// milliseconds records the longest gap between two of its ticks. A long gap is time the
// event loop spent on something else (a replot, a blocking read) while the user waited.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace lw::ui {

class StallMeter : public QObject {
    Q_OBJECT
public:
    explicit StallMeter(int intervalMs = 5, QObject* parent = nullptr);

    void start();
    void stop();
    // The longest time between two ticks, minus the interval, in milliseconds.
    double longestStallMs() const { return m_longestMs; }
    // Gaps longer than `thresholdMs` (counted while running).
    int stallsOver(double thresholdMs) const;
    qint64 ticks() const { return m_ticks; }

private:
    void tick();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_ticks = 0;
    double m_longestMs = 0;
    QList<double> m_longGapsMs; // gaps over 50 ms, for stallsOver()
};

} // namespace lw::ui

#pragma once
// What the multi-process CLI tests share: a run whose events are read as they come, its
// losses by step, and the comparison of two loss curves within float rounding.
#include "cli_runner.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>

#include <cmath>
#include <functional>
#include <map>

namespace lw::test {

// A run whose events are read as they come (`--events` on stdout).
class DistributedTrainJob {
public:
    explicit DistributedTrainJob(const QStringList& args)
    {
        m_process.start(lw::test::llmwbPath(), args);
        m_process.waitForStarted(10000);
    }
    ~DistributedTrainJob()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    bool waitFor(const std::function<bool(const QJsonObject&)>& pred, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            while (m_process.canReadLine()) {
                QJsonObject e = QJsonDocument::fromJson(m_process.readLine()).object();
                if (e.isEmpty())
                    continue;
                m_events.append(e);
                if (pred(e))
                    return true;
            }
            if (m_process.state() == QProcess::NotRunning)
                return false;
            m_process.waitForReadyRead(100);
        }
        return false;
    }
    int finish(int timeoutMs)
    {
        waitFor([](const QJsonObject&) { return false; }, timeoutMs);
        m_process.waitForFinished(1000);
        m_stderr += QString::fromUtf8(m_process.readAllStandardError());
        return m_process.state() == QProcess::NotRunning && m_process.exitStatus() == QProcess::NormalExit
                   ? m_process.exitCode()
                   : -1;
    }
    qint64 pid() const { return m_process.processId(); }
    const QList<QJsonObject>& events() const { return m_events; }
    const QString& stderrText() const { return m_stderr; }

private:
    QProcess m_process;
    QList<QJsonObject> m_events;
    QString m_stderr;
};

// step -> loss of a finished run's events.
inline std::map<int, double> lossesOf(const QList<QJsonObject>& events)
{
    std::map<int, double> losses;
    for (const auto& e : events)
        if (e["event"] == "step")
            losses[e["step"].toInt()] = e["loss"].toDouble();
    return losses;
}

inline QJsonObject runEvent(const QList<QJsonObject>& events, const QString& type)
{
    for (const auto& e : events)
        if (e["event"] == type)
            return e;
    return {};
}

inline bool closeLosses(const std::map<int, double>& a, const std::map<int, double>& b, int from, int to)
{
    for (int step = from; step <= to; ++step) {
        if (!a.count(step) || !b.count(step)) {
            qWarning("step %d is missing", step);
            return false;
        }
        // Float rounding: the two processes add the same terms in another order.
        const double tolerance = 2e-5 * std::max(1.0, std::abs(a.at(step)));
        if (std::abs(a.at(step) - b.at(step)) > tolerance) {
            qWarning("step %d: %.9f against %.9f", step, a.at(step), b.at(step));
            return false;
        }
    }
    return true;
}


} // namespace lw::test

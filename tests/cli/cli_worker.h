#pragma once
// A running llmwb job as the GUI's supervisor sees it: JSON-line events (`--events` on
// stdout) read as they come, commands written to stdin, its pid for signals, and its
// exit code and standard error once it ends. The process is killed if the test leaves
// it running.
#include "cli_runner.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QProcess>

#include <functional>

namespace lw::test {

class CliWorker {
public:
    explicit CliWorker(const QStringList& args)
    {
        m_process.start(llmwbPath(), args);
        m_process.waitForStarted(10000);
    }
    ~CliWorker()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    CliWorker(const CliWorker&) = delete;
    CliWorker& operator=(const CliWorker&) = delete;

    // Reads events until one matches `pred` (true) or the process ends or time runs out.
    // Lines that are not JSON objects are kept in garbage().
    bool waitFor(const std::function<bool(const QJsonObject&)>& pred, int timeoutMs = 60000)
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            while (m_process.canReadLine()) {
                const QByteArray line = m_process.readLine();
                QJsonObject e = QJsonDocument::fromJson(line).object();
                if (e.isEmpty()) {
                    m_garbage.append(line);
                    continue;
                }
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
    bool waitForStep(int step)
    {
        return waitFor([step](const QJsonObject& e) { return e["event"] == "step" && e["step"].toInt() >= step; });
    }
    // Reads the events to the end; the exit code, or -1 when the process crashed, was
    // killed or still runs after `timeoutMs`.
    int finish(int timeoutMs = 60000)
    {
        waitFor([](const QJsonObject&) { return false; }, timeoutMs);
        m_process.waitForFinished(1000);
        m_stderr += QString::fromUtf8(m_process.readAllStandardError());
        return m_process.state() == QProcess::NotRunning && m_process.exitStatus() == QProcess::NormalExit
                   ? m_process.exitCode()
                   : -1;
    }
    void send(const QByteArray& command) { m_process.write(command + "\n"); }
    qint64 pid() const { return m_process.processId(); }
    const QList<QJsonObject>& events() const { return m_events; }
    const QByteArray& garbage() const { return m_garbage; }
    const QString& stderrText() const { return m_stderr; }
    // The newest event of `type` ("finished", "step", ...), or an empty object.
    QJsonObject last(const QString& type) const
    {
        for (auto it = m_events.rbegin(); it != m_events.rend(); ++it)
            if ((*it)["event"] == type)
                return *it;
        return {};
    }

private:
    QProcess m_process;
    QList<QJsonObject> m_events;
    QByteArray m_garbage;
    QString m_stderr;
};

} // namespace lw::test

#pragma once
// A real `llmwb serve` process and curl as its client, for the CLI tests of the local API.
#include "cli_runner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QThread>
#include <csignal>
#include <functional>
#include <memory>

namespace lw::test {

struct Reply {
    int status = 0;
    QByteArray body;
    QByteArray retryAfter; // the Retry-After header, when there was one
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    // The JSON of every "data: {...}" event of a stream, and whether [DONE] ended it.
    QList<QJsonObject> events(bool* done = nullptr) const
    {
        QList<QJsonObject> out;
        if (done)
            *done = false;
        for (const QByteArray& line : body.split('\n')) {
            if (!line.startsWith("data: "))
                continue;
            if (line == "data: [DONE]") {
                if (done)
                    *done = true;
                continue;
            }
            out.append(QJsonDocument::fromJson(line.mid(6)).object());
        }
        return out;
    }
};

// curl, started now and read later (for bursts).
inline std::unique_ptr<QProcess> startCurl(const QString& url, const QByteArray& body, const QStringList& headers = {})
{
    auto p = std::make_unique<QProcess>();
    QStringList args = {"-sS", "-N", "--max-time", "90", "-w", "\n%header{retry-after}\n%{http_code}", url};
    for (const QString& h : headers)
        args << "-H" << h;
    if (!body.isNull())
        args << "-H" << "Content-Type: application/json" << "--data-binary" << "@-";
    p->start("curl", args);
    p->waitForStarted(10000);
    if (!body.isNull())
        p->write(body);
    p->closeWriteChannel();
    return p;
}

inline Reply finishCurl(QProcess& p)
{
    p.waitForFinished(100000);
    Reply r;
    const QByteArray out = p.readAllStandardOutput();
    const int newline = out.lastIndexOf('\n');
    r.status = out.mid(newline + 1).toInt();
    const int headerLine = out.lastIndexOf('\n', newline - 1);
    r.retryAfter = out.mid(headerLine + 1, newline - headerLine - 1);
    r.body = out.left(headerLine);
    return r;
}

inline Reply http(const QString& url, const QByteArray& body = QByteArray(), const QStringList& headers = {})
{
    return finishCurl(*startCurl(url, body, headers));
}

inline QByteArray json(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A running `llmwb serve --events`; its events go to a file, so that a test that reads
// none never blocks the server on a full pipe.
class ServeProcess {
public:
    ServeProcess(const QString& dir, const QStringList& args, const QMap<QString, QString>& environment = {})
        : m_events(dir + QString("/serve-%1.events").arg(++s_count))
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        for (auto it = environment.begin(); it != environment.end(); ++it)
            env.insert(it.key(), it.value());
        m_process.setProcessEnvironment(env);
        m_process.setStandardOutputFile(m_events);
        m_process.setStandardErrorFile(m_events + ".err");
        m_process.start(lw::test::llmwbPath(), QStringList{"serve", "--port", "0", "--events"} + args);
        m_process.waitForStarted(10000);
        const QJsonObject listening = waitFor("listening");
        url = listening["url"].toString();
        model = listening["model"].toString();
    }
    ~ServeProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }
    QList<QJsonObject> events() const
    {
        QFile f(m_events);
        f.open(QIODevice::ReadOnly);
        QList<QJsonObject> out;
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.isEmpty())
                out.append(QJsonDocument::fromJson(line).object());
        return out;
    }
    QJsonObject waitFor(const QString& type, int timeoutMs = 120000,
                        const std::function<bool(const QJsonObject&)>& also = {}) const
    {
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < timeoutMs) {
            for (const QJsonObject& e : events())
                if (e["event"] == type && (!also || also(e)))
                    return e;
            if (m_process.state() == QProcess::NotRunning)
                break;
            QThread::msleep(20);
        }
        return {};
    }
    int terminate()
    {
        ::kill(pid_t(m_process.processId()), SIGTERM);
        m_process.waitForFinished(30000);
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    bool running() const { return m_process.state() == QProcess::Running; }

    QString url, model;

private:
    static inline int s_count = 0;
    QProcess m_process;
    QString m_events;
};

} // namespace lw::test

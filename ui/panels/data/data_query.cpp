#include "ui/panels/data/data_query.h"

#include "ui/shell/worker_locator.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QProcess>

namespace lw::ui::data {

DataQuery::DataQuery(QObject* parent) : QObject(parent), m_program(workerProgramPath()) { }

DataQuery::~DataQuery()
{
    abandon();
}

void DataQuery::abandon()
{
    if (!m_process)
        return;
    QProcess* process = m_process;
    m_process = nullptr;
    process->disconnect(this);
    // Killed without waiting: deleteLater lets QProcess reap it from the event loop.
    process->kill();
    process->deleteLater();
}

void DataQuery::run(const QStringList& arguments)
{
    abandon();
    m_stdout.clear();
    m_stderr.clear();
    auto* process = new QProcess(this);
    m_process = process;
    connect(process, &QProcess::readyReadStandardOutput, this, [this, process] {
        m_stdout += process->readAllStandardOutput();
    });
    connect(process, &QProcess::readyReadStandardError, this, [this, process] {
        m_stderr += process->readAllStandardError();
    });
    connect(process, &QProcess::finished, this, [this, process](int exitCode, QProcess::ExitStatus status) {
        m_stdout += process->readAllStandardOutput();
        m_stderr += process->readAllStandardError();
        m_process = nullptr;
        process->deleteLater();
        onFinished(status == QProcess::NormalExit ? exitCode : -1);
    });
    connect(process, &QProcess::errorOccurred, this, [this, process](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return; // a crash also arrives as finished()
        m_process = nullptr;
        process->deleteLater();
        Q_EMIT failed(QCoreApplication::translate("lw::ui::data::DataQuery", "Could not start %1: %2")
                          .arg(m_program, process->errorString()));
    });
    process->start(m_program, arguments);
}

QString DataQuery::errorText(const QByteArray& stderrBytes, int exitCode)
{
    const QStringList lines = QString::fromUtf8(stderrBytes).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // main() writes "llmwb: error: <message>".
    const QLatin1String marker("error: ");
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const qsizetype at = it->indexOf(marker);
        if (at >= 0)
            return it->mid(at + marker.size()).trimmed();
    }
    if (!lines.isEmpty())
        return lines.join(QLatin1Char('\n')).trimmed();
    if (exitCode < 0)
        return QCoreApplication::translate("lw::ui::data::DataQuery", "The worker crashed.");
    return QCoreApplication::translate("lw::ui::data::DataQuery", "The worker exited with status %1.").arg(exitCode);
}

void DataQuery::onFinished(int exitCode)
{
    if (exitCode != 0) {
        Q_EMIT failed(errorText(m_stderr, exitCode));
        return;
    }
    // The JSON is the last non-empty stdout line (earlier lines may be human text).
    const QList<QByteArray> lines = m_stdout.split('\n');
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        if (it->trimmed().isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(*it, &error);
        if (doc.isObject()) {
            Q_EMIT succeeded(doc.object());
            return;
        }
        break;
    }
    // Commands such as `data delete` print no JSON: their success is the exit status.
    Q_EMIT succeeded(QJsonObject());
}

} // namespace lw::ui::data

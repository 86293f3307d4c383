#include "ui/shell/job_supervisor.h"

#include "ui/shell/json_line_buffer.h"
#include "ui/shell/worker_locator.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonParseError>

#include <csignal>
#include <unistd.h>

namespace lw::ui {

namespace {

constexpr int kStderrTailLines = 20;
constexpr int kShownIgnoredLineChars = 300;
constexpr int kShutdownWaitMs = 5000;

} // namespace

struct JobSupervisor::Job {
    JobInfo info;
    JobSpec spec;
    std::unique_ptr<QProcess> process;
    JsonLineBuffer stdoutLines;
    JsonLineBuffer stderrLines;
    QStringList stderrTail;
    bool adopted = false;        // a run's process the app did not start (no QProcess)
    bool finalEventSeen = false; // `finished` or `result`
    bool errorSeen = false;
    QString errorMessage;
    QString finishedStatus;
    QString finishedMessage;
};

JobSupervisor::JobSupervisor(QObject* parent) : QObject(parent), m_workerProgram(workerProgramPath())
{
    qRegisterMetaType<RunStartedEvent>();
    qRegisterMetaType<StepEvent>();
    qRegisterMetaType<EvalEvent>();
    qRegisterMetaType<SampleEvent>();
    qRegisterMetaType<CheckpointEvent>();
    qRegisterMetaType<FinishedEvent>();
    qRegisterMetaType<ProgressEvent>();
    qRegisterMetaType<JobEnd>();
}

JobSupervisor::~JobSupervisor()
{
    for (auto& [id, job] : m_jobs) {
        if (job->adopted) {
            if (job->info.pid > 0)
                ::kill(pid_t(job->info.pid), SIGTERM); // cancel as for our own workers
            continue;
        }
        job->process->disconnect(this);
        if (job->process->state() != QProcess::NotRunning) {
            job->process->terminate();
            if (!job->process->waitForFinished(kShutdownWaitMs))
                job->process->kill();
        }
        for (const QString& file : job->spec.filesToRemoveAtEnd)
            QFile::remove(file);
    }
}

void JobSupervisor::setWorkerProgram(const QString& path)
{
    m_workerProgram = path;
}

int JobSupervisor::start(const JobSpec& spec)
{
    const int id = m_nextId++;
    auto job = std::make_unique<Job>();
    job->spec = spec;
    job->info.id = id;
    job->info.kind = spec.kind;
    job->info.title = spec.title;
    job->info.projectDir = spec.projectDir;
    job->process = std::make_unique<QProcess>();
    QProcess* process = job->process.get();
    process->setProcessChannelMode(QProcess::SeparateChannels);
    // The worker's OpenMP threads share the cores with this window. libgomp's default
    // busy-wait at every barrier (some 300k spins) then takes time from the other threads
    // and from the GUI thread: a demo run on two busy cores measured 3x slower with it.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (!environment.contains(QStringLiteral("GOMP_SPINCOUNT")) &&
        !environment.contains(QStringLiteral("OMP_WAIT_POLICY")))
        environment.insert(QStringLiteral("GOMP_SPINCOUNT"), QStringLiteral("10000"));
    process->setProcessEnvironment(environment);
    // A session of its own keeps the terminal's Ctrl-C from reaching the worker (the app
    // decides what happens to its jobs), and an ignored SIGPIPE lets a training worker
    // keep going after the app that read its stdout has gone.
    process->setChildProcessModifier([] {
        ::setsid();
        ::signal(SIGPIPE, SIG_IGN);
    });
    connect(process, &QProcess::readyReadStandardOutput, this, [this, id] {
        if (Job* j = find(id))
            readStdout(*j);
    });
    connect(process, &QProcess::readyReadStandardError, this, [this, id] {
        if (Job* j = find(id))
            readStderr(*j);
    });
    connect(process, &QProcess::started, this, [this, id] {
        if (Job* j = find(id)) {
            j->info.pid = j->process->processId();
            Q_EMIT jobStarted(id);
        }
    });
    connect(process, &QProcess::finished, this,
            [this, id](int exitCode, QProcess::ExitStatus status) { onProcessFinished(id, exitCode, status); });
    connect(process, &QProcess::errorOccurred, this,
            [this, id](QProcess::ProcessError error) { onProcessError(id, error); });
    m_jobs.emplace(id, std::move(job));
    process->start(spec.program.isEmpty() ? m_workerProgram : spec.program, spec.arguments);
    Q_EMIT activeJobsChanged();
    return id;
}

int JobSupervisor::adoptRun(const QString& title, const QString& projectDir, qint64 runId, qint64 pid)
{
    const int id = m_nextId++;
    auto job = std::make_unique<Job>();
    job->adopted = true;
    job->info.id = id;
    job->info.kind = JobKind::Train;
    job->info.title = title;
    job->info.projectDir = projectDir;
    job->info.runId = runId;
    job->info.pid = pid;
    job->info.status = QStringLiteral("running");
    m_jobs.emplace(id, std::move(job));
    Q_EMIT jobStarted(id);
    Q_EMIT activeJobsChanged();
    return id;
}

void JobSupervisor::reportAdoptedProgress(int jobId, double fraction, double etaSeconds)
{
    Job* job = find(jobId);
    if (!job || !job->adopted)
        return;
    job->info.fraction = fraction;
    job->info.etaSeconds = etaSeconds;
    Q_EMIT jobProgress(jobId, fraction, etaSeconds);
}

void JobSupervisor::reportAdoptedStatus(int jobId, const QString& status)
{
    Job* job = find(jobId);
    if (!job || !job->adopted || job->info.status == status)
        return;
    job->info.status = status;
    Q_EMIT statusChanged(jobId, status, 0);
}

void JobSupervisor::endAdoptedRun(int jobId, const JobEnd& end)
{
    Job* job = find(jobId);
    if (job && job->adopted)
        endJob(jobId, end);
}

JobSupervisor::Job* JobSupervisor::find(int jobId) const
{
    auto it = m_jobs.find(jobId);
    return it == m_jobs.end() ? nullptr : it->second.get();
}

bool JobSupervisor::sendCommand(int jobId, const char* command)
{
    Job* job = find(jobId);
    if (job && job->adopted) // no stdin to write to: only a cancel, by signal
        return qstrcmp(command, "cancel") == 0 && job->info.pid > 0 && ::kill(pid_t(job->info.pid), SIGTERM) == 0;
    if (!job || job->process->state() != QProcess::Running)
        return false;
    const QByteArray line = QJsonDocument(QJsonObject{{QStringLiteral("command"), QLatin1String(command)}})
                                .toJson(QJsonDocument::Compact) + '\n';
    return job->process->write(line) == line.size();
}

bool JobSupervisor::pause(int jobId) { return sendCommand(jobId, "pause"); }
bool JobSupervisor::resume(int jobId) { return sendCommand(jobId, "resume"); }
bool JobSupervisor::cancel(int jobId) { return sendCommand(jobId, "cancel"); }

bool JobSupervisor::terminate(int jobId)
{
    Job* job = find(jobId);
    if (job && job->adopted)
        return sendCommand(jobId, "cancel");
    if (!job || job->process->state() == QProcess::NotRunning)
        return false;
    job->process->terminate();
    return true;
}

bool JobSupervisor::kill(int jobId)
{
    Job* job = find(jobId);
    if (!job || job->adopted || job->process->state() == QProcess::NotRunning)
        return false;
    job->process->kill();
    return true;
}

bool JobSupervisor::isActive(int jobId) const
{
    return find(jobId) != nullptr;
}

QList<int> JobSupervisor::activeJobs() const
{
    QList<int> ids;
    for (const auto& entry : m_jobs)
        ids.append(entry.first);
    return ids;
}

JobInfo JobSupervisor::info(int jobId) const
{
    const Job* job = find(jobId);
    return job ? job->info : JobInfo{};
}

int JobSupervisor::jobForRun(qint64 runId) const
{
    for (const auto& [id, job] : m_jobs)
        if (job->info.kind == JobKind::Train && job->info.runId == runId)
            return id;
    return 0;
}

void JobSupervisor::releaseTrainingJobs()
{
    for (auto it = m_jobs.begin(); it != m_jobs.end();) {
        Job& job = *it->second;
        if (job.adopted) { // never ours: it goes on as it was
            it = m_jobs.erase(it);
            continue;
        }
        if (job.info.kind != JobKind::Train || job.process->state() == QProcess::NotRunning) {
            ++it;
            continue;
        }
        job.process->disconnect(this);
        // Reads from now on are discarded, so the worker never blocks on a full pipe
        // while this process lives on; the worker's records go to the store anyway.
        job.process->closeReadChannel(QProcess::StandardOutput);
        job.process->closeReadChannel(QProcess::StandardError);
        // Deliberately never deleted: destroying a QProcess kills its process, and this
        // one must outlive the app. It is reclaimed when the app exits.
        (void)job.process.release();
        it = m_jobs.erase(it);
    }
    Q_EMIT activeJobsChanged();
}

void JobSupervisor::readStdout(Job& job)
{
    const QByteArray chunk = job.process->readAllStandardOutput();
    const int droppedBefore = job.stdoutLines.droppedLines();
    const QList<QByteArray> lines = job.stdoutLines.append(chunk);
    if (job.stdoutLines.droppedLines() != droppedBefore)
        Q_EMIT logMessage(job.info.id, QStringLiteral("ignored"), tr("An over-long line from the worker was skipped."));
    for (const QByteArray& line : lines) {
        handleLine(job, line);
        if (!find(job.info.id))
            return;
    }
}

void JobSupervisor::readStderr(Job& job)
{
    const QList<QByteArray> lines = job.stderrLines.append(job.process->readAllStandardError());
    for (const QByteArray& raw : lines) {
        const QString line = QString::fromUtf8(raw);
        job.stderrTail.append(line);
        if (job.stderrTail.size() > kStderrTailLines)
            job.stderrTail.removeFirst();
        Q_EMIT logMessage(job.info.id, QStringLiteral("stderr"), line);
    }
}

void JobSupervisor::handleLine(Job& job, const QByteArray& line)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject() ||
        !document.object().value(QLatin1String("event")).isString()) {
        QString shown = QString::fromUtf8(line.left(kShownIgnoredLineChars));
        if (line.size() > kShownIgnoredLineChars)
            shown += QStringLiteral("…");
        Q_EMIT logMessage(job.info.id, QStringLiteral("ignored"), shown);
        return;
    }
    handleEvent(job, document.object());
}

void JobSupervisor::handleEvent(Job& job, const QJsonObject& event)
{
    const int id = job.info.id;
    const QString type = event.value(QLatin1String("event")).toString();
    if (type == QLatin1String("step")) {
        const StepEvent e = StepEvent::fromJson(event);
        job.info.fraction = e.maxSteps > 0 ? double(e.step) / double(e.maxSteps) : -1;
        job.info.etaSeconds = e.etaSeconds;
        Q_EMIT stepReported(id, e);
        Q_EMIT jobProgress(id, job.info.fraction, e.etaSeconds);
    } else if (type == QLatin1String("eval")) {
        Q_EMIT evalReported(id, EvalEvent::fromJson(event));
    } else if (type == QLatin1String("sample")) {
        Q_EMIT sampleReported(id, SampleEvent::fromJson(event));
    } else if (type == QLatin1String("checkpoint")) {
        Q_EMIT checkpointWritten(id, CheckpointEvent::fromJson(event));
    } else if (type == QLatin1String("run_started")) {
        const RunStartedEvent e = RunStartedEvent::fromJson(event);
        job.info.runId = e.runId;
        job.info.status = QStringLiteral("running");
        Q_EMIT runStarted(id, e);
    } else if (type == QLatin1String("status")) {
        job.info.status = event.value(QLatin1String("status")).toString();
        Q_EMIT statusChanged(id, job.info.status, qint64(event.value(QLatin1String("step")).toDouble()));
    } else if (type == QLatin1String("log")) {
        Q_EMIT logMessage(id, event.value(QLatin1String("level")).toString(QStringLiteral("info")),
                          event.value(QLatin1String("message")).toString());
    } else if (type == QLatin1String("progress")) {
        const ProgressEvent e = ProgressEvent::fromJson(event);
        job.info.fraction = e.fraction;
        job.info.etaSeconds = e.etaSeconds;
        Q_EMIT progressReported(id, e);
        Q_EMIT jobProgress(id, e.fraction, e.etaSeconds);
    } else if (type == QLatin1String("result")) {
        job.finalEventSeen = true;
        Q_EMIT resultReported(id, event);
    } else if (type == QLatin1String("finished")) {
        const FinishedEvent e = FinishedEvent::fromJson(event);
        job.finalEventSeen = true;
        job.finishedStatus = e.status;
        job.finishedMessage = e.message;
        Q_EMIT finishedReported(id, e);
    } else if (type == QLatin1String("error")) {
        job.errorSeen = true;
        job.errorMessage = event.value(QLatin1String("message")).toString();
        Q_EMIT errorReported(id, job.errorMessage);
    } else {
        // Other commands' events, and those of later protocol versions (which the views
        // that do not know them ignore, as the protocol asks).
        if (type == QLatin1String("stopped"))
            job.finalEventSeen = true; // `serve` ends with it
        Q_EMIT otherEventReported(id, type, event);
    }
}

void JobSupervisor::onProcessFinished(int jobId, int exitCode, QProcess::ExitStatus status)
{
    Job* job = find(jobId);
    if (!job)
        return;
    // Everything the worker wrote before it ended counts: read it all first.
    readStdout(*job);
    if (!find(jobId))
        return;
    readStderr(*job);
    const QByteArray lastLine = job->stdoutLines.takeRemainder();
    if (!lastLine.isEmpty())
        handleLine(*job, lastLine);
    const QByteArray lastErrorLine = job->stderrLines.takeRemainder();
    if (!lastErrorLine.isEmpty())
        job->stderrTail.append(QString::fromUtf8(lastErrorLine));

    JobEnd end;
    end.exitCode = exitCode;
    end.finishedStatus = job->finishedStatus;
    const QString stderrTail = job->stderrTail.join(QLatin1Char('\n')).trimmed();
    if (status == QProcess::CrashExit) {
        end.kind = JobEnd::Kind::Crashed;
        end.message = tr("The worker process stopped unexpectedly (%1).").arg(job->process->errorString());
        if (!stderrTail.isEmpty())
            end.message += QLatin1Char('\n') + stderrTail;
    } else if (job->errorSeen) {
        end.kind = JobEnd::Kind::Failed;
        end.message = job->errorMessage;
    } else if (job->finalEventSeen) {
        end.kind = JobEnd::Kind::Finished;
        end.message = job->finishedMessage;
    } else if (exitCode != 0) {
        end.kind = JobEnd::Kind::Failed;
        end.message = stderrTail.isEmpty() ? tr("The worker exited with status %1.").arg(exitCode) : stderrTail;
    } else {
        end.kind = JobEnd::Kind::Crashed;
        end.message = tr("The worker exited without reporting how the job ended.");
    }
    endJob(jobId, end);
}

void JobSupervisor::onProcessError(int jobId, QProcess::ProcessError error)
{
    Job* job = find(jobId);
    if (!job || error != QProcess::FailedToStart)
        return; // crashes and exits are handled when the process has finished
    JobEnd end;
    end.kind = JobEnd::Kind::Failed;
    end.exitCode = -1;
    end.message = tr("Could not start the worker %1: %2").arg(job->process->program(), job->process->errorString());
    endJob(jobId, end);
}

void JobSupervisor::endJob(int jobId, const JobEnd& end)
{
    auto it = m_jobs.find(jobId);
    if (it == m_jobs.end())
        return;
    std::unique_ptr<Job> job = std::move(it->second);
    m_jobs.erase(it);
    for (const QString& file : job->spec.filesToRemoveAtEnd)
        QFile::remove(file);
    if (job->process) {
        job->process->disconnect(this);
        // We may be inside one of the process's own signals: delete it once they return.
        job->process.release()->deleteLater();
    }
    Q_EMIT jobEnded(jobId, end);
    Q_EMIT activeJobsChanged();
}

} // namespace lw::ui

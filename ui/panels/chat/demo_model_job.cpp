#include "ui/panels/chat/demo_model_job.h"

#include "core/train/demo_run.h"
#include "ui/shell/background.h"
#include "ui/shell/job_supervisor.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <exception>

namespace lw::ui {

namespace {

// The demo project whose model a request of the last session was still waiting for.
constexpr const char* kWantedKey = "chat/demoModelWanted";

} // namespace

struct DemoModelJob::Found {
    quint64 generation = 0;
    train::DemoRunState state;
    QString error;
};

DemoModelJob::DemoModelJob(JobSupervisor* supervisor, QObject* parent) : QObject(parent), m_supervisor(supervisor)
{
    m_followTimer.setSingleShot(true);
    m_followTimer.setInterval(kFollowIntervalMs);
    connect(&m_followTimer, &QTimer::timeout, this, &DemoModelJob::check);
    connect(m_supervisor, &JobSupervisor::stepReported, this, &DemoModelJob::onStep);
    connect(m_supervisor, &JobSupervisor::runStarted, this, &DemoModelJob::onRunStarted);
    connect(m_supervisor, &JobSupervisor::jobEnded, this, &DemoModelJob::onJobEnded);
}

void DemoModelJob::setProjectDir(const QString& dir)
{
    const QString clean = dir.isEmpty() ? QString() : QDir::cleanPath(QDir(dir).absolutePath());
    if (clean == m_projectDir)
        return;
    const bool wanted = isBusy();
    m_projectDir = clean;
    ++m_generation;
    m_followTimer.stop();
    m_checkpoint.clear();
    m_error.clear();
    m_runId = 0;
    m_step = m_maxSteps = 0;
    // A worker already started keeps training its project's demo run; it is no longer ours
    // to report on, and the next request looks at the new folder.
    m_jobId = 0;
    setPhase(Phase::Idle);
    if (wanted)
        request(); // what waited for the model waits for the new folder's
}

bool DemoModelJob::wasWantedBefore() const
{
    return !m_projectDir.isEmpty() && QSettings().value(QLatin1String(kWantedKey)).toString() == m_projectDir;
}

void DemoModelJob::setWanted(bool wanted)
{
    QSettings settings;
    if (wanted)
        settings.setValue(QLatin1String(kWantedKey), m_projectDir);
    else if (settings.value(QLatin1String(kWantedKey)).toString() == m_projectDir)
        settings.remove(QLatin1String(kWantedKey));
}

void DemoModelJob::setPhase(Phase phase)
{
    m_phase = phase;
    Q_EMIT progressChanged();
}

void DemoModelJob::request()
{
    if (isBusy())
        return;
    if (m_projectDir.isEmpty()) {
        fail(tr("No data folder is set for the demo project (Preferences)."));
        return;
    }
    if (m_phase == Phase::Ready && QFileInfo::exists(m_checkpoint)) {
        // Asked again (another side of the comparison): answered after this returns, as
        // a check would be.
        QMetaObject::invokeMethod(this, [this, path = m_checkpoint] {
            if (m_phase == Phase::Ready && m_checkpoint == path)
                Q_EMIT ready(path);
        }, Qt::QueuedConnection);
        return;
    }
    m_error.clear();
    setWanted(true);
    setPhase(Phase::Checking);
    check();
}

void DemoModelJob::check()
{
    const QString dir = m_projectDir;
    const quint64 generation = m_generation;
    runInBackground(
        this,
        [dir, generation] {
            Found found;
            found.generation = generation;
            try {
                found.state = train::findDemoRun(dir.toStdString());
            } catch (const std::exception& e) {
                found.error = QString::fromUtf8(e.what());
            }
            return found;
        },
        [this](const Found& found) { onFound(found); });
}

void DemoModelJob::onFound(const Found& found)
{
    if (found.generation != m_generation || !(m_phase == Phase::Checking || m_phase == Phase::Following))
        return;
    if (!found.error.isEmpty()) {
        fail(tr("The demo project's store could not be read: %1").arg(found.error));
        return;
    }
    const train::DemoRunState& state = found.state;
    switch (state.state) {
    case train::DemoRunState::State::Ready:
        m_followTimer.stop();
        m_checkpoint = QString::fromStdString(state.checkpoint);
        m_runId = state.runId;
        m_step = m_maxSteps = state.maxSteps;
        setWanted(false);
        setPhase(Phase::Ready);
        Q_EMIT ready(m_checkpoint);
        return;
    case train::DemoRunState::State::Training:
        // Another process trains it (our own worker would have put us in Training).
        m_runId = state.runId;
        m_step = state.step;
        m_maxSteps = state.maxSteps;
        m_etaSeconds = -1;
        setPhase(Phase::Following);
        m_followTimer.start();
        return;
    case train::DemoRunState::State::Resumable:
        m_step = state.step;
        m_maxSteps = state.maxSteps;
        startWorker(state.runId);
        return;
    case train::DemoRunState::State::Missing:
        startWorker(0);
        return;
    }
}

void DemoModelJob::startWorker(qint64 resumeRunId)
{
    m_followTimer.stop();
    JobSpec spec;
    spec.kind = JobKind::Train; // listed, cancellable, and asked about on quit like Train's runs
    spec.projectDir = m_projectDir;
    spec.title = tr("Training the demo model");
    spec.arguments = {QStringLiteral("train"), QStringLiteral("--project"), m_projectDir};
    if (resumeRunId > 0) {
        spec.arguments << QStringLiteral("--resume") << QString::number(resumeRunId);
    } else {
        spec.arguments << QStringLiteral("--demo");
        if (m_threads > 0)
            spec.arguments << QStringLiteral("--threads") << QString::number(m_threads);
    }
    spec.arguments << QStringLiteral("--events");
    m_runId = resumeRunId;
    m_etaSeconds = -1;
    m_phase = Phase::Training;
    m_jobId = m_supervisor->start(spec);
    Q_EMIT progressChanged();
}

void DemoModelJob::onRunStarted(int jobId, const RunStartedEvent& event)
{
    if (jobId != m_jobId || m_jobId == 0)
        return;
    m_runId = event.runId;
    Q_EMIT progressChanged();
}

void DemoModelJob::onStep(int jobId, const StepEvent& event)
{
    if (jobId != m_jobId || m_jobId == 0)
        return;
    m_step = event.step;
    m_maxSteps = event.maxSteps;
    m_etaSeconds = event.etaSeconds;
    Q_EMIT progressChanged();
}

void DemoModelJob::onJobEnded(int jobId, const JobEnd& end)
{
    if (jobId != m_jobId || m_jobId == 0)
        return;
    m_jobId = 0;
    if (end.kind == JobEnd::Kind::Finished && end.finishedStatus == QLatin1String("cancelled")) {
        // Cancelled on purpose (the status bar's button): not resumed behind the user's back.
        setWanted(false);
        fail(tr("The demo model's training was cancelled at step %1 of %2; it continues from there when you "
                "choose the demo model again.")
                 .arg(m_step)
                 .arg(m_maxSteps));
        return;
    }
    if (end.kind == JobEnd::Kind::Finished && end.finishedStatus == QLatin1String("diverged")) {
        fail(tr("The demo model's training diverged: %1").arg(end.message));
        return;
    }
    if (end.kind != JobEnd::Kind::Finished) {
        fail(tr("The demo model's training stopped: %1").arg(end.message));
        return;
    }
    setPhase(Phase::Checking); // completed: its best checkpoint is in the store now
    check();
}

void DemoModelJob::fail(const QString& message)
{
    m_followTimer.stop();
    m_error = message;
    setPhase(Phase::Failed);
    Q_EMIT failed(message);
}

} // namespace lw::ui

#include "ui/panels/chat/model_session.h"

#include "ui/panels/chat/demo_model_job.h"
#include "ui/panels/chat/generation_worker.h"

#include <QFileInfo>

#include <utility>

namespace lw::ui {

ModelSession::ModelSession(QObject* parent) : QObject(parent), m_worker(new GenerationWorker)
{
    m_thread.setObjectName(QStringLiteral("chat-generation"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &GenerationWorker::loaded, this, [this](const LoadedModelInfo& info) {
        if (info.key != m_loadingKey || info.adapterDir != m_wanted.adapterDir || m_waitingForDemo)
            return; // a later load (or the same model with another adapter) is on its way
        const bool wasBusy = isBusy();
        m_info = info;
        m_loadingKey.clear();
        Q_EMIT loaded(info);
        setBusyAfter(wasBusy);
    });
    connect(m_worker, &GenerationWorker::loadFailed, this, [this](const QString& key, const QString& message) {
        if (key != m_loadingKey || m_waitingForDemo)
            return;
        const bool wasBusy = isBusy();
        m_info = {};
        m_loadingKey.clear();
        Q_EMIT loadFailed(message);
        setBusyAfter(wasBusy);
    });
    connect(m_worker, &GenerationWorker::tokenArrived, this, &ModelSession::tokenArrived);
    connect(m_worker, &GenerationWorker::finished, this, [this](quint64 jobId, const QList<AnswerResult>& results) {
        const bool wasBusy = isBusy();
        m_cancels.remove(jobId);
        Q_EMIT finished(jobId, results);
        setBusyAfter(wasBusy);
    });
    connect(m_worker, &GenerationWorker::failed, this, [this](quint64 jobId, const QString& message) {
        const bool wasBusy = isBusy();
        m_cancels.remove(jobId);
        Q_EMIT failed(jobId, message);
        setBusyAfter(wasBusy);
    });
    connect(m_worker, &GenerationWorker::measured, this, &ModelSession::measured);
    m_thread.start();
}

ModelSession::~ModelSession()
{
    blockSignals(true); // the views that listen may be half destroyed already
    stop();
    m_thread.quit();
    m_thread.wait();
}

void ModelSession::setDemoModel(DemoModelJob* demo)
{
    if (m_demo)
        m_demo->disconnect(this);
    m_demo = demo;
    if (!m_demo)
        return;
    connect(m_demo, &DemoModelJob::ready, this, &ModelSession::onDemoReady);
    connect(m_demo, &DemoModelJob::failed, this, &ModelSession::onDemoFailed);
}

void ModelSession::setBusyAfter(bool wasBusy)
{
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}

void ModelSession::load(const ModelChoice& choice)
{
    if (choice.key.isEmpty() || (choice.key == modelKey() && choice.adapterDir == adapterDir()))
        return;
    const bool wasBusy = isBusy();
    m_wanted = choice;
    m_loadingKey = choice.key;
    m_waitingForDemo = false;
    Q_EMIT loadStarted(choice.key);
    if (!choice.demo) {
        queueLoad(choice);
        releaseHeld(); // what waited for the demo model goes to this one
    } else if (!m_demo) {
        m_loadingKey.clear();
        Q_EMIT loadFailed(tr("The demo model is not available here."));
    } else if (m_demo->phase() == DemoModelJob::Phase::Ready && QFileInfo::exists(m_demo->checkpoint())) {
        onDemoReadyFor(choice, m_demo->checkpoint());
    } else {
        m_waitingForDemo = true;
        m_demo->request();
    }
    setBusyAfter(wasBusy);
}

void ModelSession::onDemoReadyFor(const ModelChoice& choice, const QString& checkpoint)
{
    ModelChoice trained = choice;
    trained.checkpointPath = checkpoint;
    m_waitingForDemo = false;
    queueLoad(trained);
    releaseHeld();
}

void ModelSession::onDemoReady(const QString& checkpoint)
{
    if (m_waitingForDemo && m_wanted.demo)
        onDemoReadyFor(m_wanted, checkpoint);
}

void ModelSession::onDemoFailed(const QString& message)
{
    if (!m_waitingForDemo)
        return;
    const bool wasBusy = isBusy();
    m_waitingForDemo = false;
    m_loadingKey.clear();
    m_info = {};
    const QList<Held> held = std::exchange(m_held, {});
    Q_EMIT loadFailed(message);
    for (const Held& h : held) {
        m_cancels.remove(h.id);
        Q_EMIT failed(h.id, message);
    }
    setBusyAfter(wasBusy);
}

void ModelSession::queueLoad(const ModelChoice& choice)
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, choice, threads = m_threads] { worker->load(choice, threads); },
        Qt::QueuedConnection);
}

void ModelSession::queue(quint64 id, std::function<void()> dispatch)
{
    if (!isLoaded() && !isLoading() && !m_wanted.key.isEmpty())
        load(m_wanted); // the last load failed or was never done: try again first
    if (m_waitingForDemo)
        m_held.append({id, std::move(dispatch)});
    else
        QMetaObject::invokeMethod(m_worker, std::move(dispatch), Qt::QueuedConnection);
}

void ModelSession::releaseHeld()
{
    for (Held& h : m_held)
        QMetaObject::invokeMethod(m_worker, std::move(h.dispatch), Qt::QueuedConnection);
    m_held.clear();
}

quint64 ModelSession::start(GenerationJob job)
{
    const bool wasBusy = isBusy();
    const quint64 id = m_nextJob++;
    job.cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancels.insert(id, job.cancel);
    queue(id, [worker = m_worker, id, job = std::move(job)] { worker->generate(id, job); });
    setBusyAfter(wasBusy);
    return id;
}

quint64 ModelSession::measure(GenerationJob job)
{
    const quint64 id = m_nextJob++;
    queue(id, [worker = m_worker, id, job = std::move(job)] { worker->measure(id, job); });
    return id;
}

void ModelSession::stop()
{
    const bool wasBusy = isBusy();
    // Generations still waiting for the demo model end now; measures wait on.
    QList<Held> kept;
    QList<quint64> stopped;
    for (Held& h : m_held) {
        if (m_cancels.contains(h.id))
            stopped.append(h.id);
        else
            kept.append(std::move(h));
    }
    m_held = std::move(kept);
    for (const auto& cancel : std::as_const(m_cancels))
        cancel->store(true);
    for (quint64 id : std::as_const(stopped)) {
        m_cancels.remove(id);
        Q_EMIT failed(id, tr("stopped before the model was ready"));
    }
    setBusyAfter(wasBusy);
}

} // namespace lw::ui

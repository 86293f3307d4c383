#include "ui/panels/chat/model_session.h"

#include "core/train/train_control.h"
#include "ui/panels/chat/generation_worker.h"

namespace lw::ui {

ModelSession::ModelSession(QObject* parent) : QObject(parent), m_worker(new GenerationWorker)
{
    m_thread.setObjectName(QStringLiteral("chat-generation"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &GenerationWorker::progress, this, &ModelSession::progress);
    connect(m_worker, &GenerationWorker::demoTrainingStep, this, &ModelSession::demoTrainingStep);
    connect(m_worker, &GenerationWorker::loaded, this, [this](const LoadedModelInfo& info) {
        if (info.key != m_loadingKey)
            return; // a later load is on its way
        const bool wasBusy = isBusy();
        m_info = info;
        m_loadingKey.clear();
        Q_EMIT loaded(info);
        setBusyAfter(wasBusy);
    });
    connect(m_worker, &GenerationWorker::loadFailed, this, [this](const QString& key, const QString& message) {
        if (key != m_loadingKey)
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
    m_thread.start();
}

ModelSession::~ModelSession()
{
    stop();
    m_thread.quit();
    m_thread.wait();
}

void ModelSession::setBusyAfter(bool wasBusy)
{
    if (wasBusy != isBusy())
        Q_EMIT busyChanged(isBusy());
}

void ModelSession::load(const ModelChoice& choice)
{
    if (choice.key.isEmpty() || choice.key == modelKey())
        return;
    const bool wasBusy = isBusy();
    if (m_trainControl)
        m_trainControl->requestCancel(); // a demo training for an earlier choice is not wanted any more
    m_trainControl = std::make_shared<train::TrainControl>();
    m_loadingKey = choice.key;
    Q_EMIT loadStarted(choice.key);
    QMetaObject::invokeMethod(
        m_worker,
        [worker = m_worker, choice, dir = m_demoProjectDir, threads = m_threads, control = m_trainControl] {
            worker->load(choice, dir, threads, control);
        },
        Qt::QueuedConnection);
    setBusyAfter(wasBusy);
}

quint64 ModelSession::start(GenerationJob job)
{
    const bool wasBusy = isBusy();
    const quint64 id = m_nextJob++;
    job.cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancels.insert(id, job.cancel);
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, id, job = std::move(job)] { worker->generate(id, job); },
        Qt::QueuedConnection);
    setBusyAfter(wasBusy);
    return id;
}

void ModelSession::stop()
{
    for (const auto& cancel : std::as_const(m_cancels))
        cancel->store(true);
    if (m_trainControl && isLoading())
        m_trainControl->requestCancel();
}

} // namespace lw::ui

#pragma once
// The GUI thread's handle on one loaded model: owns the generation thread and its
// worker, queues loads and generations to it, and relays what comes back as signals
// on the GUI thread. The GUI never waits on LibTorch: every call returns at once, and
// stop() only sets the flag the running generation checks between two tokens.
//
// The demo model comes from a DemoModelJob (trained by a worker process when it is not
// trained yet): while it trains, the load waits for it, and so do the generations
// started meanwhile, which are answered by the trained model once it is loaded.
#include "ui/panels/chat/generation_types.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace lw::ui {

class DemoModelJob;
class GenerationWorker;

class ModelSession : public QObject {
    Q_OBJECT
public:
    explicit ModelSession(QObject* parent = nullptr);
    ~ModelSession() override; // stops what runs and waits for the thread to end

    // Where the demo model comes from (none: choosing it fails with a message).
    void setDemoModel(DemoModelJob* demo);
    void setThreads(int threads) { m_threads = threads; }

    // Loads `choice` unless it is already loaded or loading (with the same adapter: a
    // change of adapter alone keeps the model and swaps the adapter).
    void load(const ModelChoice& choice);
    // Queues a generation (after any load queued before it); returns its id. When no
    // model is loaded or loading, the last one asked for is loaded again first.
    quint64 start(GenerationJob job);
    // Queues a measure of how much context the chat prompt of `job` takes: measured().
    quint64 measure(GenerationJob job);
    // The running generation ends after its current token; generations waiting for the
    // demo model's training end at once. The training itself goes on.
    void stop();

    bool isLoading() const { return !m_loadingKey.isEmpty(); }
    bool isWaitingForDemo() const { return m_waitingForDemo; }
    bool isGenerating() const { return !m_cancels.isEmpty(); }
    bool isBusy() const { return isLoading() || isGenerating(); }
    bool isLoaded() const { return !m_info.key.isEmpty() && !isLoading(); }
    // The key of the model loaded or loading ("" when none).
    QString modelKey() const { return isLoading() ? m_loadingKey : m_info.key; }
    // The adapter of the model loaded or loading ("" when none).
    QString adapterDir() const { return isLoading() ? m_wanted.adapterDir : m_info.adapterDir; }
    const LoadedModelInfo& info() const { return m_info; }

Q_SIGNALS:
    void loadStarted(const QString& key);
    void loaded(const lw::ui::LoadedModelInfo& info);
    void loadFailed(const QString& message);
    void tokenArrived(quint64 jobId, const lw::ui::StreamedToken& token);
    void finished(quint64 jobId, const QList<lw::ui::AnswerResult>& results);
    void failed(quint64 jobId, const QString& message);
    void measured(quint64 jobId, const lw::ui::ContextUse& use);
    void busyChanged(bool busy);

private:
    struct Held {
        quint64 id = 0;
        std::function<void()> dispatch;
    };
    void setBusyAfter(bool wasBusy);
    void queueLoad(const ModelChoice& choice);
    void queue(quint64 id, std::function<void()> dispatch);
    void releaseHeld();
    void onDemoReady(const QString& checkpoint);
    void onDemoReadyFor(const ModelChoice& choice, const QString& checkpoint);
    void onDemoFailed(const QString& message);

    QThread m_thread;
    GenerationWorker* m_worker; // lives on m_thread, deleted when it ends
    DemoModelJob* m_demo = nullptr;
    int m_threads = 0;
    ModelChoice m_wanted; // the last choice asked for
    QString m_loadingKey;
    bool m_waitingForDemo = false;
    LoadedModelInfo m_info;
    QList<Held> m_held; // queued while the demo model trains
    QHash<quint64, std::shared_ptr<std::atomic<bool>>> m_cancels; // generations queued or running
    quint64 m_nextJob = 1;
};

} // namespace lw::ui

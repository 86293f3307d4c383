#pragma once
// The GUI thread's handle on one loaded model: owns the generation thread and its
// worker, queues loads and generations to it, and relays what comes back as signals
// on the GUI thread. The GUI never waits on LibTorch: every call returns at once, and
// stop() only sets the flag the running generation checks between two tokens.
#include "ui/panels/chat/generation_types.h"

#include <QHash>
#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace lw::train {
class TrainControl;
}

namespace lw::ui {

class GenerationWorker;

class ModelSession : public QObject {
    Q_OBJECT
public:
    explicit ModelSession(QObject* parent = nullptr);
    ~ModelSession() override; // stops what runs and waits for the thread to end

    // Where the demo model lives (its project is made and trained there when missing).
    void setDemoProjectDir(const QString& dir) { m_demoProjectDir = dir; }
    void setThreads(int threads) { m_threads = threads; }

    // Loads `choice` unless it is already loaded or loading.
    void load(const ModelChoice& choice);
    // Queues a generation (after any load queued before it); returns its id.
    quint64 start(GenerationJob job);
    // The running generation ends after its current token; a demo training is cancelled.
    void stop();

    bool isLoading() const { return !m_loadingKey.isEmpty(); }
    bool isGenerating() const { return !m_cancels.isEmpty(); }
    bool isBusy() const { return isLoading() || isGenerating(); }
    bool isLoaded() const { return !m_info.key.isEmpty() && !isLoading(); }
    // The key of the model loaded or loading ("" when none).
    QString modelKey() const { return isLoading() ? m_loadingKey : m_info.key; }
    const LoadedModelInfo& info() const { return m_info; }

Q_SIGNALS:
    void loadStarted(const QString& key);
    void progress(const QString& message);
    void demoTrainingStep(qint64 step, qint64 maxSteps);
    void loaded(const lw::ui::LoadedModelInfo& info);
    void loadFailed(const QString& message);
    void tokenArrived(quint64 jobId, const lw::ui::StreamedToken& token);
    void finished(quint64 jobId, const QList<lw::ui::AnswerResult>& results);
    void failed(quint64 jobId, const QString& message);
    void busyChanged(bool busy);

private:
    void setBusyAfter(bool wasBusy);

    QThread m_thread;
    GenerationWorker* m_worker; // lives on m_thread, deleted when it ends
    QString m_demoProjectDir;
    int m_threads = 0;
    QString m_loadingKey;
    LoadedModelInfo m_info;
    std::shared_ptr<train::TrainControl> m_trainControl;
    QHash<quint64, std::shared_ptr<std::atomic<bool>>> m_cancels; // jobs queued or running
    quint64 m_nextJob = 1;
};

} // namespace lw::ui

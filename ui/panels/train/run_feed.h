#pragma once
// One run as the Train panel follows it, whatever it comes from: a worker process of
// ours (JobRunFeed, from its events) or a run training in a process we did not start
// (StoreRunFeed, from the store). Metric names are the store's: loss, val_loss, lr,
// grad_norm, tokens_per_s.
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QVector>

namespace lw::ui {

class RunFeed : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    qint64 runId() const { return m_runId; }
    QString runName() const { return m_runName; }
    bool hasEnded() const { return m_ended; }

    virtual bool canPause() const = 0;
    virtual bool pause() = 0;
    virtual bool resume() = 0;
    virtual bool cancel() = 0;

Q_SIGNALS:
    void runIdentified(qint64 runId, const QString& name, const QJsonObject& config);
    // Points in increasing step order, batched (a few per second at most).
    void pointsArrived(const QString& metric, const QVector<double>& steps, const QVector<double>& values);
    void progressChanged(qint64 step, qint64 maxSteps, double etaSeconds, double tokensPerSecond);
    // The processes training the run (from its step events), when more than one.
    void worldSizeKnown(int worldSize);
    // The sample's prompt (the run's sample_prompt; "" when it starts a new document)
    // and the text the model wrote after it.
    void sampleArrived(qint64 step, const QString& prompt, const QString& text);
    void statusChanged(const QString& status); // "running" or "paused"
    // The last signal: status is the run's end state (completed, early_stopped,
    // cancelled, diverged, failed, interrupted) and message says why, when known.
    void ended(const QString& status, const QString& message);

protected:
    void identify(qint64 runId, const QString& name, const QJsonObject& config)
    {
        m_runId = runId;
        m_runName = name;
        Q_EMIT runIdentified(runId, name, config);
    }
    void end(const QString& status, const QString& message)
    {
        if (m_ended)
            return;
        m_ended = true;
        Q_EMIT ended(status, message);
    }

private:
    qint64 m_runId = 0;
    QString m_runName;
    bool m_ended = false;
};

} // namespace lw::ui

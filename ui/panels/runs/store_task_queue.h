#pragma once
// Store work off the GUI thread, in order. Each task opens its own Store on the worker
// thread (a Store belongs to one thread), runs, and hands its result back on the GUI
// thread. One worker thread runs the tasks one after the other, so a refresh queued
// after a rename sees the new name, and a slow task (deleting a run's folder, reading a
// long metric series) never blocks the GUI.
//
// Results of tasks started before setProjectDir() changed the project are dropped; so
// are all results once the queue is destroyed (its destructor waits for the running
// task, so no task outlives the panel that asked for it).
#include "core/store/project.h"
#include "core/store/store.h"

#include <QFutureWatcher>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <functional>
#include <optional>

namespace lw::ui {

class StoreTaskQueue : public QObject {
    Q_OBJECT
public:
    // Listing marks runs whose process died as interrupted first (what a list shows).
    enum class Open { Plain, ForListing };

    explicit StoreTaskQueue(QObject* parent = nullptr);
    ~StoreTaskQueue() override;

    void setProjectDir(const QString& dir); // drops the results of earlier tasks
    QString projectDir() const { return m_projectDir; }
    bool isBusy() const { return m_pending > 0; }

    // `job` runs on the worker thread with the project's store and must not touch
    // widgets; `done` or `failed` (with lw::Error's message) runs on the GUI thread.
    template <typename Result>
    void run(Open open, std::function<Result(lw::store::Store&)> job,
        std::function<void(Result)> done, std::function<void(const QString&)> failed)
    {
        struct Outcome {
            std::optional<Result> value;
            QString error;
        };
        const std::string dir = m_projectDir.toStdString();
        const quint64 generation = m_generation;
        auto* watcher = new QFutureWatcher<Outcome>(this);
        ++m_pending;
        connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, generation, done = std::move(done), failed = std::move(failed)] {
                Outcome outcome = watcher->result();
                watcher->deleteLater();
                --m_pending;
                if (generation == m_generation) {
                    if (outcome.value)
                        done(std::move(*outcome.value));
                    else
                        failed(outcome.error);
                }
                if (m_pending == 0)
                    Q_EMIT idle();
            });
        watcher->setFuture(QtConcurrent::run(&m_pool, [dir, open, job = std::move(job)]() {
            Outcome outcome;
            try {
                if (dir.empty())
                    throw std::runtime_error("no project is open");
                lw::store::Project project = lw::store::Project::open(dir);
                lw::store::Store store =
                    open == Open::ForListing ? project.openStoreForListing() : project.openStore();
                outcome.value = job(store);
            } catch (const std::exception& e) {
                outcome.error = QString::fromStdString(e.what());
            }
            return outcome;
        }));
    }

Q_SIGNALS:
    void idle(); // the last queued task has delivered its result

private:
    QThreadPool m_pool;
    QString m_projectDir;
    quint64 m_generation = 0;
    int m_pending = 0;
};

} // namespace lw::ui

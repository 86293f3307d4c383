#pragma once
// Short work off the GUI thread: runs `work` on Qt's thread pool and calls `done` with
// its result on `context`'s thread. `done` is dropped if `context` is destroyed first.
// `work` must not throw (return the error in its result) and must not touch widgets.
#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace lw::ui {

template <typename Work, typename Done>
void runInBackground(QObject* context, Work work, Done done)
{
    using Result = decltype(work());
    // Owned by `context` (Qt parent), deleted once it has delivered the result.
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         done(watcher->result());
                         watcher->deleteLater();
                     });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace lw::ui

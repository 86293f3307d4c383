#include "ui/panels/runs/store_task_queue.h"

namespace lw::ui {

StoreTaskQueue::StoreTaskQueue(QObject* parent) : QObject(parent)
{
    m_pool.setMaxThreadCount(1); // one worker: tasks run in the order they were queued
}

StoreTaskQueue::~StoreTaskQueue()
{
    ++m_generation; // nothing delivered from here on
    m_pool.waitForDone();
}

void StoreTaskQueue::setProjectDir(const QString& dir)
{
    m_projectDir = dir;
    ++m_generation;
}

} // namespace lw::ui

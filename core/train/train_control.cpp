#include "core/train/train_control.h"

namespace lw::train {

void TrainControl::requestCancel()
{
    m_cancel = true;
    m_wake.notify_all();
}

void TrainControl::requestPause()
{
    m_pause = true;
}

void TrainControl::requestResume()
{
    m_pause = false;
    m_wake.notify_all();
}

void TrainControl::waitWhilePaused()
{
    std::unique_lock<std::mutex> lock(m_mutex);
    m_wake.wait(lock, [this] { return !m_pause.load() || m_cancel.load(); });
}

} // namespace lw::train

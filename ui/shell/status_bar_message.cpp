#include "ui/shell/status_bar_message.h"

#include <QStatusBar>

#include <algorithm>
#include <utility>

namespace lw::ui {

StatusBarMessage::StatusBarMessage(QStatusBar* bar, int timeoutMs) : QObject(bar), m_bar(bar), m_timeoutMs(timeoutMs)
{
}

QString StatusBarMessage::show(Compose compose)
{
    m_compose = std::move(compose);
    m_shown = m_compose();
    m_deadline.setRemainingTime(m_timeoutMs);
    m_bar->showMessage(m_shown, m_timeoutMs);
    return m_shown;
}

void StatusBarMessage::retranslate()
{
    if (!m_compose || m_deadline.hasExpired() || m_bar->currentMessage() != m_shown)
        return;
    m_shown = m_compose();
    // The rest of its time, not a new one.
    m_bar->showMessage(m_shown, int(std::max<qint64>(1, m_deadline.remainingTime())));
}

} // namespace lw::ui

#include "app/cli/cli_job.h"

#include "app/cli/control_channel.h"
#include "core/train/events.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <unistd.h>

namespace lw::cli {

namespace {

double monotonicSeconds()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

CancelOnSignal::CancelOnSignal()
{
    setStopAction(stopOnceThenExit([this] { m_requested = true; }));
}

void CancelOnSignal::reportCancelled(CliContext& ctx)
{
    ctx.exitCode = kExitCancelled;
    if (ctx.events) {
        auto e = train::makeEvent("finished");
        e["status"] = "cancelled";
        e["message"] = "cancelled: nothing was written";
        ctx.emit(e);
    }
    std::cerr << "cancelled: nothing was written" << std::endl;
}

CancelOnSignal::~CancelOnSignal()
{
    setStopAction({});
}

ProgressLine::ProgressLine(std::string verb) : m_verb(std::move(verb)), m_start(monotonicSeconds()) { }

void ProgressLine::update(double fraction, const std::string& detail)
{
    const double now = monotonicSeconds();
    if (now - m_last < 0.25 || !isatty(STDERR_FILENO))
        return;
    m_last = now;
    const double elapsed = now - m_start;
    const double eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : -1;
    std::fprintf(stderr, "\r%s %3d%%  %s  ETA %s   ", m_verb.c_str(), int(fraction * 100), detail.c_str(),
                 eta < 0 ? "?" : formatDuration(eta).c_str());
    m_shown = true;
}

void ProgressLine::finish()
{
    if (m_shown)
        std::fprintf(stderr, "\n");
}

} // namespace lw::cli

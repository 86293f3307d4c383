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

std::function<bool(double, const std::string&)> progressReporter(CliContext& ctx, ProgressLine& line,
                                                                 CancelOnSignal& cancel, const char* stage)
{
    return [&ctx, &line, &cancel, stage](double fraction, const std::string& detail) {
        line.update(fraction, detail);
        if (ctx.events) {
            auto e = train::makeEvent("progress");
            e["stage"] = stage;
            e["fraction"] = fraction;
            e["message"] = detail;
            ctx.emit(e);
        }
        return !cancel.requested();
    };
}

void printResult(CliContext& ctx, bool json, const nlohmann::json& summary, const std::string& human)
{
    if (json) {
        std::cout << summary.dump() << std::endl;
    } else if (ctx.events) {
        auto e = train::makeEvent("result");
        e.update(summary);
        ctx.emit(e);
    } else {
        ctx.say(human);
    }
}

nlohmann::json modelJson(const store::Store& store, const store::ModelRecord& m)
{
    (void)store;
    return {{"id", m.id},           {"name", m.name},       {"kind", m.kind},
            {"format", m.format},   {"family", m.family},   {"architecture", m.architecture},
            {"path", m.path},       {"parameters", m.parameters}, {"bytes", m.bytes},
            {"dtype", m.dtype},     {"source", m.source},   {"lineage", m.lineage},
            {"meta", m.meta},       {"created_at", m.createdAt}};
}

} // namespace lw::cli

#pragma once
// How `train --check` and `finetune --check` answer: a `check` event with --events, the
// report's JSON with --json, its lines otherwise; exit 1 when it blocks the run.
#include "app/cli/cli_context.h"

#include <iostream>

namespace lw::cli {

template <typename Report>
void printCheckReport(CliContext& ctx, const Report& report, bool asJson = false)
{
    if (ctx.events) {
        auto e = train::makeEvent("check");
        e.update(report.toJson());
        ctx.emit(e);
    } else if (asJson) {
        std::cout << report.toJson().dump(2) << std::endl;
    } else {
        std::cout << report.text() << std::flush;
    }
    ctx.exitCode = report.blocking() ? kExitFailed : kExitOk;
}

} // namespace lw::cli

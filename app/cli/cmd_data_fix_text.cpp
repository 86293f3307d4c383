// llmwb data fix-text
#include "app/cli/cmd_data_fix_text.h"

#include "core/textfix/fix_text_file.h"
#include "core/util/json_io.h"

#include <chrono>
#include <cstdio>
#include <functional>

namespace lw::cli {

namespace {

struct FixTextCommand {
    std::string input;
    std::string output;
    std::string report;
    bool json = false;
};

// Progress at most four times a second: an event with --events, else a line with the
// ETA (on stderr with --json, whose stdout carries only the result).
class FixTextProgressPrinter {
public:
    FixTextProgressPrinter(CliContext& ctx, const FixTextCommand& o) : m_ctx(ctx), m_o(o) {}

    bool operator()(int64_t done, int64_t total)
    {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
        if (elapsed - m_last < 0.25)
            return true;
        m_last = elapsed;
        const double fraction = total > 0 ? double(done) / double(total) : 1.0;
        const double eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : -1;
        if (m_ctx.events) {
            nlohmann::json e = train::makeEvent("progress");
            e.update({{"stage", "fixing text"}, {"fraction", fraction}, {"eta_s", eta}, {"message", m_o.input}});
            m_ctx.emit(e);
            return true;
        }
        human(m_ctx, m_o, "fixing text " + std::to_string(int(fraction * 100)) + "% (" + formatCount(double(done)) +
                              " of " + formatCount(double(total)) + " bytes, ETA " + formatDuration(eta) + ")");
        return true;
    }

    static void human(CliContext& ctx, const FixTextCommand& o, const std::string& line)
    {
        if (o.json)
            std::fprintf(stderr, "%s\n", line.c_str());
        else
            ctx.say(line);
    }

private:
    CliContext& m_ctx;
    const FixTextCommand& m_o;
    const std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
    double m_last = -1;
};

void runFixText(CliContext& ctx, const FixTextCommand& o)
{
    FixTextProgressPrinter printer(ctx, o);
    const auto report = textfix::fixTextFile(o.input, o.output, std::ref(printer));
    nlohmann::json json = report.toJson();
    if (!o.report.empty())
        util::writeJsonFileAtomic(o.report, json);

    auto say = [&](const std::string& line) { FixTextProgressPrinter::human(ctx, o, line); };
    say(std::to_string(report.lines) + " lines: " + std::to_string(report.repaired) + " repaired, " +
        std::to_string(report.unchanged) + " unchanged, " + std::to_string(report.flagged) + " flagged (" +
        (report.converted ? "converted from " + report.encoding : "UTF-8") + (report.bomRemoved ? ", BOM removed" : "") +
        "), written to " + o.output);
    for (const auto& [cause, c] : report.causes) {
        say("  " + cause + ": " + std::to_string(c.repaired) + " repaired, " + std::to_string(c.flagged) +
            " flagged" + (c.samples.empty() ? "" : " (first at line " + std::to_string(c.samples.front().line) + ")"));
    }
    if (ctx.events) {
        auto e = train::makeEvent("result");
        e["output"] = o.output;
        for (const char* key : {"lines", "repaired", "unchanged", "flagged", "encoding", "converted"})
            e[key] = json[key];
        ctx.emit(e);
    }
    if (o.json)
        std::printf("%s\n", json.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

} // namespace

void registerDataFixTextCommand(CLI::App& dataGroup, CliContext& context)
{
    auto o = std::make_shared<FixTextCommand>();
    auto* cmd = dataGroup.add_subcommand(
        "fix-text", "Repair a text file: detect and convert its encoding to UTF-8, normalise to NFC, undo mojibake "
                    "line by line, and flag lines that cannot be repaired (the input is never modified)");
    cmd->add_option("--input", o->input, "Text file to repair")->required()->check(CLI::ExistingFile);
    cmd->add_option("--output", o->output, "Repaired UTF-8 file to write")->required();
    cmd->add_option("--report", o->report, "Also write the report (counts per cause, sample lines) as JSON here");
    cmd->add_flag("--json", o->json, "Print the report as one JSON line last");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runFixText(context, *o); });
}

} // namespace lw::cli

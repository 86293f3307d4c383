#pragma once
// `llmwb data import|list|show|delete|...`: dataset versions of records.
#include "app/cli/cli_context.h"

namespace lw::cli {

void registerDataRecordCommands(CLI::App& dataGroup, CliContext& context);
void registerDataStatsCommands(CLI::App& dataGroup, CliContext& context);
void registerDataFilterCommand(CLI::App& dataGroup, CliContext& context);

// Progress on stderr ("importing 42% ... ETA 12s"), at most four times a second.
class ProgressLine {
public:
    explicit ProgressLine(std::string verb);
    void update(double fraction, const std::string& detail);
    void finish();

private:
    std::string m_verb;
    double m_start;
    double m_last = -1;
    bool m_shown = false;
};

} // namespace lw::cli

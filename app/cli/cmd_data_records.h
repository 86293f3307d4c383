#pragma once
// `llmwb data import|list|show|delete|...`: dataset versions of records.
#include "app/cli/cli_context.h"
#include "app/cli/cli_job.h"

namespace lw::cli {

void registerDataRecordCommands(CLI::App& dataGroup, CliContext& context);
void registerDataStatsCommands(CLI::App& dataGroup, CliContext& context);
void registerDataFilterCommand(CLI::App& dataGroup, CliContext& context);

} // namespace lw::cli

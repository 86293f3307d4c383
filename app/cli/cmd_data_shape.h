#pragma once
// `llmwb data export` and `llmwb data template`: datasets shaped for training.
#include "app/cli/cli_context.h"

namespace lw::cli {

void registerDataShapeCommands(CLI::App& dataGroup, CliContext& context);

} // namespace lw::cli

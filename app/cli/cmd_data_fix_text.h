#pragma once
// llmwb data fix-text: encoding, NFC and mojibake repair of a text file (core/textfix).
#include "app/cli/cli_context.h"

namespace lw::cli {

// Adds `fix-text` to the `data` group.
void registerDataFixTextCommand(CLI::App& dataGroup, CliContext& context);

} // namespace lw::cli

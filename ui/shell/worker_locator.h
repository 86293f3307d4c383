#pragma once
#include <QString>

namespace lw::ui {

// The `llmwb` program that runs jobs: $LLMWB_WORKER when set (tests), else the one next
// to this executable (the build's bin folder, or <prefix>/bin when installed), else
// $LLMWB_BIN_DIR/llmwb, else the first one on PATH. Returns "llmwb" when none is found,
// so that starting it reports a clear "could not start" error.
QString workerProgramPath();

} // namespace lw::ui

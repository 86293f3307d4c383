#pragma once
// What every subcommand shares: the global options, the output channel (human text or
// JSON-line events), and exit codes. Subcommands are thin: parse, call core, print.
#include "core/store/project.h"
#include "core/train/events.h"

#include <CLI/CLI.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

namespace lw::cli {

enum ExitCode : int { kExitOk = 0, kExitFailed = 1, kExitUsage = 2, kExitCancelled = 3, kExitDiverged = 4 };

struct CliContext {
    std::string projectDir; // --project (default: the user's default project)
    bool events = false;    // --events: JSON lines on stdout
    int exitCode = kExitOk;

    // Writes an event as one JSON line on stdout (thread-safe; flushed at once).
    void emit(const nlohmann::json& event);
    // A human-readable line on stdout, unless --events is on (then on stderr).
    void say(const std::string& line);
    // Opens (creating if needed) the project named by --project.
    store::Project project() const;

private:
    std::mutex m_outputLock;
};

// Adds --project and --events to a subcommand.
void addCommonOptions(CLI::App* command, CliContext& context, bool withEvents);

// "1h 02m 03s", "4m 05s", "12s".
std::string formatDuration(double seconds);
// 12345678 -> "12.3M"
std::string formatCount(double value);

// A tokenizer given by name (registered in the project) or by path.
std::string resolveTokenizerPath(const store::Project& project, const std::string& nameOrPath);
// A dataset given by name (registered in the project) or by folder; sets datasetId when registered.
std::string resolveDatasetDir(const store::Project& project, const std::string& nameOrDir, std::optional<int64_t>* datasetId);

void registerTokenizerCommands(CLI::App& app, CliContext& context);
void registerDataCommands(CLI::App& app, CliContext& context);
void registerTrainCommand(CLI::App& app, CliContext& context);
void registerFinetuneCommand(CLI::App& app, CliContext& context);
void registerClassifyCommand(CLI::App& app, CliContext& context);
void registerAdapterCommands(CLI::App& app, CliContext& context);
void registerGenerateCommand(CLI::App& app, CliContext& context);
void registerRunsCommands(CLI::App& app, CliContext& context);
// import, export, merge and `models list|show|delete`.
void registerModelCommands(CLI::App& app, CliContext& context);
void registerPruneCommand(CLI::App& app, CliContext& context);
void registerBenchCommands(CLI::App& app, CliContext& context);
void registerQuantizeCommand(CLI::App& app, CliContext& context);
void registerQuantReportCommand(CLI::App& app, CliContext& context);
void registerChatCommand(CLI::App& app, CliContext& context);
void registerServeCommand(CLI::App& app, CliContext& context); // when built with cpp-httplib
// Adds `bench generate` to the `bench` group.
void registerBenchGenerate(CLI::App& bench, CliContext& context);
void registerBenchFinetune(CLI::App& bench, CliContext& context);
void registerBenchEval(CLI::App& bench, CliContext& context);

} // namespace lw::cli

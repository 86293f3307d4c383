// llmwb: every job of LLM Workbench from the command line (and as the GUI's worker).
#include "app/cli/cli_context.h"
#include "app/cli/cmd_eval.h"
#include "app/cli/control_channel.h"
#include "app/cli/distributed_flags.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <c10/util/Exception.h>
#include <iostream>
#include <string>

#ifndef LW_VERSION
#define LW_VERSION "0.0.0"
#endif

int main(int argc, char** argv)
{
    // Jobs that run many OpenMP regions for a long time: train, serve, chat, generate, eval,
    // bench, and the quantization commands.
    const std::string command = argc > 1 ? argv[1] : "";
    const bool longJob = command == "train" || command == "serve" || command == "chat" || command == "generate" || command == "eval" ||
                         command == "bench" || command == "quantize" || command == "prune" || command == "quant-report";
    lw::util::ensureFastRuntime(argv, longJob);
    lw::cli::watchTerminationSignals();

    CLI::App app{"LLM Workbench: build, train and test language models from the command line", "llmwb"};
    app.set_version_flag("--version", std::string("llmwb ") + LW_VERSION);
    app.require_subcommand(1);
    app.fallthrough(false);
    lw::cli::CliContext context;
    lw::cli::registerTokenizerCommands(app, context);
    lw::cli::registerDataCommands(app, context);
    lw::cli::registerTrainCommand(app, context);
    lw::cli::registerFinetuneCommand(app, context);
    lw::cli::registerClassifyCommand(app, context);
    lw::cli::registerAdapterCommands(app, context);
    lw::cli::registerGenerateCommand(app, context);
    lw::cli::registerChatCommand(app, context);
#ifdef LW_WITH_SERVE
    lw::cli::registerServeCommand(app, context);
#endif
    lw::cli::registerRunsCommands(app, context);
    lw::cli::registerModelCommands(app, context);
    lw::cli::registerPruneCommand(app, context);
    lw::cli::registerBenchCommands(app, context);
    lw::cli::registerQuantizeCommand(app, context);
    lw::cli::registerQuantReportCommand(app, context);
    lw::cli::registerEvalCommands(app, context);

    auto fail = [&](int code, const std::string& message) {
        if (context.events) {
            auto e = lw::train::makeEvent("error");
            e["message"] = message;
            context.emit(e);
        }
        std::cerr << "llmwb: error: " << message << std::endl;
        lw::cli::reportErrorToTorchrun(message);
        return code;
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0)
            return app.exit(e);
        return fail(lw::cli::kExitUsage, e.what());
    } catch (const lw::Error& e) {
        return fail(lw::cli::kExitUsage, e.what());
    } catch (const c10::Error& e) {
        return fail(lw::cli::kExitFailed, e.what_without_backtrace());
    } catch (const std::exception& e) {
        return fail(lw::cli::kExitFailed, e.what());
    }
    return context.exitCode;
}

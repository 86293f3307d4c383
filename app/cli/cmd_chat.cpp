// llmwb chat: an interactive chat in the terminal. Each line typed is a user message;
// the answer streams back through the chat template. /reset starts over, /exit quits,
// Ctrl-C stops the answer being written (and quits when no answer is running).
#include "app/cli/cli_context.h"
#include "app/cli/generate_flags.h"
#include "core/generate/chat_template.h"
#include "core/util/error.h"

#include <iostream>
#include <unistd.h>

namespace lw::cli {

namespace {

struct ChatCommand {
    ModelFlags model;
    SamplerFlags sampler;
    std::string chatTemplate; // empty: the model's own, else chatml
    std::string system;
    bool stats = false;
};

const char* kChatHelp = "commands: /reset (forget the conversation), /system TEXT (new system message, then reset), "
                        "/exit; Ctrl-C stops an answer";

std::string trimmed(const std::string& s)
{
    const size_t begin = s.find_first_not_of(" \t\r\n");
    if (begin == std::string::npos)
        return {};
    const size_t end = s.find_last_not_of(" \t\r\n");
    return s.substr(begin, end - begin + 1);
}

void runChat(CliContext& ctx, const ChatCommand& o)
{
    const generate::SamplerSettings settings = o.sampler.settings();
    LoadedGenerator g = loadGenerator(ctx, o.model);
    const generate::ChatTemplate chatTemplate = g.templateFor(o.chatTemplate);
    const bool interactive = ::isatty(STDIN_FILENO);
    std::fprintf(stderr, "chat with %s (template %s; %s)\n%s\n", g.checkpointPath.c_str(), chatTemplate.name.c_str(),
                 g.generator->runnerDescription().c_str(), kChatHelp);

    std::string system = o.system;
    std::vector<generate::ChatMessage> turns; // user and assistant messages
    InterruptWatcher interrupts;
    const int64_t context = g.model->config().context_length;
    for (uint64_t turn = 0;; ++turn) {
        if (interactive) {
            std::printf("> ");
            std::fflush(stdout);
        }
        std::string line;
        if (!std::getline(std::cin, line))
            break;
        line = trimmed(line);
        if (line.empty())
            continue;
        if (line == "/exit" || line == "/quit")
            break;
        if (line == "/reset") {
            turns.clear();
            std::printf("(conversation cleared)\n");
            continue;
        }
        if (line.rfind("/system", 0) == 0) {
            system = trimmed(line.substr(7));
            turns.clear();
            std::printf("(system message set, conversation cleared)\n");
            continue;
        }
        if (line[0] == '/') {
            std::printf("%s\n", kChatHelp);
            continue;
        }
        turns.push_back({"user", line});

        generate::SamplerSettings answerSettings = settings;
        answerSettings.seed = settings.seed + turn; // reproducible, yet not the same draw every turn
        auto messagesOf = [&] {
            std::vector<generate::ChatMessage> m;
            if (!system.empty())
                m.push_back({"system", system});
            m.insert(m.end(), turns.begin(), turns.end());
            return m;
        };
        generate::GenerationRequest request = g.chatRequest(chatTemplate, messagesOf(), answerSettings);
        // Forget the oldest exchanges while the conversation and the answer do not fit.
        while (int64_t(request.prompt.size()) + answerSettings.max_tokens > context && turns.size() > 2) {
            turns.erase(turns.begin(), turns.begin() + 2);
            request = g.chatRequest(chatTemplate, messagesOf(), answerSettings);
        }

        interrupts.setAnswering(true);
        auto result = g.generator->generate(
            request,
            [](const generate::TokenEvent& e) {
                std::fwrite(e.text.data(), 1, e.text.size(), stdout);
                std::fflush(stdout);
                return true;
            },
            interrupts.cancel());
        interrupts.setAnswering(false);
        if (result.stopReason == generate::StopReason::Cancelled)
            std::printf(" [stopped]");
        std::printf("\n");
        std::fflush(stdout);
        if (o.stats)
            std::fprintf(stderr, "%s\n", statsLine(result).c_str());
        turns.push_back({"assistant", trimmed(result.text)});
    }
}

} // namespace

void registerChatCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<ChatCommand>();
    auto* cmd = app.add_subcommand("chat", "Chat with a trained model in the terminal (one line per message)");
    o->model.add(cmd);
    cmd->add_option("--template", o->chatTemplate,
                    "Chat template: chatml, llama3, alpaca or a template JSON file (default: the model's own "
                    "template, or chatml when it has none)");
    cmd->add_option("--system", o->system, "System message at the start of the conversation");
    o->sampler.add(cmd);
    cmd->add_flag("--stats", o->stats, "Print time to first token and tokens/s after each answer (stderr)");
    addCommonOptions(cmd, context, false);
    cmd->callback([&context, o] { runChat(context, *o); });
}

} // namespace lw::cli

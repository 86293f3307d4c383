// llmwb generate: continue a prompt (or answer it through a chat template) with a
// trained checkpoint, streaming the text; or run one prompt with several decoding
// settings side by side (--variants), the decoding lab from the command line.
#include "app/cli/cli_context.h"
#include "app/cli/generate_flags.h"
#include "core/generate/chat_template.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "core/util/text_file.h"

namespace lw::cli {

namespace {

struct GenerateCommand {
    ModelFlags model;
    SamplerFlags sampler;
    std::string prompt;
    std::string promptFile;
    std::string promptIds;
    std::string chatTemplate;
    std::string system;
    std::string variantsFile;
    bool json = false;
    bool stats = false;
};

void writeText(const std::string& text)
{
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

// The settings of every variant: the flags' settings with each object's fields on top.
std::vector<generate::SamplerSettings> variantSettings(const std::string& path, const generate::SamplerSettings& base)
{
    nlohmann::json list = util::readJsonFile(path);
    if (!list.is_array() || list.empty())
        throw Error::inFile(path, "expected a non-empty JSON array of decoding settings");
    std::vector<generate::SamplerSettings> out;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string where = path + "[" + std::to_string(i) + "]";
        generate::SamplerSettings::fromJson(list[i], where); // names unknown fields and wrong types
        nlohmann::json merged = base.toJson();
        merged.update(list[i]);
        auto s = generate::SamplerSettings::fromJson(merged, where);
        s.validate(where);
        out.push_back(s);
    }
    return out;
}

// "12 7 99" (spaces or commas), each id inside the vocabulary.
std::vector<int32_t> parsePromptIds(const std::string& text, int64_t vocabSize)
{
    std::vector<int32_t> ids;
    std::string token;
    auto flush = [&] {
        if (token.empty())
            return;
        size_t used = 0;
        long long value = -1;
        try {
            value = std::stoll(token, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != token.size() || value < 0 || value >= vocabSize)
            throw Error::inField("prompt-ids", "'" + token + "' is not a token id of this model (0 to " +
                                                   std::to_string(vocabSize - 1) + ")");
        ids.push_back(int32_t(value));
        token.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == ',' || c == '\t' || c == '\n')
            flush();
        else
            token += c;
    }
    flush();
    if (ids.empty())
        throw Error::inField("prompt-ids", "no ids given");
    return ids;
}

void runGenerate(CliContext& ctx, const GenerateCommand& o)
{
    const generate::SamplerSettings settings = o.sampler.settings();
    LoadedGenerator g = loadGenerator(ctx, o.model);
    std::string prompt = o.promptFile.empty() ? o.prompt : util::readTextFileUtf8(o.promptFile, true);

    generate::GenerationRequest request;
    if (!o.chatTemplate.empty()) {
        std::vector<generate::ChatMessage> messages;
        if (!o.system.empty())
            messages.push_back({"system", o.system});
        messages.push_back({"user", prompt});
        request = g.chatRequest(g.templateFor(o.chatTemplate == "model" ? std::string() : o.chatTemplate), messages,
                                settings);
    } else if (!o.promptIds.empty()) {
        if (!o.system.empty() || !prompt.empty())
            throw Error("--prompt-ids goes alone (no --prompt, --prompt-file or --system)");
        request.prompt = parsePromptIds(o.promptIds, g.model->config().vocab_size);
        request.settings = settings;
    } else {
        if (!o.system.empty())
            throw Error("--system needs --template");
        request.prompt = g.promptPrefix;
        const auto ids = g.tokenizer->encode(prompt, true);
        request.prompt.insert(request.prompt.end(), ids.begin(), ids.end());
        request.settings = settings;
    }
    if (request.prompt.empty())
        request.prompt.push_back(g.tokenizer->eosId().value_or(0));

    std::vector<generate::GenerationRequest> requests{request};
    if (!o.variantsFile.empty()) {
        requests.clear();
        for (const auto& s : variantSettings(o.variantsFile, request.settings)) {
            requests.push_back(request);
            requests.back().settings = s;
        }
    }
    const bool single = requests.size() == 1;
    const bool streamText = single && !o.json && !ctx.events;
    if (streamText && o.chatTemplate.empty() && o.promptIds.empty())
        writeText(prompt);

    InterruptWatcher interrupts;
    interrupts.setAnswering(true);
    auto results = g.generator->generateBatch(
        requests,
        [&](const generate::TokenEvent& e) {
            if (streamText) {
                writeText(e.text);
            } else if (ctx.events && e.token) {
                auto event = train::makeEvent("token");
                event["sequence"] = e.sequence;
                event["index"] = e.index;
                event["text"] = e.text;
                event["token"] = generate::tokenToJson(*e.token);
                ctx.emit(event);
            }
            return true;
        },
        interrupts.cancel());
    interrupts.setAnswering(false);

    bool cancelled = false;
    for (const auto& r : results)
        cancelled = cancelled || r.stopReason == generate::StopReason::Cancelled;
    if (streamText) {
        writeText("\n");
    } else if (ctx.events) {
        for (size_t i = 0; i < results.size(); ++i) {
            auto event = train::makeEvent("done");
            event["sequence"] = i;
            auto body = results[i].toJson();
            body.erase("tokens");
            event.update(body);
            event["runner"] = g.generator->runnerDescription();
            ctx.emit(event);
        }
    } else if (o.json) {
        nlohmann::json out;
        if (single) {
            out = results.front().toJson();
        } else {
            out["results"] = nlohmann::json::array();
            for (size_t i = 0; i < results.size(); ++i) {
                auto item = results[i].toJson();
                item["settings"] = requests[i].settings.toJson();
                out["results"].push_back(item);
            }
        }
        out["runner"] = g.generator->runnerDescription();
        std::printf("%s\n", out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
        for (size_t i = 0; i < results.size(); ++i) {
            std::printf("--- variant %zu: %s\n", i + 1, requests[i].settings.toJson().dump().c_str());
            writeText(results[i].text + "\n");
        }
    }
    if (o.stats)
        for (const auto& r : results)
            std::fprintf(stderr, "%s; %s\n", statsLine(r).c_str(), g.generator->runnerDescription().c_str());
    if (cancelled)
        ctx.exitCode = kExitCancelled;
}

} // namespace

void registerGenerateCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<GenerateCommand>();
    auto* cmd = app.add_subcommand("generate", "Continue a prompt with a trained model, printing tokens as they come");
    o->model.add(cmd);
    cmd->add_option("--prompt", o->prompt, "Text to continue (default: start a new document)");
    cmd->add_option("--prompt-file", o->promptFile, "Read the prompt from a file");
    cmd->add_option("--prompt-ids", o->promptIds,
                    "Continue these token ids (\"ID ID ...\") instead of a text, to compare with other tools");
    cmd->add_option("--template", o->chatTemplate,
                    "Answer the prompt as a user message in this chat template: model (the model's own), chatml, "
                    "llama3, alpaca or a template JSON file (its stop strings apply)");
    cmd->add_option("--system", o->system, "With --template: a system message before the prompt");
    o->sampler.add(cmd);
    cmd->add_option("--variants", o->variantsFile,
                    "Run the prompt once per entry of this JSON array of decoding settings (each on top of the "
                    "flags), all in one batch, and print the answers side by side");
    cmd->add_flag("--json", o->json, "Print one JSON object at the end: text, tokens with probabilities, stats");
    cmd->add_flag("--stats", o->stats, "Print time to first token and tokens/s on stderr");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runGenerate(context, *o); });
}

} // namespace lw::cli

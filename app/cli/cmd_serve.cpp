// llmwb serve: the local API, an OpenAI-compatible HTTP server in front of one model
// (and adapters on it, each under a model id of its own), until SIGINT/SIGTERM.
// `--model demo` serves the demo model: it listens at once and answers 503 (with the
// progress) while the demo model trains the first time.
#include "app/cli/cli_context.h"
#include "app/cli/control_channel.h"
#include "app/cli/train_printer.h"
#include "core/catalog/model_locator.h"
#include "core/finetune/adapter_files.h"
#include "core/serve/api_server.h"
#include "core/serve/demo_loader.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"
#include "core/util/paths.h"

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>

namespace lw::cli {

namespace {

struct ServeCommand {
    std::string model;
    std::vector<std::string> adapters; // DIR or NAME=DIR
    serve::ServerOptions server;
    serve::ModelLoadOptions load;
};

// SIGINT/SIGTERM (taken by main's watcher, control_channel.h) arrive here: the first one
// runs the action of the moment (cancel the demo training, stop the server); a second
// one ends the process at once. With --events, {"command": "cancel"} on stdin acts like
// a signal.
class StopSignals {
public:
    explicit StopSignals(bool readStdin)
    {
        setStopAction(stopOnceThenExit([this] {
            std::lock_guard<std::mutex> lock(m_mutex);
            stopNow();
        }));
        // Detached: it lives as long as the process (the stdin reader may block forever).
        if (readStdin)
            std::thread([this] { readCommands(); }).detach();
    }
    // Runs `action` on the next signal, or now if one has already come.
    void onSignal(std::function<void()> action)
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_action = std::move(action);
        if (m_received && m_action)
            m_action();
    }

private:
    void readCommands()
    {
        std::string line;
        for (int c; (c = std::getchar()) != EOF;) {
            if (c != '\n') {
                line.push_back(char(c));
                continue;
            }
            const auto command = nlohmann::json::parse(line, nullptr, false);
            line.clear();
            const bool named = command.is_object() && command.contains("command") && command["command"].is_string();
            const std::string name = named ? command["command"].get<std::string>() : std::string();
            if (name == "cancel" || name == "stop") {
                std::lock_guard<std::mutex> lock(m_mutex);
                stopNow();
            }
        }
    }

    void stopNow()
    {
        m_received = true;
        if (m_action)
            m_action();
    }

    std::mutex m_mutex;
    std::function<void()> m_action;
    bool m_received = false;
};

// Lives as long as the process: its threads may still see a signal while it exits.
StopSignals& stopSignals(bool readStdin)
{
    static StopSignals* signals = new StopSignals(readStdin);
    return *signals;
}

void emitRequest(CliContext& ctx, const serve::RequestRecord& r)
{
    if (ctx.events) {
        auto e = train::makeEvent("request");
        e["method"] = r.method;
        e["path"] = r.path;
        e["status"] = r.status;
        e["stream"] = r.stream;
        e["prompt_tokens"] = r.promptTokens;
        e["completion_tokens"] = r.completionTokens;
        e["finish_reason"] = r.finishReason;
        e["ms"] = r.milliseconds;
        ctx.emit(e);
    } else {
        std::fprintf(stderr, "%s %s %d  %lld+%lld tokens%s  %.0f ms\n", r.method.c_str(), r.path.c_str(), r.status,
                     static_cast<long long>(r.promptTokens), static_cast<long long>(r.completionTokens),
                     r.stream ? " (streamed)" : "", r.milliseconds);
    }
}

// The model's description, in "listening" (when it is there at once) or "model_ready".
void describeModel(nlohmann::json& e, const serve::ServedModel& model, const std::string& runner)
{
    e["model"] = model.variantId(model.primaryVariant());
    e["checkpoint"] = model.checkpointPath;
    e["context_length"] = model.contextLength();
    e["runner"] = runner;
    e["base_loads"] = model.baseLoads;
    nlohmann::json adapters = nlohmann::json::array();
    for (const serve::ServedAdapter& a : model.adapters)
        adapters.push_back({{"id", a.id}, {"dir", a.dir}});
    e["adapters"] = adapters;
}

void announceListening(CliContext& ctx, const serve::ListeningAddress& at, const serve::ApiServer& server,
                       const serve::ServedModel* model, const std::string& runner)
{
    const serve::ModelStatus status = server.modelStatus();
    if (ctx.events) {
        auto e = train::makeEvent("listening");
        e["host"] = at.host;
        e["port"] = at.port;
        e["url"] = at.url;
        e["model"] = status.id;
        e["status"] = serve::ModelStatus::stateName(status.state);
        if (model)
            describeModel(e, *model, runner);
        ctx.emit(e);
        return;
    }
    if (model) {
        std::fprintf(stderr, "serving %s (%s; %s)%s\n", model->id.c_str(), model->checkpointPath.c_str(),
                     runner.c_str(), server.options().apiKey.empty() ? "" : "; API key required");
        for (const serve::ServedAdapter& a : model->adapters)
            std::fprintf(stderr, "serving %s (%s on %s)\n", a.id.c_str(), a.dir.c_str(), model->id.c_str());
    } else
        std::fprintf(stderr, "%s is loading: completions get HTTP 503 with Retry-After until it is ready\n",
                     status.id.c_str());
    ctx.say("listening on " + at.url);
}

// The demo model's loader reports here: its training's events and messages, then the
// model being served, or why it is not.
serve::DemoLoaderCallbacks demoCallbacks(CliContext& ctx, std::shared_ptr<TrainPrinter> printer)
{
    serve::DemoLoaderCallbacks c;
    c.message = [&ctx](const std::string& message) {
        if (ctx.events) {
            auto e = train::makeEvent("log");
            e["level"] = "info";
            e["message"] = message;
            ctx.emit(e);
        } else {
            std::fprintf(stderr, "demo: %s\n", message.c_str());
        }
    };
    c.trainingEvents = [&ctx, printer](const nlohmann::json& e) {
        if (ctx.events)
            ctx.emit(e);
        else if (auto line = printer->lineFor(e))
            std::fprintf(stderr, "%s\n", line->c_str());
    };
    c.ready = [&ctx](const serve::ServedModel& model, const std::string& runner) {
        if (ctx.events) {
            auto e = train::makeEvent("model_ready");
            describeModel(e, model, runner);
            ctx.emit(e);
        } else {
            std::fprintf(stderr, "serving %s (%s; %s)\n", model.id.c_str(), model.checkpointPath.c_str(),
                         runner.c_str());
        }
    };
    c.failed = [&ctx](const std::string& message) {
        if (ctx.events) {
            auto e = train::makeEvent("model_failed");
            e["message"] = message;
            ctx.emit(e);
        } else {
            std::fprintf(stderr, "the demo model cannot be served: %s\n", message.c_str());
        }
    };
    return c;
}

// The name an adapter is served under by default: its fine-tune run's folder name
// (<run>/adapter, <run>/adapter-best), else its own folder's name.
std::string defaultAdapterName(const std::string& dir)
{
    std::filesystem::path p = std::filesystem::path(dir).lexically_normal();
    if (p.filename().empty()) // "peft-out/"
        p = p.parent_path();
    const std::string name = p.filename().string();
    return name == "adapter" || name == "adapter-best" ? p.parent_path().filename().string() : name;
}

// One --adapter value: DIR, or NAME=DIR (unless a folder is called so).
struct AdapterSpec {
    std::string name; // empty: a default one
    std::string where;
};

AdapterSpec parseAdapterSpec(const std::string& spec)
{
    std::error_code ec;
    const size_t equals = spec.find('=');
    if (equals != std::string::npos && equals > 0 && !std::filesystem::exists(spec, ec))
        return {spec.substr(0, equals), spec.substr(equals + 1)};
    return {{}, spec};
}

// --adapter DIR (served as "<base id>+<name>") or NAME=DIR (served as NAME).
serve::AdapterToServe adapterToServe(CliContext& ctx, const AdapterSpec& spec, const std::string& baseId)
{
    const std::string& name = spec.name;
    const std::string& where = spec.where;
    std::error_code ec;
    std::optional<store::Project> project;
    if (!std::filesystem::is_directory(where, ec))
        project = ctx.project(); // a fine-tune run of the project
    const std::string dir = finetune::resolveAdapterDir(where, project ? &*project : nullptr);
    serve::AdapterToServe a;
    a.id = name.empty() ? baseId + "+" + defaultAdapterName(dir) : name;
    a.dir = dir;
    a.chatTemplate = finetune::adapterChatTemplate(dir);
    a.attach = [dir, project](catalog::LoadedModel& loaded) -> std::shared_ptr<void> {
        return finetune::attachAdapter(loaded, dir, project ? &*project : nullptr);
    };
    return a;
}

void runServe(CliContext& ctx, ServeCommand& o)
{
    o.server.validate(); // before a long model load
    StopSignals& signals = stopSignals(ctx.events);
    util::configureThreads(o.server.threads);
    const bool demo = o.model == "demo";
    if (demo && !o.adapters.empty())
        throw Error::inField("--adapter", "adapters are served on a model of the project or a checkpoint, not on "
                                          "`--model demo` (give the demo run's id instead)");
    if (demo && o.load.id.empty())
        o.load.id = "demo";

    // A checkpoint loads in a moment and a bad one should fail the command: load it
    // first. The demo model may have to train: listen at once, train meanwhile.
    std::unique_ptr<serve::ServedModel> model;
    std::string runner;
    if (!demo) {
        // A run id or a model name of the project resolves to its files; paths go as they are.
        std::string path = o.model;
        if (!std::filesystem::exists(path)) {
            const store::Project project = ctx.project();
            path = catalog::locateModel(o.model, &project).path;
        }
        std::vector<AdapterSpec> specs;
        for (const std::string& spec : o.adapters)
            specs.push_back(parseAdapterSpec(spec));
        // `--adapter DIR` alone serves the adapted model as the server's model, as before
        // several adapters could be served: --model-id names it, and the base keeps its own id.
        o.load.adapterIsTheModel = specs.size() == 1 && specs[0].name.empty();
        const std::string adaptedId = o.load.id;
        if (o.load.adapterIsTheModel)
            o.load.id.clear();
        const std::string baseId = o.load.id.empty() ? serve::modelIdForCheckpoint(path) : o.load.id;
        for (const AdapterSpec& spec : specs)
            o.load.adapters.push_back(adapterToServe(ctx, spec, baseId));
        if (o.load.adapterIsTheModel && !adaptedId.empty())
            o.load.adapters[0].id = adaptedId;
        model = std::make_unique<serve::ServedModel>(serve::loadServedModel(path, o.load));
        runner = model->generator->runnerDescription();
    }
    std::unique_ptr<serve::ApiServer> server = model ? std::make_unique<serve::ApiServer>(*model, o.server)
                                                     : std::make_unique<serve::ApiServer>(o.load.id, o.server);
    server->setRequestObserver([&ctx](const serve::RequestRecord& r) { emitRequest(ctx, r); });
    const serve::ListeningAddress at = server->start();
    announceListening(ctx, at, *server, model.get(), runner);

    std::unique_ptr<serve::DemoModelLoader> loader;
    if (demo) {
        const std::string project = ctx.projectDir.empty() ? util::defaultProjectDir() : ctx.projectDir;
        loader = std::make_unique<serve::DemoModelLoader>(*server, project, o.load, o.server.threads,
                                                          demoCallbacks(ctx, std::make_shared<TrainPrinter>()));
    }
    signals.onSignal([&server, &loader] {
        if (loader)
            loader->cancel(); // the training keeps a checkpoint: the next start resumes it
        server->stop();
    });
    server->wait();
    signals.onSignal({});
    if (loader) {
        loader->stop(); // waits for a cancelled training to keep its checkpoint
        if (loader->cancelled())
            ctx.exitCode = kExitCancelled; // stopped before the demo model was ready
    }
    if (ctx.events)
        ctx.emit(train::makeEvent("stopped"));
    else
        std::fprintf(stderr, "stopped\n");
}

} // namespace

void registerServeCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<ServeCommand>();
    auto* cmd = app.add_subcommand(
        "serve", "Answer OpenAI-style API requests (/v1/models, /v1/completions, /v1/chat/completions) with a model");
    cmd->add_option("--model", o->model,
                    "A checkpoint written by `llmwb train`, a run folder (its best checkpoint), or `demo` (the demo "
                    "model of the project; while it trains the first time, completions get HTTP 503 with the "
                    "progress)")
        ->required();
    cmd->add_option("--port", o->server.port, "TCP port (0: any free port, printed when listening)")
        ->capture_default_str();
    cmd->add_option("--host", o->server.host,
                    "Address to listen on; any other than a loopback address needs --api-key")
        ->capture_default_str();
    cmd->add_option("--api-key", o->server.apiKey,
                    "Require \"Authorization: Bearer KEY\" on every request (or set LLMWB_API_KEY)")
        ->envname("LLMWB_API_KEY");
    cmd->add_option("--chat-template", o->server.chatTemplate,
                    "How chat messages become a prompt: model (the model's own template, else chatml), chatml, "
                    "llama3, alpaca or a template JSON file")
        ->capture_default_str();
    cmd->add_option("--adapter", o->adapters,
                    "Serve a LoRA or DoRA adapter on the model (not merged; repeatable, the base is loaded once): "
                    "DIR or NAME=DIR, DIR a folder with adapter_config.json or a fine-tune run of the project (RUN "
                    "or RUN:best). Requests pick it by its id in \"model\": NAME, else <model id>+<run or folder "
                    "name>; the model itself keeps its id, and a request without \"model\" gets the first adapter. "
                    "One adapter given as DIR is the server's model: --model-id names it, it is listed first and "
                    "answers any \"model\" but the base's");
    cmd->add_option("--model-id", o->load.id,
                    "The model's name in the API (default: <run folder>/<checkpoint>); adapters have their own, "
                    "but a single --adapter DIR is served under this name (the base under its default one)");
    cmd->add_option("--max-batch", o->server.maxBatch,
                    "Requests decoded together, one forward pass per step; a finished one's place goes to the "
                    "next waiting request at the next step (1: strictly one at a time)")
        ->capture_default_str();
    cmd->add_option("--max-waiting", o->server.maxWaiting,
                    "Requests that may wait for a place in the batch; more get HTTP 429 with Retry-After")
        ->capture_default_str();
    cmd->add_option("--queue-timeout", o->server.queueTimeoutSeconds,
                    "Seconds a request may wait for a place in the batch; longer gets HTTP 503 with Retry-After")
        ->capture_default_str();
    cmd->add_option("--max-request-bytes", o->server.maxRequestBytes, "Largest request body; larger get HTTP 413")
        ->capture_default_str();
    cmd->add_option("--max-tokens", o->server.maxTokens,
                    "Largest max_tokens a request may ask for (0: the model's context length)")
        ->capture_default_str();
    cmd->add_option("--threads", o->server.threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_option("--device", o->load.device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--dtype", o->load.dtype,
                    "Weights while generating: auto (as stored: bf16 stays bf16, f16 runs as fp32), fp32 or bf16")
        ->check(CLI::IsMember({"auto", "fp32", "bf16"}))
        ->capture_default_str();
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runServe(context, *o); });
}

} // namespace lw::cli

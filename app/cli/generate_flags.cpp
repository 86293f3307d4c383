#include "app/cli/generate_flags.h"

#include "app/cli/control_channel.h"
#include "core/catalog/model_loader.h"
#include "core/finetune/adapter_files.h"
#include "core/store/store.h"
#include "core/train/checkpoint.h"
#include "core/train/run_service.h"
#include "core/train/trainer.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <csignal>
#include <filesystem>
#include <thread>
#include <unistd.h>

namespace lw::cli {

namespace {

struct InterruptState {
    std::atomic<bool> cancel{false};
    std::atomic<bool> answering{false};
};

InterruptState& interruptState()
{
    static InterruptState state;
    return state;
}

void onInterrupt(int signal)
{
    InterruptState& s = interruptState();
    if (signal == SIGINT && s.answering.load() && !s.cancel.load()) {
        s.cancel = true; // stop this answer, keep the program
        return;
    }
    const char newline = '\n';
    (void)!::write(STDOUT_FILENO, &newline, 1);
    std::_Exit(130);
}

} // namespace

void ModelFlags::add(CLI::App* cmd)
{
    cmd->add_option("--model", model,
                    "The model: a run id (3, or 3:best), a checkpoint file, a model of the project by name, a "
                    "Hugging Face folder");
    cmd->add_option("--adapter", adapter,
                    "Apply a LoRA or DoRA adapter to the model without merging it: a folder with "
                    "adapter_config.json (PEFT's layout), or a fine-tune run of the project (RUN or RUN:best)");
    cmd->add_option("--checkpoint", checkpoint, "A checkpoint file written by `llmwb train`");
    cmd->add_option("--run", run, "Use the newest checkpoint of this run of the project");
    cmd->add_flag("--best", best, "With --run: use the run's best checkpoint (lowest validation loss)");
    cmd->add_option("--threads", threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_option("--device", device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--dtype", dtype,
                    "Weights while generating: auto (as stored: bf16 stays bf16, f16 runs as fp32), fp32 or bf16")
        ->check(CLI::IsMember({"auto", "fp32", "bf16"}))
        ->capture_default_str();
    cmd->add_flag("--model-forward", modelForward,
                  "Run the model's own forward pass instead of the fused CPU decoder (slower; for checks)");
    cmd->add_flag("--no-kv-cache", noKvCache,
                  "Recompute the whole sequence for every token (much slower; for checks)");
}

void SamplerFlags::add(CLI::App* cmd)
{
    std::vector<std::pair<std::string, std::string>> scalar;
    for (const auto& field : generate::samplerSettingsHelp())
        if (field.first != "stop")
            scalar.push_back(field);
    fields.add(cmd, scalar, generate::SamplerSettings().toJson(), "Decoding");
    cmd->add_option("--stop", stop, "Stop sequence: the text ends before it (repeat for several)")->group("Decoding");
    cmd->add_option("--settings", settingsFile,
                    "Decoding settings as a JSON file (the fields above); flags given override it")
        ->group("Decoding");
}

generate::SamplerSettings SamplerFlags::settings() const
{
    nlohmann::json json = generate::SamplerSettings().toJson();
    if (!settingsFile.empty()) {
        nlohmann::json file = util::readJsonFile(settingsFile);
        generate::SamplerSettings::fromJson(file, settingsFile); // names unknown fields
        json.update(file);
    }
    fields.applyTo(json);
    auto s = generate::SamplerSettings::fromJson(json);
    s.stop.insert(s.stop.end(), stop.begin(), stop.end());
    s.validate();
    return s;
}

LoadedGenerator loadGenerator(CliContext& ctx, const ModelFlags& o)
{
    const int given = int(!o.model.empty()) + int(!o.checkpoint.empty()) + int(o.run != 0);
    if (given != 1)
        throw Error("give one of --model M, --checkpoint PATH or --run ID");
    util::configureThreads(o.threads);
    torch::Device device(o.device);
    catalog::ModelLocation location;
    if (!o.model.empty()) {
        std::optional<store::Project> project;
        if (!catalog::formatOfPath(o.model))
            project = ctx.project();
        location = catalog::locateModel(o.model, project ? &*project : nullptr);
    } else {
        location.format = catalog::ModelFormat::Checkpoint;
        location.path = o.checkpoint.empty() ? catalog::runCheckpoint(ctx.project(), o.run, o.best) : o.checkpoint;
        location.label = location.path;
    }
    catalog::LoadOptions loadOptions;
    // The fused decoder reads a quantized file's blocks only with "auto" weights and no
    // adapter; then the float model needs no copy of them.
    loadOptions.forGeneration =
        device.is_cpu() && !o.modelForward && !o.noKvCache && o.dtype == "auto" && o.adapter.empty();
    // "auto" is as stored: a bf16 model stays bf16 for the decoder's bf16 kernels.
    loadOptions.bf16AsStored = loadOptions.forGeneration && o.bf16AsStored;
    catalog::LoadedModel loaded = catalog::loadModel(location, device, loadOptions);
    LoadedGenerator g;
    if (!o.adapter.empty()) {
        std::optional<store::Project> project;
        std::error_code ec;
        if (!std::filesystem::is_directory(o.adapter, ec) || !catalog::formatOfPath(o.model))
            project = ctx.project();
        const std::string dir = finetune::resolveAdapterDir(o.adapter, project ? &*project : nullptr);
        g.adapter = finetune::attachAdapter(loaded, dir, project ? &*project : nullptr);
        if (auto trained = finetune::adapterChatTemplate(dir))
            loaded.chatTemplate = trained; // chat as the adapter was trained
    }
    g.checkpointPath = location.path;
    g.model = loaded.model;
    g.tokenizer = std::move(loaded.tokenizer);
    g.promptPrefix = loaded.promptPrefix;
    g.chatTemplate = loaded.chatTemplate;
    generate::GeneratorOptions options;
    options.fusedCpu = !o.modelForward;
    options.kvCache = !o.noKvCache;
    options.storedMatrices = loaded.storedMatrices;
    const bool fused = device.is_cpu() && options.fusedCpu && options.kvCache;
    if (fused) {
        options.weights = o.dtype;
    } else if (o.dtype != "auto") {
        g.model->to(o.dtype == "bf16" ? torch::kBFloat16 : torch::kFloat);
    }
    g.generator = std::make_unique<generate::Generator>(g.model, g.tokenizer.get(), options);
    return g;
}

generate::ChatTemplate LoadedGenerator::templateFor(const std::string& nameOrPath) const
{
    if (!nameOrPath.empty())
        return generate::loadChatTemplate(nameOrPath);
    return chatTemplate ? *chatTemplate : generate::builtinChatTemplate("chatml");
}

generate::GenerationRequest LoadedGenerator::chatRequest(const generate::ChatTemplate& t,
                                                         const std::vector<generate::ChatMessage>& messages,
                                                         const generate::SamplerSettings& settings) const
{
    generate::GenerationRequest request = generator->chatRequest(t, messages, settings);
    if (!promptPrefix.empty() && !t.templateAddsBos())
        request.prompt.insert(request.prompt.begin(), promptPrefix.begin(), promptPrefix.end());
    return request;
}

InterruptWatcher::InterruptWatcher()
{
    setStopAction(onInterrupt);
}

const std::atomic<bool>* InterruptWatcher::cancel() const
{
    return &interruptState().cancel;
}

void InterruptWatcher::setAnswering(bool answering)
{
    if (answering)
        interruptState().cancel = false;
    interruptState().answering = answering;
}

std::string statsLine(const generate::GenerationResult& r)
{
    const auto& s = r.stats;
    char line[256];
    std::snprintf(line, sizeof line,
                  "%lld tokens (%s), first after %.0f ms, prefill %lld tokens at %.0f tokens/s, decode %.1f tokens/s",
                  static_cast<long long>(s.generatedTokens), generate::stopReasonName(r.stopReason).c_str(),
                  s.timeToFirstTokenMs, static_cast<long long>(s.promptTokens - s.promptTokensReused),
                  s.prefillTokensPerS, s.decodeTokensPerS);
    return line;
}

} // namespace lw::cli

// llmwb prune: a model of the project with weights pruned (magnitude, Wanda, 2:4) or
// attention heads or MLP channels removed (core/quant/pruning.h), calibrated on a
// dataset version or a text file, written as a Hugging Face folder under the project's
// models/ (a GPT-2 model with heads removed as GGUF, whose keys state the head width)
// and recorded with its source, method, settings and calibration data.
#include "app/cli/calibration_flags.h"
#include "app/cli/cli_job.h"
#include "core/catalog/file_copy.h"
#include "core/catalog/model_export.h"
#include "core/catalog/model_loader.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/hf/hf_architecture.h"
#include "core/hf/hf_model.h"
#include "core/quant/calibration.h"
#include "core/quant/pruning.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"

#include <cstdio>
#include <filesystem>

namespace lw::cli {

namespace {

namespace fs = std::filesystem;

struct PruneCommand {
    std::string model;
    std::string method;
    double sparsity = 0.5;
    std::string score = "wanda";
    int64_t removeHeads = 0;
    int64_t removeChannels = 0;
    CalibrationFlags calibration;
    std::string dtype = "f32";
    std::string output;
    int threads = 0;
    bool json = false;
};

quant::PruneSettings pruneSettings(const PruneCommand& o)
{
    quant::PruneSettings s;
    s.method = quant::pruneMethodFromName(o.method);
    s.sparsity = o.sparsity;
    s.wandaScore = o.score == "wanda";
    s.removeHeads = o.removeHeads;
    s.removeChannels = o.removeChannels;
    return s;
}

// GPT-2's config.json cannot state a head width (hf_architecture.h), so a GPT-2 model
// whose heads were removed is written as models/<NAME>/model.gguf, as quantize writes.
bool needsGguf(const model::ModelConfig& config)
{
    return config.family == model::Family::Gpt2 && config.hasOwnHeadDim();
}

void writePrunedGguf(catalog::LoadedModel& loaded, const std::string& path, const std::string& dtype,
                     std::vector<std::string>& notes)
{
    const gguf::GgmlType type = dtype == "f16" ? gguf::GgmlType::F16
                                : dtype == "bf16" ? gguf::GgmlType::BF16
                                                  : gguf::GgmlType::F32;
    const bool jinja = loaded.chatTemplate && loaded.chatTemplate->isJinja();
    gguf_model::writeGgufModel(loaded.model, *loaded.tokenizer, jinja ? loaded.chatTemplate->jinja : std::string(),
                               path, type);
    notes.push_back("written as GGUF: a Hugging Face GPT-2 config cannot state the narrower attention (head_dim)");
}

store::ModelRecord savePrunedModel(const store::Project& project, catalog::LoadedModel& loaded, const PruneCommand& o,
                                   nlohmann::json lineage, nlohmann::json meta)
{
    const torch::ScalarType dtype = hf::dtypeFromName(o.dtype);
    const model::ModelConfig& config = loaded.model->config();
    const bool gguf = needsGguf(config);
    fs::create_directories(project.modelsDir());
    const std::string destination = (fs::path(project.modelsDir()) / store::Project::slug(o.output, "model")).string();
    catalog::StagingFolder staging(destination);
    std::vector<std::string> notes;
    if (gguf)
        writePrunedGguf(loaded, (fs::path(staging.path()) / "model.gguf").string(), o.dtype, notes);
    else
        catalog::writeHfFolder(loaded, staging.path(), dtype, notes);
    uint64_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(staging.path()))
        bytes += entry.file_size();
    staging.commit();

    store::Store store = project.openStore();
    store::ModelRecord r;
    r.name = o.output;
    r.kind = "prune";
    r.format = gguf ? "gguf" : "hf";
    r.family = model::familyName(config.family);
    r.architecture = gguf ? gguf_model::ggufArchitectureFor(config) : hf::architectureForExport(config).architecture;
    r.path = store.storablePath(gguf ? (fs::path(destination) / "model.gguf").string() : destination);
    r.parameters = config.parameterCount();
    r.bytes = int64_t(bytes);
    r.dtype = hf::torchDtypeName(dtype);
    r.lineage = std::move(lineage);
    meta["config"] = config.toJson();
    meta["notes"] = notes;
    r.meta = std::move(meta);
    try {
        r.id = store.registerModel(r);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(destination, ec);
        throw;
    }
    return r;
}

void runPrune(CliContext& ctx, const PruneCommand& o)
{
    util::configureThreads(o.threads);
    const quant::PruneSettings settings = pruneSettings(o);
    const store::Project project = ctx.project();
    {
        store::Store store = project.openStore();
        if (store.modelByName(o.output))
            throw Error::inField("output", "a model named '" + o.output + "' already exists in the project");
    }
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    catalog::LoadedModel loaded = catalog::loadModel(location, torch::kCPU);
    settings.validate(loaded.model->config());

    nlohmann::json calibrationInfo = nullptr;
    torch::Tensor windows;
    if (settings.needsCalibration()) {
        CalibrationData data = loadCalibration(project, loaded, o.calibration, "this method needs calibration data");
        windows = data.windows;
        calibrationInfo = std::move(data.info);
    }

    CancelOnSignal cancel;
    ProgressLine line("pruning");
    auto report = progressReporter(ctx, line, cancel, "prune");
    quant::PruneReport result;
    std::optional<store::ModelRecord> record;
    cancel.run(ctx, [&] {
        loaded.model = quant::pruneModel(loaded.model, windows, settings, result, [&](int64_t done, int64_t total) {
            return report(double(done) / double(total) * 0.9, "layer " + std::to_string(done) + " of " +
                                                                     std::to_string(total));
        });
        nlohmann::json source = {{"model", o.model}, {"path", location.path}};
        if (location.runId)
            source["run"] = *location.runId;
        nlohmann::json meta = {{"method", pruneMethodName(settings.method)},
                               {"settings", settings.toJson()},
                               {"calibration", calibrationInfo},
                               {"result", result.toJson()}};
        record = savePrunedModel(project, loaded, o, {{"source", source}, {"prune", settings.toJson()}}, meta);
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled || !record)
        return;

    store::Store store = project.openStore();
    nlohmann::json summary = modelJson(store, *record);
    summary["sparsity"] = result.sparsity();
    summary["zero_weights"] = result.zeroWeights;
    summary["total_weights"] = result.totalWeights;
    summary["parameters_before"] = result.parametersBefore;
    char human[256];
    if (settings.method == quant::PruneMethod::Heads || settings.method == quant::PruneMethod::Channels)
        std::snprintf(human, sizeof human, "pruned model '%s' (%s): %lld parameters, %lld before",
                      o.output.c_str(), pruneMethodName(settings.method), static_cast<long long>(record->parameters),
                      static_cast<long long>(result.parametersBefore));
    else
        std::snprintf(human, sizeof human,
                      "pruned model '%s' (%s): %.2f%% of the layers' weights are zero, %lld parameters",
                      o.output.c_str(), pruneMethodName(settings.method), 100.0 * result.sparsity(),
                      static_cast<long long>(record->parameters));
    printResult(ctx, o.json, summary, human);
}

} // namespace

void registerPruneCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<PruneCommand>();
    auto* cmd = app.add_subcommand("prune", "Prune a model's weights, heads or MLP channels into a new model of the project");
    cmd->add_option("--model", o->model, "The model (every form `llmwb models` names)")->required();
    cmd->add_option("--method", o->method,
                    "magnitude, wanda (|W| * ||X||), 2:4 (two of every four inputs), heads or channels")
        ->required()
        ->check(CLI::IsMember({"magnitude", "wanda", "2:4", "heads", "channels"}));
    cmd->add_option("--sparsity", o->sparsity, "magnitude, wanda: share of each row's weights set to zero")
        ->capture_default_str();
    cmd->add_option("--score", o->score, "2:4: rank weights by wanda or magnitude")
        ->check(CLI::IsMember({"wanda", "magnitude"}))
        ->capture_default_str();
    cmd->add_option("--remove-heads", o->removeHeads,
                    "heads: attention heads removed from every layer (with grouped-query attention a multiple of "
                    "n_kv_head: each group loses the same number)");
    cmd->add_option("--remove-channels", o->removeChannels, "channels: MLP channels removed from every layer");
    addCalibrationOptions(cmd, o->calibration);
    cmd->add_option("--dtype", o->dtype, "Weights of the written model: f32, f16 or bf16")
        ->check(CLI::IsMember({"f32", "f16", "bf16"}))
        ->capture_default_str();
    cmd->add_option("--output", o->output, "Name of the pruned model in the project")->required();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_flag("--json", o->json,
                  "Print the model's record as JSON, with sparsity, zero_weights, total_weights, parameters_before");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runPrune(context, *o); });
}

} // namespace lw::cli

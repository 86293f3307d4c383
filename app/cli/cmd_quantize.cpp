// llmwb quantize: a model of the project (or a path) quantized round-to-nearest into
// models/<NAME>/model.gguf and recorded in the store with where it came from.
#include "app/cli/cli_context.h"
#include "app/cli/cli_job.h"
#include "core/catalog/model_loader.h"
#include "core/catalog/model_locator.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

#include <filesystem>
#include <iostream>

namespace lw::cli {

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

struct QuantizeCommand {
    std::string model, method, output;
    bool json = false;
};

// Each file of the source (a folder's top-level files) with its size and sha256.
Json sourceFiles(const catalog::ModelLocation& location)
{
    std::vector<fs::path> paths;
    if (fs::is_directory(location.path)) {
        for (const auto& entry : fs::directory_iterator(location.path))
            if (entry.is_regular_file())
                paths.push_back(entry.path());
        std::sort(paths.begin(), paths.end());
    } else {
        paths.push_back(location.path);
    }
    Json files = Json::array();
    for (const fs::path& p : paths)
        files.push_back({{"name", p.filename().string()}, {"bytes", fs::file_size(p)}, {"sha256", util::sha256FileHex(p.string())}});
    return files;
}

void runQuantize(CliContext& ctx, const QuantizeCommand& o)
{
    quant::checkQuantizationMethod(o.method);
    auto project = ctx.project();
    {
        store::Store store = project.openStore();
        if (store.modelByName(o.output))
            throw Error::inField("output", "a model named '" + o.output + "' already exists in the project");
    }
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    CancelOnSignal cancel;
    ProgressLine line("quantizing");
    auto report = progressReporter(ctx, line, cancel, "quantizing");
    const fs::path folder = fs::path(project.modelsDir()) / store::Project::slug(o.output, "model");
    const std::string path = (folder / "model.gguf").string();
    std::error_code ec;
    if (fs::exists(folder, ec))
        throw Error::inFile(folder.string(), "already exists");
    quant::QuantizeResult result;
    catalog::LoadedModel loaded;
    bool createdFolder = false;
    cancel.run(ctx, [&] {
        report(0.0, "loading " + location.label);
        loaded = catalog::loadModel(location, torch::kCPU);
        quant::QuantizeOptions options;
        options.method = o.method;
        options.source = location.label;
        options.name = o.output;
        if (loaded.chatTemplate && loaded.chatTemplate->isJinja())
            options.chatTemplate = loaded.chatTemplate->jinja;
        createdFolder = fs::create_directories(folder);
        try {
            result = quant::quantizeModel(loaded.model, loaded.tokenizer.get(), path, options,
                                          [&](const quant::QuantizeProgress& p) {
                                              return report(double(p.bytesDone) / double(std::max<int64_t>(p.bytesTotal, 1)),
                                                            std::to_string(p.tensorsDone) + "/" +
                                                                std::to_string(p.tensorsTotal) + " tensors");
                                          });
        } catch (...) {
            if (createdFolder)
                fs::remove_all(folder, ec);
            throw;
        }
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;

    store::Store store = project.openStore();
    const model::ModelConfig& config = loaded.model->config();
    store::ModelRecord r;
    r.name = o.output;
    r.kind = "quantize";
    r.format = "gguf";
    r.family = model::familyName(config.family);
    r.architecture = gguf_model::ggufArchitectureFor(config);
    r.path = store.storablePath(path);
    r.parameters = result.parameters;
    r.bytes = result.fileBytes;
    r.dtype = o.method;
    r.lineage = {{"source", o.model},
                 {"label", location.label},
                 {"format", catalog::formatName(location.format)},
                 {"path", location.path},
                 {"files", sourceFiles(location)}};
    if (location.runId)
        r.lineage["run"] = *location.runId;
    if (location.modelId)
        r.lineage["model"] = *location.modelId;
    r.meta = {{"method", o.method},
              {"settings", result.settings},
              {"calibration", nullptr},
              {"bits_per_weight", result.bitsPerWeight},
              {"seconds", result.seconds},
              {"config", config.toJson()}};
    try {
        r.id = store.registerModel(r);
    } catch (...) {
        fs::remove_all(folder, ec);
        throw;
    }
    const Json summary = {{"name", r.name},
                          {"id", r.id},
                          {"path", path},
                          {"bytes", result.fileBytes},
                          {"bits_per_weight", result.bitsPerWeight},
                          {"method", o.method},
                          {"seconds", result.seconds}};
    char bpw[32];
    std::snprintf(bpw, sizeof bpw, "%.2f", result.bitsPerWeight);
    printResult(ctx, o.json, summary,
                location.label + " quantized with " + o.method + " into model '" + r.name + "': " +
                    formatCount(double(result.fileBytes)) + "B, " + bpw + " bits per weight, " + path);
}

} // namespace

void registerQuantizeCommand(CLI::App& app, CliContext& context)
{
    auto o = std::make_shared<QuantizeCommand>();
    CLI::App* cmd = app.add_subcommand("quantize", "Quantize a model round-to-nearest into a GGUF model of the project");
    cmd->add_option("--model", o->model, "The model: a project model's name, a run, a checkpoint, a folder or a .gguf file")
        ->required();
    std::string methods;
    for (const std::string& m : quant::quantizationMethods())
        methods += (methods.empty() ? "" : ", ") + m;
    cmd->add_option("--method", o->method, "One of " + methods)->required();
    cmd->add_option("--output", o->output, "The new model's name (written to models/<NAME>/model.gguf)")->required();
    cmd->add_flag("--json", o->json, "Print a JSON summary");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runQuantize(context, *o); });
}

} // namespace lw::cli

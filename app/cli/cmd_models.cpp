// llmwb import | export | merge | models list|show|delete: the project's models
// beyond its runs' checkpoints, and the way out to other tools.
#include "app/cli/cli_context.h"
#include "app/cli/cli_job.h"
#include "core/catalog/model_export.h"
#include "core/catalog/model_import.h"
#include "core/catalog/model_merge.h"
#include "core/hf/hf_model.h"
#include "core/util/error.h"

#include <iostream>

namespace lw::cli {

namespace {

using Json = nlohmann::json;

struct ImportCommand {
    std::string from, name;
    bool json = false;
};

void runImport(CliContext& ctx, const ImportCommand& o)
{
    auto project = ctx.project();
    CancelOnSignal cancel;
    ProgressLine line("importing");
    auto report = progressReporter(ctx, line, cancel, "importing");
    catalog::ImportResult result;
    cancel.run(ctx, [&] {
        result = catalog::importModel(project, o.from, o.name, [&](const catalog::ImportProgress& p) {
            return report(p.bytesTotal ? double(p.bytesDone) / double(p.bytesTotal) : 1.0, p.file);
        });
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;
    for (const auto& note : result.notes)
        std::cerr << "note: " << note << "\n";
    store::Store store = project.openStore();
    const auto& r = result.record;
    printResult(ctx, o.json, modelJson(store, r),
                "model '" + r.name + "': " + r.architecture + ", " + formatCount(double(r.parameters)) +
                    " parameters (" + r.dtype + "), copied into " + result.folder);
}

struct ExportCommand {
    std::string model, format = "hf", dtype = "auto", output;
    bool json = false;
};

void runExport(CliContext& ctx, const ExportCommand& o)
{
    auto project = ctx.project();
    catalog::ExportOptions options;
    options.format = o.format;
    options.dtype = o.dtype;
    options.output = o.output;
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    CancelOnSignal cancel;
    ProgressLine line("exporting");
    auto report = progressReporter(ctx, line, cancel, "exporting");
    catalog::ExportResult result;
    cancel.run(ctx, [&] { result = catalog::exportModel(location, options, report); });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;
    for (const auto& note : result.notes)
        std::cerr << "note: " << note << "\n";
    Json summary = {{"model", location.label}, {"format", o.format}, {"dtype", o.dtype},
                    {"path", result.path},     {"files", result.files}, {"bytes", result.bytes}};
    printResult(ctx, o.json, summary, location.label + " exported to " + result.path);
}

struct MergeCommand {
    std::vector<std::string> models;
    std::vector<double> weights, densities;
    std::string method = "linear", base, name, dtype = "f32";
    double t = 0.5, lambda = 1.0;
    uint64_t seed = 0;
    std::string normalize = "default";
    bool json = false;
};

void runMerge(CliContext& ctx, const MergeCommand& o)
{
    auto project = ctx.project();
    catalog::MergeRequest request;
    request.name = o.name;
    request.dtype = o.dtype;
    request.options.method = o.method == "dare" ? "dare_ties" : o.method;
    request.options.t = o.t;
    request.options.lambda = o.lambda;
    request.options.seed = o.seed;
    if (o.normalize != "default")
        request.options.normalize = o.normalize == "on";
    if (!o.weights.empty() && o.weights.size() != o.models.size())
        throw Error::inField("weights", "give one weight per model (" + std::to_string(o.models.size()) + ")");
    if (!o.densities.empty() && o.densities.size() != o.models.size())
        throw Error::inField("densities", "give one density per model (" + std::to_string(o.models.size()) + ")");
    if (!o.base.empty()) {
        request.models.push_back({o.base, 1.0, 1.0});
        request.options.baseIndex = 0;
    }
    for (size_t i = 0; i < o.models.size(); ++i)
        request.models.push_back({o.models[i], o.weights.empty() ? 1.0 : o.weights[i],
                                  o.densities.empty() ? 1.0 : o.densities[i]});
    CancelOnSignal cancel;
    ProgressLine line("merging");
    auto report = progressReporter(ctx, line, cancel, "merging");
    store::ModelRecord record;
    cancel.run(ctx, [&] { record = catalog::mergeIntoProject(project, request, report); });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;
    store::Store store = project.openStore();
    printResult(ctx, o.json, modelJson(store, record),
                "model '" + record.name + "': " + request.options.method + " merge of " +
                    std::to_string(request.models.size()) + " models, in " + store.absolutePath(record.path));
}

void runList(CliContext& ctx, bool json)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    Json list = Json::array();
    for (const auto& m : store.models())
        list.push_back(modelJson(store, m));
    if (json) {
        std::cout << list.dump() << std::endl;
        return;
    }
    if (list.empty())
        ctx.say("no models yet (llmwb import --from FOLDER --name NAME)");
    for (const auto& m : store.models())
        ctx.say(m.name + "  " + m.kind + "  " + m.architecture + "  " + formatCount(double(m.parameters)) +
                " parameters  " + m.dtype + "  " + formatCount(double(m.bytes)) + "B");
}

void runShow(CliContext& ctx, const std::string& name)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    auto m = store.modelByName(name);
    if (!m)
        throw Error("there is no model '" + name + "' in the project");
    std::cout << modelJson(store, *m).dump(2) << std::endl;
}

} // namespace

void registerModelCommands(CLI::App& app, CliContext& context)
{
    auto importCmd = std::make_shared<ImportCommand>();
    CLI::App* imp = app.add_subcommand("import", "Copy a Hugging Face folder or a GGUF file into the project as a named model");
    imp->add_option("--from", importCmd->from,
                    "A folder (config.json, safetensors weights, tokenizer files) or a .gguf file")
        ->required();
    imp->add_option("--name", importCmd->name, "Name of the model in the project")->required();
    imp->add_flag("--json", importCmd->json, "Print the model's record as JSON");
    addCommonOptions(imp, context, true);
    imp->callback([&context, importCmd] { runImport(context, *importCmd); });

    auto exportCmd = std::make_shared<ExportCommand>();
    CLI::App* exp = app.add_subcommand("export", "Write a model for other tools (a Hugging Face folder or a GGUF file)");
    exp->add_option("--model", exportCmd->model,
                    "A run id (3, or 3:best), a checkpoint file, a model name, a Hugging Face folder")
        ->required();
    exp->add_option("--format", exportCmd->format, "hf (a folder for transformers) or gguf (a file for llama.cpp)")
        ->check(CLI::IsMember({"hf", "gguf"}))
        ->capture_default_str();
    exp->add_option("--dtype", exportCmd->dtype, "Weights as f32, f16 or bf16; gguf also q8_0, q4_0, q4_1, q5_0, q5_1; auto (default): f32, "
                                        "or a quantized GGUF model's blocks copied as they are")
        ->check(CLI::IsMember({"auto", "f32", "f16", "bf16", "q8_0", "q4_0", "q4_1", "q5_0", "q5_1"}))
        ->capture_default_str();
    exp->add_option("--output", exportCmd->output, "The folder (hf) or file (gguf) to create")->required();
    exp->add_flag("--json", exportCmd->json, "Print a JSON summary");
    addCommonOptions(exp, context, true);
    exp->callback([&context, exportCmd] { runExport(context, *exportCmd); });

    auto mergeCmd = std::make_shared<MergeCommand>();
    CLI::App* mrg = app.add_subcommand("merge", "Merge models of one shape into a new model (mergekit's methods)");
    mrg->add_option("--models", mergeCmd->models, "The models to merge (--model's forms)")->required();
    mrg->add_option("--method", mergeCmd->method, "linear, slerp, task_arithmetic, ties, dare_linear, dare_ties (dare)")
        ->capture_default_str();
    mrg->add_option("--base", mergeCmd->base, "The base model (task_arithmetic, ties, dare; slerp's t = 0 end)");
    mrg->add_option("--weights", mergeCmd->weights, "One weight per model (default 1)");
    mrg->add_option("--densities", mergeCmd->densities, "One density per model for ties and dare (default 1)");
    mrg->add_option("--t", mergeCmd->t, "slerp: interpolation factor")->capture_default_str();
    mrg->add_option("--lambda", mergeCmd->lambda, "Scale of the merged task vector")->capture_default_str();
    mrg->add_option("--normalize", mergeCmd->normalize, "Divide by the sum of weights: default (the method's), on, off")
        ->check(CLI::IsMember({"default", "on", "off"}))
        ->capture_default_str();
    mrg->add_option("--seed", mergeCmd->seed, "dare: seed of the drop masks")->capture_default_str();
    mrg->add_option("--dtype", mergeCmd->dtype, "Weights of the merged model: f32, f16 or bf16")
        ->check(CLI::IsMember({"f32", "f16", "bf16"}))
        ->capture_default_str();
    mrg->add_option("--name", mergeCmd->name, "Name of the merged model in the project")->required();
    mrg->add_flag("--json", mergeCmd->json, "Print the model's record as JSON");
    addCommonOptions(mrg, context, true);
    mrg->callback([&context, mergeCmd] { runMerge(context, *mergeCmd); });

    CLI::App* models = app.add_subcommand("models", "The project's imported and merged models");
    models->require_subcommand(1);
    auto listJson = std::make_shared<bool>(false);
    CLI::App* list = models->add_subcommand("list", "Every model, by name");
    list->add_flag("--json", *listJson, "Print a JSON array");
    addCommonOptions(list, context, false);
    list->callback([&context, listJson] { runList(context, *listJson); });
    auto showName = std::make_shared<std::string>();
    CLI::App* show = models->add_subcommand("show", "One model's record as JSON (source files with sha256, lineage)");
    show->add_option("name", *showName, "The model's name")->required();
    addCommonOptions(show, context, false);
    show->callback([&context, showName] { runShow(context, *showName); });
    auto deleteName = std::make_shared<std::string>();
    CLI::App* del = models->add_subcommand("delete", "Remove a model and its files from the project");
    del->add_option("name", *deleteName, "The model's name")->required();
    addCommonOptions(del, context, false);
    del->callback([&context, deleteName] {
        catalog::deleteModel(context.project(), *deleteName);
        context.say("deleted model '" + *deleteName + "'");
    });
}

} // namespace lw::cli

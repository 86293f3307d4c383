// llmwb adapter merge | export | show: adapters (PEFT folders, or fine-tune runs) merged
// into their base as a new model of the project, written as a llama.cpp GGUF adapter, or
// described
#include "app/cli/cli_context.h"
#include "app/cli/cli_job.h"
#include "core/finetune/adapter_files.h"
#include "core/finetune/adapter_gguf_export.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>
#include <iostream>

namespace lw::cli {

namespace {

struct AdapterMergeCommand {
    finetune::AdapterMergeRequest request;
    bool json = false;
};

void runAdapterMerge(CliContext& ctx, const AdapterMergeCommand& o)
{
    auto project = ctx.project();
    CancelOnSignal cancel;
    ProgressLine line("merging");
    auto report = progressReporter(ctx, line, cancel, "merging");
    store::ModelRecord record;
    cancel.run(ctx, [&] {
        record = finetune::mergeAdapterIntoProject(project, o.request, [&](double f) { return report(f, ""); });
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;
    store::Store store = project.openStore();
    printResult(ctx, o.json, modelJson(store, record),
                "model '" + record.name + "': " + o.request.base + " with the adapter merged in, in " +
                    store.absolutePath(record.path));
}

struct AdapterExportCommand {
    finetune::AdapterGgufExportRequest request;
    std::string format = "gguf";
    bool json = false;
};

void runAdapterExport(CliContext& ctx, const AdapterExportCommand& o)
{
    auto project = ctx.project();
    CancelOnSignal cancel;
    ProgressLine line("exporting");
    auto report = progressReporter(ctx, line, cancel, "exporting");
    finetune::AdapterGgufExportResult r;
    cancel.run(ctx, [&] {
        r = finetune::exportAdapterAsGguf(project, o.request, [&](double f) { return report(f, ""); });
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;
    const nlohmann::json summary = {{"path", r.path},         {"format", o.format},
                                    {"dtype", o.request.dtype}, {"adapter", r.adapterDir},
                                    {"base", r.base},         {"architecture", r.architecture},
                                    {"tensors", r.tensors},   {"bytes", r.bytes},
                                    {"sha256", r.sha256}};
    printResult(ctx, o.json, summary,
                "adapter " + r.adapterDir + " exported to " + r.path + " (" + r.architecture + ", " +
                    std::to_string(r.tensors) + " tensors); load it in llama.cpp with the base " + r.base +
                    " exported by `llmwb export --format gguf`");
}

void runAdapterShow(CliContext& ctx, const std::string& spec, bool json)
{
    std::optional<store::Project> project;
    std::error_code ec;
    if (!std::filesystem::is_directory(spec, ec))
        project = ctx.project();
    const std::string dir = finetune::resolveAdapterDir(spec, project ? &*project : nullptr);
    nlohmann::json config = util::readJsonFile(dir + "/adapter_config.json");
    nlohmann::json summary = {{"path", dir}, {"config", config}};
    if (json) {
        std::cout << summary.dump() << std::endl;
        return;
    }
    ctx.say(dir);
    for (const char* key : {"peft_type", "base_model_name_or_path", "r", "lora_alpha", "lora_dropout", "use_rslora",
                            "use_dora", "target_modules", "fan_in_fan_out"})
        if (config.contains(key))
            ctx.say(std::string("  ") + key + ": " + config[key].dump());
}

} // namespace

void registerAdapterCommands(CLI::App& app, CliContext& context)
{
    CLI::App* adapter = app.add_subcommand("adapter", "LoRA and DoRA adapters: merge one into its base, export one for llama.cpp, or show one");
    adapter->require_subcommand(1);

    auto merge = std::make_shared<AdapterMergeCommand>();
    CLI::App* m = adapter->add_subcommand(
        "merge", "Merge an adapter into its base model, written as a new model of the project at the base's precision");
    m->add_option("--model", merge->request.base, "The base model (a run, checkpoint, model name, folder or .gguf)")
        ->required();
    m->add_option("--adapter", merge->request.adapter,
                  "The adapter: a folder with adapter_config.json, or a fine-tune run (RUN or RUN:best)")
        ->required();
    m->add_option("--name", merge->request.name, "Name of the merged model in the project")->required();
    m->add_option("--dtype", merge->request.dtype, "Precision of the written weights: f32, f16 or bf16")
        ->check(CLI::IsMember({"f32", "f16", "bf16"}))
        ->capture_default_str();
    m->add_flag("--json", merge->json, "Print the new model as one JSON object");
    addCommonOptions(m, context, true);
    m->callback([&context, merge] { runAdapterMerge(context, *merge); });

    auto exportCmd = std::make_shared<AdapterExportCommand>();
    CLI::App* e = adapter->add_subcommand(
        "export", "Write an adapter as a GGUF adapter file that llama.cpp applies to the base's GGUF (LoRA only)");
    e->add_option("--adapter", exportCmd->request.adapter,
                  "The adapter: a folder with adapter_config.json, or a fine-tune run (RUN or RUN:best)")
        ->required();
    e->add_option("--model", exportCmd->request.base,
                  "The base model (a run, checkpoint, model name, folder or .gguf); default: the base the adapter "
                  "records");
    e->add_option("--format", exportCmd->format, "gguf (an adapter file for llama.cpp)")
        ->check(CLI::IsMember({"gguf"}))
        ->capture_default_str();
    e->add_option("--output", exportCmd->request.output, "The .gguf file to create")->required();
    e->add_option("--dtype", exportCmd->request.dtype, "Precision of A and B: f32 or f16")
        ->check(CLI::IsMember({"f32", "f16"}))
        ->capture_default_str();
    e->add_flag("--json", exportCmd->json, "Print a JSON summary (path, tensors, bytes, sha256)");
    addCommonOptions(e, context, true);
    e->callback([&context, exportCmd] { runAdapterExport(context, *exportCmd); });

    auto spec = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    CLI::App* show = adapter->add_subcommand("show", "An adapter's settings");
    show->add_option("adapter", *spec, "A folder with adapter_config.json, or a fine-tune run")->required();
    show->add_flag("--json", *json, "Print one JSON object");
    addCommonOptions(show, context, false);
    show->callback([&context, spec, json] { runAdapterShow(context, *spec, *json); });
}

} // namespace lw::cli

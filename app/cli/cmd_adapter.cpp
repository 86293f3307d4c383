// llmwb adapter merge | show: adapters (PEFT folders, or fine-tune runs) merged into
// their base as a new model of the project, or described
#include "app/cli/cli_context.h"
#include "app/cli/cli_job.h"
#include "core/finetune/adapter_files.h"
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
    CLI::App* adapter = app.add_subcommand("adapter", "LoRA and DoRA adapters: merge one into its base, or show one");
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

    auto spec = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    CLI::App* show = adapter->add_subcommand("show", "An adapter's settings");
    show->add_option("adapter", *spec, "A folder with adapter_config.json, or a fine-tune run")->required();
    show->add_flag("--json", *json, "Print one JSON object");
    addCommonOptions(show, context, false);
    show->callback([&context, spec, json] { runAdapterShow(context, *spec, *json); });
}

} // namespace lw::cli

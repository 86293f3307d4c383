// llmwb data filter
#include "app/cli/cmd_data_records.h"

#include "core/records/dataset_catalog.h"
#include "core/records/recipe.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <iostream>

namespace lw::cli {

using Json = nlohmann::json;

namespace {

struct FilterCommand {
    std::string dataset;
    std::string recipe;
    std::string name;
    std::string tokenizer;
    bool json = false;
};

void runFilter(CliContext& ctx, const FilterCommand& o)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    auto parent = records::openVersion(store, o.dataset);
    records::checkNameFree(store, o.name);
    const Json recipe = records::loadRecipeFile(o.recipe);

    records::RecipeContext context;
    std::unique_ptr<tokenizer::Tokenizer> tok;
    if (!o.tokenizer.empty()) {
        tok = tokenizer::loadTokenizer(resolveTokenizerPath(project, o.tokenizer));
        context.countTokens = [&tok](std::string_view text) {
            return static_cast<int64_t>(tok->encode(text, false).size());
        };
    }
    CancelOnSignal cancel;
    ProgressLine progress("filtering");
    records::DatasetVersion version;
    cancel.run(ctx, [&] { version = records::runRecipe(parent.version, recipe, o.name, records::newVersionDir(project, o.name), context,
                                      [&](const records::RecipeProgress& p) {
                                          const double fraction =
                                              p.rowsTotal > 0 ? double(p.rowsDone) / double(p.rowsTotal) : 0.0;
                                          progress.update(fraction, formatCount(double(p.rowsKept)) + " of " +
                                                                        formatCount(double(p.rowsDone)) + " rows kept");
                                          if (ctx.events) {
                                              auto e = train::makeEvent("progress");
                                              e["stage"] = "filtering";
                                              e["fraction"] = fraction;
                                              e["rows"] = p.rowsDone;
                                              e["kept"] = p.rowsKept;
                                              ctx.emit(e);
                                          }
                                          return !cancel.requested();
                                      }); });
    progress.finish();
    if (ctx.exitCode == kExitCancelled)
        return;
    const int64_t id = records::registerVersion(store, version);
    Json steps = Json::array();
    for (const auto& s : version.steps)
        steps.push_back({{"step", s.step},
                         {"rows_in", s.rowsIn},
                         {"rows_out", s.rowsOut},
                         {"changed", s.changed},
                         {"removed_samples", s.removedSamples}});
    Json result = {{"dataset", version.name}, {"id", id},       {"parent", o.dataset}, {"rows_in", parent.version.rows},
                   {"rows_out", version.rows}, {"steps", steps}, {"dir", version.dir}};
    if (o.json) {
        std::cout << result.dump() << std::endl;
        return;
    }
    if (ctx.events) {
        auto e = train::makeEvent("result");
        e.update(result);
        ctx.emit(e);
        return;
    }
    for (const auto& s : version.steps)
        ctx.say(s.step.value("step", "?") + ": " + std::to_string(s.rowsIn) + " -> " + std::to_string(s.rowsOut) +
                " rows" + (s.changed ? " (" + std::to_string(s.changed) + " rewritten)" : ""));
    ctx.say("dataset '" + version.name + "': " + std::to_string(version.rows) + " of " +
            std::to_string(parent.version.rows) + " rows kept, in " + version.dir);
}

} // namespace

void registerDataFilterCommand(CLI::App& group, CliContext& context)
{
    auto o = std::make_shared<FilterCommand>();
    auto* filter = group.add_subcommand("filter", "Run a recipe of filter steps over a dataset, making a new version");
    filter->add_option("--dataset", o->dataset, "The dataset to filter")->required();
    filter->add_option("--recipe", o->recipe,
                       "JSON file: an array of steps (length, regex, language, exact_dedup, near_dedup, quality, pii, "
                       "instruction_sanity) with their settings")
        ->required();
    filter->add_option("--name", o->name, "Name of the new dataset version")->required();
    filter->add_option("--tokenizer", o->tokenizer, "Tokenizer for length steps counted in tokens");
    filter->add_flag("--json", o->json, "Print one JSON object with the counts as the last line");
    addCommonOptions(filter, context, true);
    filter->callback([&context, o] { runFilter(context, *o); });
}

} // namespace lw::cli

// llmwb data split | stats
#include "app/cli/cmd_data_records.h"

#include "core/records/dataset_catalog.h"
#include "core/records/splits.h"
#include "core/records/stats.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <iostream>

namespace lw::cli {

using Json = nlohmann::json;

namespace {

struct SplitCommand {
    std::string dataset;
    records::SplitOptions options;
    bool json = false;
};

void runSplit(CliContext& ctx, const SplitCommand& o)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    auto entry = records::openVersion(store, o.dataset);
    CancelOnSignal cancel;
    ProgressLine progress("splitting");
    records::assignSplits(entry.version, o.options, [&](int64_t done, int64_t total) {
        progress.update(total > 0 ? double(done) / double(total) : 0, formatCount(double(done)) + " rows");
        return !cancel.requested();
    });
    progress.finish();
    records::updateVersion(store, entry.record.id, entry.version);
    const Json& s = entry.version.splits;
    if (o.json) {
        std::cout << Json{{"dataset", o.dataset}, {"splits", s}}.dump() << std::endl;
        return;
    }
    ctx.say("dataset '" + o.dataset + "': " + std::to_string(s.value("train", 0)) + " train, " +
            std::to_string(s.value("validation", 0)) + " validation, " + std::to_string(s.value("test", 0)) +
            " test rows (seed " + std::to_string(o.options.seed) + ")");
}

struct StatsCommand {
    std::string dataset;
    std::string tokenizer;
    bool json = false;
};

void runStats(CliContext& ctx, const StatsCommand& o)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    auto entry = records::openVersion(store, o.dataset);
    std::unique_ptr<tokenizer::Tokenizer> tok;
    records::TokenCounter counter;
    if (!o.tokenizer.empty()) {
        tok = tokenizer::loadTokenizer(resolveTokenizerPath(project, o.tokenizer));
        counter = [&tok](std::string_view text) { return static_cast<int64_t>(tok->encode(text, false).size()); };
    }
    CancelOnSignal cancel;
    ProgressLine progress("counting");
    const auto stats = records::computeStats(entry.version, counter, [&](int64_t done, int64_t total) {
        progress.update(total > 0 ? double(done) / double(total) : 0, formatCount(double(done)) + " rows");
        return !cancel.requested();
    });
    progress.finish();
    const Json json = stats.toJson();
    if (o.json) {
        std::cout << json.dump() << std::endl;
        return;
    }
    ctx.say("rows: " + std::to_string(stats.rows));
    ctx.say("characters per row: mean " + std::to_string(int64_t(stats.chars.mean)) + ", median " +
            std::to_string(int64_t(stats.chars.p50)) + ", p95 " + std::to_string(int64_t(stats.chars.p95)) + ", max " +
            std::to_string(int64_t(stats.chars.max)));
    if (stats.tokens)
        ctx.say("tokens per row: mean " + std::to_string(int64_t(stats.tokens->mean)) + ", median " +
                std::to_string(int64_t(stats.tokens->p50)) + ", p95 " + std::to_string(int64_t(stats.tokens->p95)) +
                ", max " + std::to_string(int64_t(stats.tokens->max)));
    ctx.say("exact duplicates: " + std::to_string(stats.exactDuplicates));
    ctx.say("languages: " + Json(stats.languages).dump());
    ctx.say("empty fields: " + Json(stats.emptyFields).dump());
    ctx.say("splits: " + json["splits"].dump());
}

} // namespace

void registerDataStatsCommands(CLI::App& group, CliContext& context)
{
    auto split = std::make_shared<SplitCommand>();
    auto* splitCmd = group.add_subcommand("split", "Assign every row to train, validation or test (seeded)");
    splitCmd->add_option("--dataset", split->dataset, "Dataset name")->required();
    splitCmd->add_option("--train", split->options.train, "Fraction of rows for training")->capture_default_str();
    splitCmd->add_option("--validation", split->options.validation, "Fraction for validation")->capture_default_str();
    splitCmd->add_option("--test", split->options.test, "Fraction for testing")->capture_default_str();
    splitCmd->add_option("--seed", split->options.seed, "Seed: the same seed gives the same splits")
        ->capture_default_str();
    splitCmd->add_option("--group-by", split->options.groupBy,
                         "Keep rows together: those with the same value of this field (prompt, answer, text, "
                         "source.file, ...), or with near_duplicates, those of one near-duplicate cluster");
    splitCmd->add_flag("--json", split->json, "Print one JSON object as the last line");
    addCommonOptions(splitCmd, context, false);
    splitCmd->callback([&context, split] { runSplit(context, *split); });

    auto stats = std::make_shared<StatsCommand>();
    auto* statsCmd = group.add_subcommand("stats", "Lengths, empty fields, languages, duplicates and splits of a dataset");
    statsCmd->add_option("--dataset", stats->dataset, "Dataset name")->required();
    statsCmd->add_option("--tokenizer", stats->tokenizer, "Also count tokens with this tokenizer (name or path)");
    statsCmd->add_flag("--json", stats->json, "Print one JSON object as the last line");
    addCommonOptions(statsCmd, context, false);
    statsCmd->callback([&context, stats] { runStats(context, *stats); });
}

} // namespace lw::cli

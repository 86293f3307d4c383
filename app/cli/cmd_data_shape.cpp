// llmwb data export | template
#include "app/cli/cmd_data_shape.h"

#include "app/cli/cmd_data_records.h"
#include "core/generate/chat_template.h"
#include "core/records/dataset_catalog.h"
#include "core/shape/dataset_export.h"
#include "core/shape/template_preview.h"
#include "core/shape/token_set_catalog.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <filesystem>
#include <iostream>

namespace lw::cli {

using Json = nlohmann::json;

namespace {

// Flags shared by both commands.
struct ShapingFlags {
    std::string dataset;
    std::string chatTemplate;
    std::string tokenizer;
    std::string loss = "assistant";
    int64_t context = 0;
    bool json = false;
};

struct DataExportCommand {
    ShapingFlags shape;
    std::string format;
    std::string layout;
    std::string output;
    double valFraction = 0.0;
    std::string split; // "" or "all": every row
    std::string name;  // tokens: register the folder as this dataset of the project
};

struct TemplatePreviewCommand {
    ShapingFlags shape;
    int64_t rows = 5;
    bool rowsOnly = false;
};

void addShapingFlags(CLI::App* command, ShapingFlags& f, bool templateRequired)
{
    command->add_option("--dataset", f.dataset, "Dataset name in the project")->required();
    auto* t = command->add_option("--template", f.chatTemplate,
                                  "Chat template: chatml, llama3, alpaca, or a template JSON file");
    auto* k = command->add_option("--tokenizer", f.tokenizer, "Tokenizer name in the project, or its path");
    if (templateRequired) {
        t->required();
        k->required();
    }
    command->add_option("--loss", f.loss, "Tokens that receive loss: assistant (answers and their end) or all")
        ->check(CLI::IsMember({"assistant", "all"}))
        ->capture_default_str();
    command->add_option("--context", f.context, "Context length in tokens; longer rows are cut and counted (0: none)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    command->add_flag("--json", f.json, "Print one JSON object with the result as the last line");
}

struct Shaping {
    records::CatalogEntry entry;
    std::unique_ptr<tokenizer::Tokenizer> tokenizer;
    std::unique_ptr<shape::TrainingRenderer> renderer;
};

Shaping openShapingInputs(CliContext& ctx, const ShapingFlags& f)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    Shaping s{records::openVersion(store, f.dataset), nullptr, nullptr};
    if (f.tokenizer.empty())
        throw Error::inField("--tokenizer", "needed to make tokens");
    s.tokenizer = tokenizer::loadTokenizer(resolveTokenizerPath(project, f.tokenizer));
    std::optional<generate::ChatTemplate> chatTemplate;
    if (!f.chatTemplate.empty())
        chatTemplate = generate::loadChatTemplate(f.chatTemplate);
    else if (s.entry.version.kind != "text")
        throw Error::inField("--template", "needed for a dataset of " + s.entry.version.kind + " records");
    s.renderer = std::make_unique<shape::TrainingRenderer>(
        chatTemplate, *s.tokenizer, shape::ShapeOptions{*shape::lossModeFromName(f.loss), f.context});
    return s;
}

void reportShapingProgress(CliContext& ctx, ProgressLine& line, const char* stage, const shape::ExportProgress& p)
{
    const double fraction = p.bytesTotal > 0 ? double(p.bytesDone) / double(p.bytesTotal) : 0.0;
    line.update(fraction, formatCount(double(p.rows)) + " rows");
    if (ctx.events) {
        auto e = train::makeEvent("progress");
        e["stage"] = stage;
        e["fraction"] = fraction;
        e["rows"] = p.rows;
        ctx.emit(e);
    }
}

void printShapingResult(CliContext& ctx, bool json, const Json& result, const std::string& line)
{
    if (json) {
        std::cout << result.dump(-1, ' ', false, Json::error_handler_t::replace) << std::endl;
    } else if (ctx.events) {
        auto e = train::makeEvent("result");
        e.update(result);
        ctx.emit(e);
    } else {
        ctx.say(line);
    }
}

std::string shapeChecksLine(const shape::ShapeCheckCounts& c)
{
    std::string line = std::to_string(c.rowsWithoutEnd) + " rows with an answer that never ends, " +
                       std::to_string(c.truncatedRows) + " truncated, " + std::to_string(c.rowsWithoutLoss) +
                       " without loss tokens";
    for (const auto& stop : c.stopsNeverTrained())
        line += "; stop string \"" + stop + "\" never trained";
    return line;
}

std::optional<records::Split> splitOf(const std::string& name)
{
    if (name.empty() || name == "all")
        return std::nullopt;
    for (auto split : {records::Split::Train, records::Split::Validation, records::Split::Test})
        if (name == records::splitName(split))
            return split;
    throw Error::inField("--split", "must be train, validation, test or all, not '" + name + "'");
}

void exportDataset(CliContext& ctx, const DataExportCommand& o, const shape::ExportProgressCallback& onProgress,
                   shape::ExportResult& r, std::string& dataset, Json& result);

void runDataExport(CliContext& ctx, const DataExportCommand& o)
{
    Json result;
    CancelOnSignal cancel;
    ProgressLine progress("exporting");
    auto onProgress = [&](const shape::ExportProgress& p) {
        if (cancel.requested())
            throw Error("cancelled"); // unwinds through the writers, which drop their temporary files
        reportShapingProgress(ctx, progress, "exporting", p);
    };
    shape::ExportResult r;
    std::string dataset;
    std::error_code ec;
    const bool outputExisted = std::filesystem::exists(o.output, ec);
    cancel.run(ctx, [&] { exportDataset(ctx, o, onProgress, r, dataset, result); });
    progress.finish();
    if (ctx.exitCode == kExitCancelled) {
        if (!outputExisted)
            std::filesystem::remove_all(o.output, ec); // the folder or file this export began
        return;
    }
    result.update({{"dataset", dataset}, {"format", r.format}, {"rows", r.rows}, {"tokens", r.tokens}, {"files", r.files}});
    std::string line = "exported " + std::to_string(r.rows) + " rows of '" + dataset + "' as " + r.format + " to " +
                       o.output;
    if (o.format == "tokens")
        line += " (" + std::to_string(r.tokens) + " tokens; " + shapeChecksLine(r.checks) + ")";
    if (result.contains("name"))
        line += "; registered as dataset '" + result["name"].get<std::string>() + "' of the project";
    printShapingResult(ctx, o.shape.json, result, line);
}

void exportDataset(CliContext& ctx, const DataExportCommand& o, const shape::ExportProgressCallback& onProgress,
                   shape::ExportResult& r, std::string& dataset, Json& result)
{
    if (o.format == "jsonl") {
        auto project = ctx.project();
        store::Store store = project.openStore();
        const auto entry = records::openVersion(store, o.shape.dataset);
        const std::string layoutName = o.layout.empty() ? entry.version.layout : o.layout;
        const auto layout = records::layoutFromName(layoutName);
        if (!layout)
            throw Error::inField("--layout", "unknown layout '" + layoutName + "'");
        r = shape::exportJsonl(entry.version, *layout, o.output, onProgress, splitOf(o.split));
        dataset = entry.version.name;
        result["layout"] = layoutName;
    } else {
        if (!o.layout.empty())
            throw Error::inField("--layout", "only for --format jsonl");
        const Shaping s = openShapingInputs(ctx, o.shape);
        auto project = ctx.project();
        store::Store store = project.openStore();
        if (!o.name.empty())
            records::checkNameFree(store, o.name); // before the work, not after it
        r = shape::exportTokens(s.entry.version, *s.renderer, o.output, o.valFraction, onProgress, splitOf(o.split));
        dataset = s.entry.version.name;
        result["checks"] = r.checks.toJson();
        result["answer_end"] = shape::answerEndJson(s.renderer->answerEnd());
        if (!o.name.empty()) {
            shape::TokenSetOrigin origin{o.shape.chatTemplate, o.shape.tokenizer, std::nullopt, o.shape.loss,
                                         o.shape.context, o.split.empty() ? "all" : o.split};
            if (auto tokenizer = store.tokenizerByName(o.shape.tokenizer))
                origin.tokenizerId = tokenizer->id;
            result["id"] = shape::registerTokenSet(store, o.name, o.output, s.entry.version, r, origin);
            result["name"] = o.name;
            result["kind"] = shape::tokenSetKind(r);
        }
    }
}

void runTemplatePreview(CliContext& ctx, const TemplatePreviewCommand& o)
{
    const Shaping s = openShapingInputs(ctx, o.shape);
    Json result = {{"dataset", s.entry.version.name},
                   {"template", s.renderer->chatTemplate() ? s.renderer->chatTemplate()->toJson() : Json()},
                   {"loss", o.shape.loss},
                   {"context", o.shape.context},
                   {"answer_end", shape::answerEndJson(s.renderer->answerEnd())},
                   {"rows", shape::previewRows(s.entry.version.recordsPath(), *s.renderer, o.rows)}};
    std::string line = "rendered " + std::to_string(result["rows"].size()) + " rows";
    if (!o.rowsOnly) {
        ProgressLine progress("checking");
        const auto checks = shape::checkRecordsFile(s.entry.version.recordsPath(), *s.renderer, [&](int64_t done, int64_t total) {
            reportShapingProgress(ctx, progress, "checking", {done, total, 0});
        });
        progress.finish();
        result["checks"] = checks.toJson();
        line += "; " + std::to_string(checks.rows) + " rows checked: " + shapeChecksLine(checks);
    }
    if (!o.shape.json && !ctx.events)
        for (const auto& row : result["rows"])
            for (const auto& seq : row["sequences"])
                ctx.say(seq["text"].get<std::string>() + "\n---");
    printShapingResult(ctx, o.shape.json, result, line);
}

} // namespace

void registerDataShapeCommands(CLI::App& group, CliContext& context)
{
    auto e = std::make_shared<DataExportCommand>();
    auto* exportCommand = group.add_subcommand(
        "export", "Write a dataset as JSON Lines in a layout, or as token files for training (pretraining, SFT, "
                  "preference pairs)");
    addShapingFlags(exportCommand, e->shape, false);
    exportCommand->add_option("--format", e->format, "jsonl or tokens")
        ->required()
        ->check(CLI::IsMember({"jsonl", "tokens"}));
    exportCommand->add_option("--layout", e->layout,
                              "jsonl layout: text, alpaca, sharegpt, messages, preference or mc (default: the "
                              "dataset's own)");
    exportCommand->add_option("--output", e->output, "File (jsonl) or folder (tokens)")->required();
    exportCommand->add_option("--name", e->name,
                              "tokens: register the folder as a dataset of the project with this name, which "
                              "`llmwb train --dataset` takes and runs trace back to the records version");
    exportCommand->add_option("--split", e->split, "Only the rows of this split (train, validation, test; see `data split`)");
    exportCommand->add_option("--val-fraction", e->valFraction,
                              "Text datasets as tokens: share of tokens (at the end) kept for validation")
        ->check(CLI::Range(0.0, 0.9))
        ->capture_default_str();
    addCommonOptions(exportCommand, context, true);
    exportCommand->callback([&context, e] { runDataExport(context, *e); });

    auto t = std::make_shared<TemplatePreviewCommand>();
    auto* templateCommand = group.add_subcommand(
        "template", "Preview rows rendered through a chat template, token by token with the loss flags, and count "
                    "the rows that would train badly");
    addShapingFlags(templateCommand, t->shape, true);
    templateCommand->add_option("--rows", t->rows, "Rows to preview")->check(CLI::NonNegativeNumber)->capture_default_str();
    templateCommand->add_flag("--rows-only-preview", t->rowsOnly, "Render the preview rows only; skip the dataset checks");
    addCommonOptions(templateCommand, context, true);
    templateCommand->callback([&context, t] { runTemplatePreview(context, *t); });
}

} // namespace lw::cli

// llmwb data prepare
#include "app/cli/cli_context.h"
#include "app/cli/cmd_data_records.h"
#include "app/cli/cmd_data_fix_text.h"
#include "app/cli/cmd_data_shape.h"
#include "core/data/dataset.h"
#include "core/store/store.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <chrono>
#include <filesystem>

namespace lw::cli {

namespace {

struct PrepareCommand {
    std::vector<std::string> inputs;
    std::string tokenizer;
    std::string name;
    std::string output;
    double valFraction = 0.1;
    bool blankLineDocuments = false;
};

void runPrepare(CliContext& ctx, const PrepareCommand& o)
{
    auto project = ctx.project();
    store::Store store = project.openStore();
    if (store.datasetByName(o.name))
        throw Error("--name: the project already has a dataset named '" + o.name + "'");
    const std::string tokenizerPath = resolveTokenizerPath(project, o.tokenizer);
    auto tok = tokenizer::loadTokenizer(tokenizerPath);
    data::PrepareOptions options;
    options.inputs = o.inputs;
    options.outputDir = o.output.empty() ? project.datasetDir(o.name) : o.output;
    options.valFraction = o.valFraction;
    options.blankLineDocuments = o.blankLineDocuments;
    const auto start = std::chrono::steady_clock::now();
    double lastReport = -1;
    auto info = data::prepareTextDataset(options, *tok, [&](const data::PrepareProgress& p) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (elapsed - lastReport < 0.25)
            return true;
        lastReport = elapsed;
        const double fraction = p.bytesTotal > 0 ? double(p.bytesDone) / double(p.bytesTotal) : 0.0;
        const double eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : -1;
        if (ctx.events) {
            auto e = train::makeEvent("progress");
            e["stage"] = "tokenizing";
            e["fraction"] = fraction;
            e["eta_s"] = eta;
            e["message"] = p.currentFile;
            ctx.emit(e);
        } else {
            ctx.say("tokenizing " + std::to_string(int(fraction * 100)) + "% (" + formatCount(double(p.tokens)) +
                    " tokens, ETA " + formatDuration(eta) + ")");
        }
        return true;
    });
    store::DatasetRecord record;
    record.name = o.name;
    record.kind = "text";
    auto tokRecord = store.tokenizerByName(o.tokenizer);
    if (tokRecord)
        record.tokenizerId = tokRecord->id;
    record.path = store.storablePath(info.dir);
    for (const auto& f : info.sourceFiles)
        record.sourceFiles.push_back(std::filesystem::absolute(f).string());
    record.trainTokens = info.trainTokens;
    record.valTokens = info.valTokens();
    record.meta = {{"documents", info.documents}, {"source_bytes", info.sourceBytes}, {"vocab_size", info.vocabSize}};
    const int64_t id = store.registerDataset(record);
    if (ctx.events) {
        auto e = train::makeEvent("result");
        e["id"] = id;
        e["name"] = o.name;
        e["dir"] = info.dir;
        e["total_tokens"] = info.totalTokens;
        e["train_tokens"] = info.trainTokens;
        e["val_tokens"] = info.valTokens();
        e["documents"] = info.documents;
        e["vocab_size"] = info.vocabSize;
        ctx.emit(e);
    }
    ctx.say("dataset '" + o.name + "': " + std::to_string(info.totalTokens) + " tokens (" +
            std::to_string(info.trainTokens) + " train, " + std::to_string(info.valTokens()) + " validation) from " +
            std::to_string(info.sourceFiles.size()) + " file(s), written to " + info.dir);
}

} // namespace

void registerDataCommands(CLI::App& app, CliContext& context)
{
    auto* group = app.add_subcommand("data", "Import, repair, filter and prepare datasets");
    group->require_subcommand(1);
    auto o = std::make_shared<PrepareCommand>();
    auto* prepare = group->add_subcommand(
        "prepare", "Tokenize text files (.txt/.md, or .jsonl with a \"text\" field) into a dataset of the project");
    prepare->add_option("--input", o->inputs, "Text files or folders")->required();
    prepare->add_option("--tokenizer", o->tokenizer, "Tokenizer name in the project, or its path")->required();
    prepare->add_option("--name", o->name, "Dataset name in the project")->required();
    prepare->add_option("--output", o->output, "Output folder (default: <project>/datasets/<name>)");
    prepare->add_option("--val-fraction", o->valFraction, "Share of tokens (at the end) kept for validation")
        ->check(CLI::Range(0.0, 0.9))
        ->capture_default_str();
    prepare->add_flag("--blank-line-documents", o->blankLineDocuments,
                      "Plain text: a blank line ends a document (stories, articles), so documents are separated "
                      "by the end-of-text token; otherwise each file is one document");
    addCommonOptions(prepare, context, true);
    prepare->callback([&context, o] { runPrepare(context, *o); });
    registerDataRecordCommands(*group, context);
    registerDataStatsCommands(*group, context);
    registerDataFilterCommand(*group, context);
    registerDataFixTextCommand(*group, context);
    registerDataShapeCommands(*group, context);
}

} // namespace lw::cli

// llmwb eval perplexity: sliding-window perplexity and bits per byte of a text file or
// a dataset version (core/eval/perplexity.h), stored as an evaluation of the project.
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"
#include "core/catalog/model_loader.h"
#include "core/eval/evaluation_subject.h"
#include "core/eval/perplexity.h"
#include "core/eval/perplexity_text.h"
#include "core/records/dataset_version.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "core/util/text_file.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace lw::cli {

namespace {

struct EvalPerplexityCommand {
    std::string model;
    std::string dataset;
    std::string textFile;
    eval::PerplexityOptions options;
    std::string device = "cpu";
    int threads = 0;
    bool json = false;
};

// The text to measure and what the evaluation records about where it came from.
struct PerplexityInput {
    std::string text;
    std::string name;
    store::Json info;
};

PerplexityInput readPerplexityInput(const store::Project& project, const EvalPerplexityCommand& o)
{
    PerplexityInput in;
    if (!o.textFile.empty()) {
        in.text = util::readTextFileUtf8(o.textFile);
        in.name = std::filesystem::absolute(o.textFile).string();
        in.info = {{"file", in.name}, {"sha256", util::sha256FileHex(o.textFile)}};
        return in;
    }
    std::optional<int64_t> datasetId;
    const std::string dir = resolveDatasetDir(project, o.dataset, &datasetId);
    const records::DatasetVersion version = records::loadDatasetVersion(dir);
    in.text = eval::datasetPerplexityText(dir);
    in.name = version.name;
    in.info = {{"name", version.name}, {"dir", dir}, {"rows", version.rows}, {"sha256", version.recordsSha256}};
    if (datasetId)
        in.info["dataset_id"] = *datasetId;
    return in;
}

void runEvalPerplexity(CliContext& ctx, const EvalPerplexityCommand& o)
{
    if (o.dataset.empty() == o.textFile.empty())
        throw Error("give one of --dataset D or --text-file F");
    const auto started = std::chrono::steady_clock::now();
    util::configureThreads(o.threads);
    const store::Project project = ctx.project();
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    catalog::LoadedModel loaded = catalog::loadModel(location, torch::Device(o.device));
    const PerplexityInput input = readPerplexityInput(project, o);
    // The prompt prefix (a Llama tokenizer's BOS) starts the stream once, as a document
    // starts; windows in the middle of the text begin mid-stream, as in the HF guide.
    const std::vector<int32_t> tokens = catalog::encodePrompt(loaded, input.text);

    CancelOnSignal cancel;
    ProgressLine line("evaluating");
    auto report = progressReporter(ctx, line, cancel, "eval");
    eval::PerplexityResult r;
    cancel.run(ctx, [&] {
        r = eval::computePerplexity(loaded.model, tokens, int64_t(input.text.size()), o.options, [&](double fraction) {
            return report(fraction, "perplexity windows");
        });
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;

    store::Store store = project.openStore();
    store::EvaluationRecord record = eval::newEvaluation(store, "perplexity", o.model, location, evalToolVersion());
    record.dataset = input.name;
    record.datasetInfo = input.info;
    record.settings = {{"context", r.context}, {"stride", r.stride}, {"device", o.device}};
    store::Json summary = {{"perplexity", r.perplexity}, {"nll", r.nll},
                           {"tokens", r.tokens},         {"bytes", r.bytes},
                           {"bits_per_byte", r.bitsPerByte}, {"windows", int64_t(r.windows.size())}};
    record.summary = summary;
    std::vector<store::Json> examples;
    examples.reserve(r.windows.size());
    for (const auto& w : r.windows)
        examples.push_back({{"start", w.begin}, {"tokens", w.scored}, {"nll", w.nll}});
    record.durationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    summary["evaluation_id"] = storeEvaluation(project, record, examples);
    char human[256];
    std::snprintf(human, sizeof human, "perplexity %.4f, %.4f bits per byte (%lld tokens, %lld bytes, %lld windows)",
                  r.perplexity, r.bitsPerByte, static_cast<long long>(r.tokens), static_cast<long long>(r.bytes),
                  static_cast<long long>(r.windows.size()));
    printResult(ctx, o.json, summary, human);
}

} // namespace

void registerEvalPerplexity(CLI::App& eval, CliContext& context)
{
    auto o = std::make_shared<EvalPerplexityCommand>();
    auto* cmd = eval.add_subcommand("perplexity", "Sliding-window perplexity and bits per byte of a text or dataset");
    cmd->add_option("--model", o->model, "The model (every form `llmwb models` names)")->required();
    cmd->add_option("--dataset", o->dataset, "A dataset version (name or folder): its rows' text, joined");
    cmd->add_option("--text-file", o->textFile, "A UTF-8 text file");
    cmd->add_option("--context", o->options.context, "Tokens per window (0: the model's context)")->capture_default_str();
    cmd->add_option("--stride", o->options.stride, "Tokens between window starts (0: half the window)")
        ->capture_default_str();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print one JSON line: perplexity, bits_per_byte, tokens, bytes, nll, windows, "
                                     "evaluation_id");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runEvalPerplexity(context, *o); });
}

} // namespace lw::cli

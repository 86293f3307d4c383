// llmwb eval mc: a model's accuracy on multiple-choice questions (MMLU, HellaSwag, ARC
// or any file in their layouts), scored and prompted as lm-evaluation-harness does.
#include "app/cli/cli_job.h"
#include "app/cli/cmd_eval.h"
#include "core/catalog/model_loader.h"
#include "core/eval/choice_scoring.h"
#include "core/eval/evaluation_subject.h"
#include "core/records/dataset_catalog.h"
#include "core/util/atomic_file.h"
#include "core/util/blas_setup.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

#include <chrono>
#include <filesystem>

namespace lw::cli {

namespace {

struct EvalMcCommand {
    std::string model;
    std::string data;
    std::string layout = "auto";
    int64_t shots = 0;
    uint64_t seed = 1234;
    int64_t limit = -1;
    std::string device = "cpu";
    int threads = 0;
    bool json = false;
    std::string perExample;
};

struct LoadedMcChoices {
    eval::ChoiceTask task;
    std::string dataset;      // the file's absolute path or the dataset's name
    nlohmann::json datasetInfo;
};

LoadedMcChoices loadMcChoices(const store::Project& project, const std::string& data,
                          const eval::ChoiceLoadOptions& options)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    LoadedMcChoices out;
    if (fs::is_regular_file(data, ec)) {
        out.dataset = fs::weakly_canonical(fs::absolute(data)).string();
        out.task = eval::loadChoiceFile(data, options);
        out.datasetInfo = {{"path", out.dataset}, {"sha256", util::sha256FileHex(data)}};
    } else if (fs::is_directory(data, ec) && records::isRecordsDataset(data)) {
        const records::DatasetVersion version = records::loadDatasetVersion(data);
        out.dataset = fs::absolute(data).string();
        out.task = eval::loadChoiceDataset(version, options);
        out.datasetInfo = {{"path", out.dataset}, {"records_sha256", version.recordsSha256}};
    } else {
        store::Store store = project.openStore();
        const records::CatalogEntry entry = records::openVersion(store, data);
        out.dataset = data;
        out.task = eval::loadChoiceDataset(entry.version, options);
        out.datasetInfo = {{"dataset_id", entry.record.id}, {"records_sha256", entry.version.recordsSha256}};
    }
    out.datasetInfo["layout"] = std::string(eval::choiceLayoutName(out.task.layout));
    out.datasetInfo["items"] = out.task.items.size();
    out.datasetInfo["shot_pool"] = out.task.shotPool.size();
    return out;
}

nlohmann::json mcSummaryJson(const eval::ChoiceSummary& s)
{
    nlohmann::json subjects = nlohmann::json::object();
    for (const auto& [name, f] : s.subjects)
        subjects[name] = {{"acc", f.acc}, {"acc_norm", f.accNorm}, {"n", f.n}};
    // NaN (a single item has no standard error) is written as null.
    return {{"acc", s.acc},         {"acc_norm", s.accNorm}, {"acc_stderr", s.accStderr},
            {"acc_norm_stderr", s.accNormStderr}, {"n", s.n}, {"subjects", subjects}};
}

nlohmann::json mcExampleJson(const eval::ChoiceExampleResult& e, const eval::ChoiceItem& item)
{
    nlohmann::json choices = nlohmann::json::array();
    for (const auto& c : e.choices)
        choices.push_back({{"logprob", c.logprob}, {"tokens", c.tokens}, {"characters", c.characters}});
    return {{"index", e.index},
            {"subject", e.subject},
            {"gold", e.gold},
            {"predicted", e.predicted},
            {"predicted_norm", e.predictedNorm},
            {"correct", e.predicted == e.gold},
            {"correct_norm", e.predictedNorm == e.gold},
            {"source", {{"file", item.source.file}, {"line", item.source.line}}},
            {"choices", choices}};
}

void writeMcExamples(const std::string& path, const std::vector<nlohmann::json>& examples)
{
    util::AtomicFileWriter file(path);
    for (const auto& e : examples)
        file.write(e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n");
    file.commit();
}

std::string mcPercent(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.2f%%", 100.0 * value);
    return text;
}

void runEvalMc(CliContext& ctx, const EvalMcCommand& o)
{
    const auto started = std::chrono::steady_clock::now();
    eval::ChoiceLoadOptions options;
    if (o.layout != "auto")
        options.layout = eval::choiceLayoutFromName(o.layout);
    const store::Project project = ctx.project();
    LoadedMcChoices data = loadMcChoices(project, o.data, options);

    util::configureThreads(o.threads);
    const catalog::ModelLocation location = catalog::locateModel(o.model, &project);
    catalog::LoadedModel loaded = catalog::loadModel(location, torch::Device(o.device));
    const std::vector<eval::ChoiceRequest> requests = eval::choiceRequests(
        data.task, {o.shots, o.seed}, o.limit, *loaded.tokenizer, loaded.promptPrefix);

    CancelOnSignal cancel;
    ProgressLine line("evaluating");
    auto report = progressReporter(ctx, line, cancel, "eval");
    eval::ContinuationScorer scorer(loaded.model);
    eval::ChoiceEvaluation result;
    cancel.run(ctx, [&] {
        result = eval::evaluateChoices(scorer, requests, [&](size_t done, size_t total) {
            return report(double(done) / double(total), std::to_string(done) + "/" + std::to_string(total) + " items");
        });
    });
    line.finish();
    if (ctx.exitCode == kExitCancelled)
        return;

    std::vector<nlohmann::json> examples;
    for (const auto& e : result.examples)
        examples.push_back(mcExampleJson(e, data.task.items[e.index]));
    nlohmann::json summary = mcSummaryJson(result.summary);

    store::Store store = project.openStore();
    store::EvaluationRecord record = eval::newEvaluation(store, "mc", o.model, location, evalToolVersion());
    record.dataset = data.dataset;
    record.datasetInfo = data.datasetInfo;
    record.settings = {{"layout", std::string(eval::choiceLayoutName(data.task.layout))},
                       {"shots", o.shots},
                       {"seed", o.seed},
                       {"limit", o.limit}};
    record.summary = summary;
    record.durationSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const int64_t id = storeEvaluation(project, record, examples);
    summary["evaluation_id"] = id;
    if (!o.perExample.empty())
        writeMcExamples(o.perExample, examples);

    const auto& s = result.summary;
    printResult(ctx, o.json, summary,
                "acc " + mcPercent(s.acc) + ", acc_norm " + mcPercent(s.accNorm) + " on " + std::to_string(s.n) +
                    " items of " + data.dataset + " (" + std::string(eval::choiceLayoutName(data.task.layout)) + ", " +
                    std::to_string(o.shots) + "-shot); evaluation " + std::to_string(id));
}

} // namespace

void registerEvalMcCommand(CLI::App& eval, CliContext& context)
{
    auto o = std::make_shared<EvalMcCommand>();
    auto* cmd = eval.add_subcommand("mc", "Multiple-choice accuracy (acc, acc_norm) on MMLU-, HellaSwag- or "
                                          "ARC-style questions, as lm-evaluation-harness scores them");
    cmd->add_option("--model", o->model, "The model: a run id (\"3\", \"3:best\"), a checkpoint, a model of the "
                                         "project, a Hugging Face folder or a .gguf file")
        ->required();
    cmd->add_option("--data", o->data, "A file (JSONL, JSON, CSV, TSV, Parquet) or a dataset of choice records")
        ->required();
    cmd->add_option("--layout", o->layout, "How rows and prompts are laid out")
        ->check(CLI::IsMember({"auto", "mmlu", "hellaswag", "arc", "generic"}))
        ->capture_default_str();
    cmd->add_option("--shots", o->shots, "Solved examples before each question")->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    cmd->add_option("--seed", o->seed, "Seed of the few-shot draw")->capture_default_str();
    cmd->add_option("--limit", o->limit, "Evaluate only the first N items (-1: all)")->capture_default_str();
    cmd->add_option("--device", o->device, "cpu, cuda or cuda:N")->capture_default_str();
    cmd->add_option("--threads", o->threads, "CPU threads (0: all cores)")->capture_default_str();
    cmd->add_flag("--json", o->json, "Print one JSON object: acc, acc_norm, their stderr, n, subjects, evaluation_id");
    cmd->add_option("--per-example", o->perExample,
                    "Write one JSON line per item: gold, predictions and every choice's log-probability, "
                    "token count and character count");
    addCommonOptions(cmd, context, true);
    cmd->callback([&context, o] { runEvalMc(context, *o); });
}

} // namespace lw::cli

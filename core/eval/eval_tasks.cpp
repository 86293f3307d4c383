#include "core/eval/eval_tasks.h"

#include "core/eval/choice_scoring.h"
#include "core/eval/evaluation_subject.h"
#include "core/eval/perplexity_text.h"
#include "core/records/dataset_catalog.h"
#include "core/records/dataset_version.h"
#include "core/store/store.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "core/util/text_file.h"

#include <filesystem>

namespace lw::eval {

namespace fs = std::filesystem;

namespace {

} // namespace

PerplexityInput readPerplexityInput(const store::Project& project, const PerplexityTaskSettings& s)
{
    if (s.dataset.empty() == s.textFile.empty())
        throw Error("give one of --dataset D or --text-file F");
    PerplexityInput in;
    if (!s.textFile.empty()) {
        in.text = util::readTextFileUtf8(s.textFile);
        in.name = fs::absolute(s.textFile).string();
        in.info = {{"file", in.name}, {"sha256", util::sha256FileHex(s.textFile)}};
        return in;
    }
    std::error_code ec;
    std::string dir;
    std::optional<int64_t> datasetId;
    store::Store store = project.openStore();
    if (auto record = store.datasetByName(s.dataset)) {
        datasetId = record->id;
        dir = store.absolutePath(record->path);
    } else if (fs::is_directory(s.dataset, ec)) {
        dir = fs::absolute(s.dataset).string();
    } else {
        throw Error("--dataset: '" + s.dataset + "' is neither a dataset folder nor a dataset of project " +
                    project.root());
    }
    const records::DatasetVersion version = records::loadDatasetVersion(dir);
    in.text = datasetPerplexityText(dir);
    in.name = version.name;
    in.info = {{"name", version.name}, {"dir", dir}, {"rows", version.rows}, {"sha256", version.recordsSha256}};
    if (datasetId)
        in.info["dataset_id"] = *datasetId;
    return in;
}

namespace {

store::Json choiceSummaryJson(const ChoiceSummary& s)
{
    store::Json subjects = store::Json::object();
    for (const auto& [name, f] : s.subjects)
        subjects[name] = {{"acc", f.acc}, {"acc_norm", f.accNorm}, {"n", f.n}};
    // NaN (a single item has no standard error) is written as null.
    return {{"acc", s.acc},         {"acc_norm", s.accNorm}, {"acc_stderr", s.accStderr},
            {"acc_norm_stderr", s.accNormStderr}, {"n", s.n}, {"subjects", subjects}};
}

store::Json choiceExampleJson(const ChoiceExampleResult& e, const ChoiceItem& item)
{
    store::Json choices = store::Json::array();
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

} // namespace

TaskOutcome runPerplexityTask(const store::Project& project, catalog::LoadedModel& loaded,
                              const PerplexityTaskSettings& settings, const TaskProgress& progress)
{
    const PerplexityInput input = readPerplexityInput(project, settings);
    // The prompt prefix (a Llama tokenizer's BOS) starts the stream once, as a document
    // starts; windows in the middle of the text begin mid-stream, as in the HF guide.
    const std::vector<int32_t> tokens = catalog::encodePrompt(loaded, input.text);
    const PerplexityResult r =
        computePerplexity(loaded.model, tokens, int64_t(input.text.size()), settings.options, [&](double fraction) {
            return !progress || progress(fraction, "perplexity windows");
        });
    TaskOutcome out;
    out.dataset = input.name;
    out.datasetInfo = input.info;
    out.settings = {{"context", r.context}, {"stride", r.stride}};
    out.summary = {{"perplexity", r.perplexity}, {"nll", r.nll},
                   {"tokens", r.tokens},         {"bytes", r.bytes},
                   {"bits_per_byte", r.bitsPerByte}, {"windows", int64_t(r.windows.size())}};
    out.examples.reserve(r.windows.size());
    for (const auto& w : r.windows)
        out.examples.push_back({{"start", w.begin}, {"tokens", w.scored}, {"nll", w.nll}});
    return out;
}

ChoiceData loadChoiceData(const store::Project& project, const ChoiceTaskSettings& settings)
{
    ChoiceLoadOptions options;
    options.layout = settings.layout;
    std::error_code ec;
    ChoiceData out;
    const std::string& data = settings.data;
    if (fs::is_regular_file(data, ec)) {
        out.dataset = fs::weakly_canonical(fs::absolute(data)).string();
        out.task = loadChoiceFile(data, options);
        out.datasetInfo = {{"path", out.dataset}, {"sha256", util::sha256FileHex(data)}};
    } else if (fs::is_directory(data, ec) && records::isRecordsDataset(data)) {
        const records::DatasetVersion version = records::loadDatasetVersion(data);
        out.dataset = fs::absolute(data).string();
        out.task = loadChoiceDataset(version, options);
        out.datasetInfo = {{"path", out.dataset}, {"records_sha256", version.recordsSha256}};
    } else {
        store::Store store = project.openStore();
        const records::CatalogEntry entry = records::openVersion(store, data);
        out.dataset = data;
        out.task = loadChoiceDataset(entry.version, options);
        out.datasetInfo = {{"dataset_id", entry.record.id}, {"records_sha256", entry.version.recordsSha256}};
    }
    out.datasetInfo["layout"] = std::string(choiceLayoutName(out.task.layout));
    out.datasetInfo["items"] = out.task.items.size();
    out.datasetInfo["shot_pool"] = out.task.shotPool.size();
    return out;
}

TaskOutcome runChoiceTask(const ChoiceData& data, catalog::LoadedModel& loaded, const ChoiceTaskSettings& settings,
                          const TaskProgress& progress)
{
    const std::vector<ChoiceRequest> requests = choiceRequests(data.task, {settings.shots, settings.seed},
                                                               settings.limit, *loaded.tokenizer, loaded.promptPrefix);
    ContinuationScorer scorer(loaded.model);
    const ChoiceEvaluation result = evaluateChoices(scorer, requests, [&](size_t done, size_t total) {
        return !progress ||
               progress(double(done) / double(total), std::to_string(done) + "/" + std::to_string(total) + " items");
    });
    TaskOutcome out;
    out.dataset = data.dataset;
    out.datasetInfo = data.datasetInfo;
    out.settings = {{"layout", std::string(choiceLayoutName(data.task.layout))},
                    {"shots", settings.shots},
                    {"seed", settings.seed},
                    {"limit", settings.limit}};
    out.summary = choiceSummaryJson(result.summary);
    for (const auto& e : result.examples)
        out.examples.push_back(choiceExampleJson(e, data.task.items[e.index]));
    return out;
}

int64_t storeTaskOutcome(store::Store& store, const std::string& task, const std::string& modelSpec,
                         const catalog::ModelLocation& location, const TaskOutcome& outcome,
                         const std::string& toolVersion, double durationSeconds)
{
    store::EvaluationRecord record = newEvaluation(store, task, modelSpec, location, toolVersion);
    record.dataset = outcome.dataset;
    record.datasetInfo = outcome.datasetInfo;
    record.settings = outcome.settings;
    record.summary = outcome.summary;
    record.durationSeconds = durationSeconds;
    return store.addEvaluation(record, outcome.examples);
}

TaskOutcome runTaskSpec(const store::Project& project, catalog::LoadedModel& loaded, const EvalTaskSpec& spec,
                        const TaskProgress& progress)
{
    if (spec.task == "perplexity") {
        PerplexityTaskSettings s;
        s.dataset = spec.option("dataset");
        s.textFile = spec.option("text-file");
        s.options.context = spec.intOption("context", 0);
        s.options.stride = spec.intOption("stride", 0);
        return runPerplexityTask(project, loaded, s, progress);
    }
    if (spec.task == "mc") {
        ChoiceTaskSettings s;
        s.data = spec.option("data");
        const std::string layout = spec.option("layout", "auto");
        if (layout != "auto") {
            s.layout = choiceLayoutFromName(layout);
            if (!s.layout)
                throw Error("eval task '" + spec.text + "': unknown layout '" + layout + "'");
        }
        s.shots = spec.intOption("shots", 0);
        s.seed = uint64_t(spec.intOption("seed", 1234));
        s.limit = spec.intOption("limit", -1);
        return runChoiceTask(loadChoiceData(project, s), loaded, s, progress);
    }
    throw Error("eval task '" + spec.text + "': unknown task '" + spec.task + "'");
}

} // namespace lw::eval

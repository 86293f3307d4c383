#include "core/finetune/classification_service.h"

#include "core/catalog/model_locator.h"
#include "core/finetune/finetune_execution.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <filesystem>

namespace lw::finetune {

namespace fs = std::filesystem;

namespace {

nlohmann::json lineageOf(const catalog::ModelLocation& location, const FinetuneSettings& settings,
                         const ClassificationData& data, const std::string& runDir)
{
    nlohmann::json lineage = {{"base", baseLineage(location, settings.base)},
                              {"dataset", {{"name", settings.dataset}, {"records_sha256", data.recordsSha256}}},
                              {"method", settings.method},
                              {"objective", settings.objective},
                              {"classifier", runDir + "/classifier"},
                              {"classes", data.data.classes}};
    if (data.datasetId)
        lineage["dataset"]["id"] = *data.datasetId;
    return lineage;
}

// The base and the rows of a classification fine-tune: `store` is only read.
ClassificationInputs classificationInputs(store::Store& store, const FinetuneConfig& config, LoadedBase& base)
{
    ClassificationInputs inputs;
    inputs.data = prepareClassificationData(store, config.finetune, *base.model.tokenizer, base.model.promptPrefix,
                                            config.train.effectiveContext(), config.train.seed);
    inputs.model = base.model.model;
    inputs.tokenizerPath = base.model.tokenizerPath;
    inputs.padId = base.model.tokenizer->eosId().value_or(0);
    return inputs;
}

} // namespace

FinetuneRunOutcome startClassification(const store::Project& project, FinetuneRequest request,
                                       train::TrainControl& control, const train::EventSink& forward,
                                       std::shared_ptr<distributed::ProcessGroup> group)
{
    FinetuneSettings& f = request.config.finetune;
    train::TrainConfig& t = request.config.train;
    t.dataset = "(read from the dataset version)";
    f.validate();
    LoadedBase base = loadFinetuneBase(project, f, t.device);
    store::Store store = project.openStore();
    const CreatedRun created = createFinetuneRun(project, store, request, base, "classify");
    const int64_t runId = created.id;
    const std::string& runDir = created.dir;

    ClassificationInputs inputs;
    try {
        inputs = classificationInputs(store, request.config, base);
    } catch (const std::exception& e) {
        store.setRunStatus(runId, store::RunStatus::Failed, e.what());
        throw;
    }
    store::RunRecord record = store.run(runId);
    record.datasetId = inputs.data.datasetId;
    record.config = request.config.toJson();
    record.config["lineage"] = lineageOf(base.model.location, f, inputs.data, runDir);
    store.updateRun(record);
    util::writeJsonFileAtomic(runDir + "/config.json", record.config);
    ClassificationTrainer trainer(request.config, runDir, nullptr);
    return executeFinetune(store, runId, runDir, trainer, std::move(inputs), control, forward, std::nullopt, group);
}

void checkClassifierHeadOf(const std::string& path)
{
    const std::string folder = ClassificationTrainer::headFolderOf(path);
    if (!fs::exists(fs::path(folder) / kClassifierHeadFile))
        throw Error::inFile(path, "has no classifier head beside it (" + folder + ")");
}

FinetuneRunOutcome resumeClassification(store::Store& store, const store::RunRecord& record,
                                        const FinetuneConfig& config, LoadedBase& base,
                                        const train::ResumeRequest& resume, train::TrainControl& control,
                                        const train::EventSink& forward,
                                        const std::shared_ptr<distributed::ProcessGroup>& group)
{
    ClassificationInputs inputs = classificationInputs(store, config, base);
    const std::string trainedOn = record.config.value("lineage", nlohmann::json::object())
                                      .value("dataset", nlohmann::json::object())
                                      .value("records_sha256", "");
    if (!trainedOn.empty() && trainedOn != inputs.data.recordsSha256)
        throw Error::inField("dataset", "'" + config.finetune.dataset + "' no longer holds the records run " +
                                            std::to_string(record.id) + " trained on");
    const std::string runDir = store.absolutePath(record.runDir);
    ClassificationTrainer trainer(config, runDir, nullptr);
    return executeFinetune(store, record.id, runDir, trainer, std::move(inputs), control, forward, resume, group);
}

train::TrainResult followClassification(const store::Project& project,
                                        const std::shared_ptr<distributed::ProcessGroup>& group,
                                        const train::RunPlan& plan, train::TrainControl& control)
{
    const FinetuneConfig config = FinetuneConfig::fromJson(plan.config);
    LoadedBase base = loadFinetuneBase(project, config.finetune, config.train.device);
    store::Store store = project.openStore();
    ClassificationTrainer trainer(config, plan.runDir, nullptr);
    trainer.setProcessGroup(group);
    return trainer.run(classificationInputs(store, config, base), control, plan.resume).train;
}

LoadedClassifier loadClassifier(const store::Project* project, const std::string& spec, const std::string& device)
{
    LoadedClassifier out;
    std::error_code ec;
    if (fs::is_directory(spec, ec) && fs::exists(fs::path(spec) / kClassifierHeadFile, ec)) {
        out.folder = spec;
    } else {
        const catalog::ModelLocation location = catalog::locateModel(spec, project);
        if (!location.runId)
            throw Error::inField("model", "'" + spec + "' is not a classification run (give the run's id, or its "
                                                       "classifier folder)");
        // The run folder holds checkpoints/<file>: the classifier sits beside them.
        out.folder = fs::path(location.path).parent_path().parent_path().string() + "/classifier";
        if (!fs::exists(fs::path(out.folder) / kClassifierHeadFile, ec))
            throw Error::inField("model", "run " + std::to_string(*location.runId) +
                                              " has no classifier: fine-tune one with `llmwb finetune --objective "
                                              "classify --method full`");
    }
    catalog::ModelLocation at;
    at.format = catalog::ModelFormat::Checkpoint;
    at.path = fs::absolute(fs::path(out.folder) / kClassifierModelFile).string();
    at.label = "classifier " + out.folder;
    catalog::LoadedModel loaded = catalog::loadModel(at, torch::Device(device));
    loaded.model->to(torch::kFloat);
    out.classes = readClassifierClasses(out.folder);
    out.classifier = Classifier(loaded.model, int64_t(out.classes.size()));
    loadClassifierHead(out.folder, out.classifier);
    out.classifier->eval();
    out.tokenizer = std::move(loaded.tokenizer);
    out.promptPrefix = loaded.promptPrefix;
    return out;
}

ClassPrediction classifyText(LoadedClassifier& loaded, const std::string& text)
{
    const int64_t context = loaded.classifier->base->config().context_length;
    const std::vector<int32_t> ids = classificationIds(*loaded.tokenizer, loaded.promptPrefix, text, context);
    if (ids.empty())
        throw Error::inField("text", "is empty: there is nothing to classify");
    torch::NoGradGuard noGrad;
    const torch::Device device = loaded.classifier->head->weight.device();
    const PaddedRows batch = padRows({ids}, 0, device);
    const torch::Tensor p = torch::softmax(loaded.classifier->forward(batch.ids, batch.lengths), 1)[0].to(torch::kCPU, torch::kDouble);
    ClassPrediction out;
    out.tokens = int64_t(ids.size());
    for (int64_t i = 0; i < p.size(0); ++i)
        out.probabilities.push_back(p[i].item<double>());
    out.best = p.argmax().item<int64_t>();
    return out;
}

} // namespace lw::finetune

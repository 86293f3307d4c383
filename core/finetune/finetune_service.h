#pragma once
// Fine-tunes recorded in a project: locates and loads the base model, shapes the
// dataset with its tokenizer and template into the run folder, creates the run (kind
// "finetune", with its lineage: base model, dataset version, method, adapter), feeds
// the trainer's events into the store and forwards them. What `llmwb finetune` and the
// Fine-tune panel's worker call.
#include "core/catalog/model_loader.h"
#include "core/finetune/finetune_trainer.h"
#include "core/store/project.h"
#include "core/train/events.h"
#include "core/train/train_control.h"

#include <optional>
#include <string>
#include <vector>

namespace lw::finetune {

struct FinetuneRequest {
    FinetuneConfig config;            // config.train.model is filled from the base
    std::string name;                 // empty: "<method>-<dataset>-<n>"
    std::vector<std::string> tags;
    std::string notes;
    // Held-out prompts answered by the base and the fine-tuned model at the end (a
    // "comparison" event and <run dir>/comparison.json); 0: none.
    int compareAnswers = 4;
};

struct FinetuneRunOutcome {
    int64_t runId = 0;
    std::string runDir;
    FinetuneResult result;
};

// The Hugging Face architecture adapter names follow for a located model: its
// config.json's, the registered model's, or the one a model of our family exports as.
std::string architectureOfBase(const catalog::ModelLocation& location, const store::Project* project,
                               const model::ModelConfig& config);

// The base model of a fine-tune, loaded as float32 on `device`, with its architecture.
struct LoadedBase {
    catalog::LoadedModel model;
    std::string architecture;
};
LoadedBase loadFinetuneBase(const store::Project& project, const FinetuneSettings& settings,
                            const std::string& device);

// The renderer that shapes a fine-tune's rows for `base` (its tokenizer; the template
// of finetuneTemplate()); it refers to the base's tokenizer.
shape::TrainingRenderer finetuneRenderer(const FinetuneConfig& config, const LoadedBase& base);

// The "base" of a fine-tune's lineage: how the model was named, where it was found.
// The run of a fine-tune in the store (kind "finetune", its base run as parent), after
// the request's trainer settings are fitted to `base` (its shape; the context capped at
// the model's) and validated. `namePrefix` starts the default name.
struct CreatedRun {
    int64_t id = 0;
    std::string dir;
};
CreatedRun createFinetuneRun(const store::Project& project, store::Store& store, FinetuneRequest& request,
                             const LoadedBase& base, const std::string& namePrefix);

nlohmann::json baseLineage(const catalog::ModelLocation& location, const std::string& spec);
// The "run_started" event of a fine-tune.
nlohmann::json runStartedEvent(int64_t runId, const std::string& runDir, const std::string& name,
                               const FinetuneConfig& config, const std::string& resumedFrom);
// Stores a finished fine-tune's final settings (with its lineage kept), step and status.
void recordFinetuneEnd(store::Store& store, int64_t runId, const FinetuneConfig& finalConfig,
                       const train::TrainResult& result);

// With `group` (rank 0 of a data-parallel run) the other ranks follow through
// followFinetune(); rank 0 alone touches the store and the run folder.
FinetuneRunOutcome startFinetune(const store::Project& project, FinetuneRequest request, train::TrainControl& control,
                                 const train::EventSink& forward,
                                 std::shared_ptr<distributed::ProcessGroup> group = nullptr);

// Continues fine-tune run `runId` from its newest usable checkpoint; `newMaxSteps` extends a finished one.
FinetuneRunOutcome resumeFinetune(const store::Project& project, int64_t runId, std::optional<int64_t> newMaxSteps,
                                  train::TrainControl& control, const train::EventSink& forward,
                                  std::shared_ptr<distributed::ProcessGroup> group = nullptr);

// Ranks other than 0 of a data-parallel fine-tune: loads the same base and the data
// rank 0 shaped into the run folder, and trains with it, writing nothing.
train::TrainResult followFinetune(const store::Project& project,
                                  const std::shared_ptr<distributed::ProcessGroup>& group, train::TrainControl& control);

} // namespace lw::finetune

#pragma once
// The model-scoring tasks as one call each, from settings to what an evaluation record
// stores besides the model (data, settings, summary, per-example rows). `llmwb eval
// perplexity|mc`, evaluations at training checkpoints and scrubs of a run all go through
// here, so the same settings give the same stored figures whichever started them.
#include "core/catalog/model_loader.h"
#include "core/eval/choice_tasks.h"
#include "core/eval/eval_task_spec.h"
#include "core/eval/perplexity.h"
#include "core/store/project.h"
#include "core/store/records.h"
#include "core/store/store.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lw::eval {

struct TaskOutcome {
    std::string dataset;                      // file path or dataset name
    store::Json datasetInfo = store::Json::object();
    store::Json settings = store::Json::object();
    store::Json summary = store::Json::object();
    std::vector<store::Json> examples;
};

// progress(fraction done, detail) returning false cancels (lw::Error from the task).
using TaskProgress = std::function<bool(double, const std::string&)>;

struct PerplexityTaskSettings {
    std::string dataset;  // a dataset version of the project (name) or its folder
    std::string textFile; // or a UTF-8 text file
    PerplexityOptions options;
};

struct ChoiceTaskSettings {
    std::string data; // a file, a dataset folder or a dataset name of the project
    std::optional<ChoiceLayout> layout; // nullopt: recognised from the rows
    int64_t shots = 0;
    uint64_t seed = 1234;
    int64_t limit = -1; // -1: every item
};

// The text a perplexity task reads (--dataset's rows joined, or --text-file), with the
// name and the identity (sha256, version) an evaluation stores for it.
struct PerplexityInput {
    std::string text;
    std::string name;
    store::Json info;
};
PerplexityInput readPerplexityInput(const store::Project& project, const PerplexityTaskSettings& settings);

TaskOutcome runPerplexityTask(const store::Project& project, catalog::LoadedModel& loaded,
                              const PerplexityTaskSettings& settings, const TaskProgress& progress = {});

// The items, loaded apart so that a bad file is refused before a model is loaded.
struct ChoiceData {
    ChoiceTask task;
    std::string dataset;
    store::Json datasetInfo;
};
ChoiceData loadChoiceData(const store::Project& project, const ChoiceTaskSettings& settings);

TaskOutcome runChoiceTask(const ChoiceData& data, catalog::LoadedModel& loaded, const ChoiceTaskSettings& settings,
                          const TaskProgress& progress = {});

// Stores a finished task as an evaluation of the model at `location` (named `modelSpec`,
// as --model named it), with its data, settings, summary and examples. Returns its id.
int64_t storeTaskOutcome(store::Store& store, const std::string& task, const std::string& modelSpec,
                         const catalog::ModelLocation& location, const TaskOutcome& outcome,
                         const std::string& toolVersion, double durationSeconds);

// A task named by a spec (eval_task_spec.h).
TaskOutcome runTaskSpec(const store::Project& project, catalog::LoadedModel& loaded, const EvalTaskSpec& spec,
                        const TaskProgress& progress = {});

} // namespace lw::eval

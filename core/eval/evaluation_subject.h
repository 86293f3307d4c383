#pragma once
// What every stored evaluation says about the model it evaluated: how --model named it,
// where it lay, and for a run's checkpoint the run and the step, so the Runs and
// Evaluate panels can chart a score against training steps.
#include "core/catalog/model_locator.h"
#include "core/store/records.h"
#include "core/store/store.h"

#include <string>

namespace lw::eval {

// A record with task, model, modelInfo, runId and step filled in; the caller adds the
// dataset, settings, summary and duration.
store::EvaluationRecord newEvaluation(store::Store& store, const std::string& task, const std::string& modelSpec,
                                      const catalog::ModelLocation& location, const std::string& toolVersion);

} // namespace lw::eval

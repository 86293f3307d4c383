#pragma once
// `llmwb merge`: models of one shape merged (linear, slerp, task arithmetic, TIES, DARE
// as mergekit defines them, core/merge) into a new model of the project, a Hugging Face
// folder under models/ recorded with its inputs and settings.
#include "core/catalog/model_locator.h"
#include "core/merge/merge_options.h"
#include "core/store/project.h"
#include "core/store/records.h"

#include <functional>
#include <string>
#include <vector>

namespace lw::catalog {

struct MergeModelInput {
    std::string spec; // as given (--model's forms)
    double weight = 1.0;
    double density = 1.0;
};

struct MergeRequest {
    std::vector<MergeModelInput> models; // the base, when there is one, is options.baseIndex
    merge::MergeOptions options;
    std::string name;
    std::string dtype = "f32"; // of the written weights
};

// Returning false cancels; nothing stays behind.
using MergeProgressCallback = std::function<bool(double fraction, const std::string& tensor)>;

store::ModelRecord mergeIntoProject(const store::Project& project, const MergeRequest& request,
                                    const MergeProgressCallback& progress = {});

} // namespace lw::catalog

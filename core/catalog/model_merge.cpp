#include "core/catalog/model_merge.h"

#include "core/catalog/file_copy.h"
#include "core/catalog/model_export.h"
#include "core/catalog/model_loader.h"
#include "core/hf/hf_model.h"
#include "core/merge/merge_models.h"
#include "core/util/error.h"

#include <filesystem>
#include <map>

namespace lw::catalog {

namespace fs = std::filesystem;

store::ModelRecord mergeIntoProject(const store::Project& project, const MergeRequest& request,
                                    const MergeProgressCallback& progress)
{
    if (request.name.empty())
        throw Error::inField("name", "the merged model needs a name");
    if (request.models.size() < 2)
        throw Error::inField("models", "a merge needs at least two models");
    {
        store::Store store = project.openStore();
        if (store.modelByName(request.name))
            throw Error::inField("name", "a model named '" + request.name + "' already exists in the project");
    }
    const torch::ScalarType dtype = hf::dtypeFromName(request.dtype);

    // Models are held whole (our loaders build the network); the merge itself goes tensor by tensor.
    std::vector<LoadedModel> loaded;
    std::vector<std::map<std::string, torch::Tensor>> parameters;
    for (const MergeModelInput& m : request.models) {
        loaded.push_back(loadModel(locateModel(m.spec, &project), torch::kCPU));
        std::map<std::string, torch::Tensor> byName;
        for (auto& item : loaded.back().model->named_parameters())
            byName[item.key()] = item.value();
        parameters.push_back(std::move(byName));
    }
    const model::ModelConfig& shape = loaded.front().model->config();
    for (size_t i = 1; i < loaded.size(); ++i)
        if (loaded[i].model->config().family != shape.family || loaded[i].model->config().n_layer != shape.n_layer)
            throw Error::inField("models", loaded[i].location.label + " has another architecture than " +
                                               loaded.front().location.label);

    std::vector<merge::MergeInput> inputs;
    for (size_t i = 0; i < loaded.size(); ++i) {
        merge::MergeInput in;
        in.label = loaded[i].location.label;
        for (const auto& [name, tensor] : parameters[i])
            in.names.push_back(name);
        in.tensor = [&parameters, i](const std::string& name) { return parameters[i].at(name).detach(); };
        in.weight = request.models[i].weight;
        in.density = request.models[i].density;
        inputs.push_back(std::move(in));
    }
    // Each tensor is written back into the base (or first) model as soon as it is merged:
    // the driver reads a name's tensors once, before it hands the merged one on, so the
    // base's later tensors are still its own when they are read, and no third copy of
    // the model is needed.
    const size_t shapeSource = request.options.baseIndex.value_or(0);
    LoadedModel& result = loaded[shapeSource];
    torch::NoGradGuard noGrad;
    merge::mergeModels(
        inputs, request.options,
        [&](const std::string& name, torch::Tensor merged) { parameters[shapeSource].at(name).copy_(merged); },
        [&](double fraction, const std::string& name) { return !progress || progress(fraction * 0.9, name); });

    fs::create_directories(project.modelsDir());
    const std::string destination =
        (fs::path(project.modelsDir()) / store::Project::slug(request.name, "model")).string();
    StagingFolder staging(destination);
    std::vector<std::string> notes;
    writeHfFolder(result, staging.path(), dtype, notes);
    uint64_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(staging.path()))
        bytes += entry.file_size();
    staging.commit();

    store::Store store = project.openStore();
    store::ModelRecord r;
    r.name = request.name;
    r.kind = "merge";
    r.format = "hf";
    r.family = model::familyName(shape.family);
    r.architecture = hf::architectureForExport(result.model->config()).architecture;
    r.path = store.storablePath(destination);
    r.parameters = result.model->config().parameterCount();
    r.bytes = int64_t(bytes);
    r.dtype = hf::torchDtypeName(dtype);
    nlohmann::json models = nlohmann::json::array();
    for (size_t i = 0; i < loaded.size(); ++i) {
        nlohmann::json m = {{"model", request.models[i].spec},
                            {"path", loaded[i].location.path},
                            {"weight", request.models[i].weight},
                            {"density", request.models[i].density}};
        if (loaded[i].location.runId)
            m["run"] = *loaded[i].location.runId;
        models.push_back(m);
    }
    r.lineage = {{"models", models}, {"merge", request.options.toJson()}};
    r.meta = {{"config", result.model->config().toJson()}, {"notes", notes}};
    try {
        r.id = store.registerModel(r);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(destination, ec);
        throw;
    }
    if (progress)
        progress(1.0, "");
    return r;
}

} // namespace lw::catalog

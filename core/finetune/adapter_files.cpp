#include "core/finetune/adapter_files.h"

#include "core/catalog/file_copy.h"
#include "core/catalog/model_export.h"
#include "core/finetune/finetune_service.h"
#include "core/finetune/finetune_trainer.h"
#include "core/util/json_io.h"
#include "core/hf/hf_architecture.h"
#include "core/hf/hf_model.h"
#include "core/util/error.h"

#include <filesystem>

namespace lw::finetune {

namespace fs = std::filesystem;

namespace {

bool isAdapterFolder(const fs::path& dir)
{
    std::error_code ec;
    return fs::is_regular_file(dir / "adapter_config.json", ec);
}

const hf::HfArchitecture& architectureNamed(const std::string& name)
{
    for (const auto& a : hf::hfArchitectures())
        if (a.architecture == name)
            return a;
    throw Error("unknown architecture '" + name + "'");
}

// The same model with an output head of its own, equal to the token embedding: an
// adapter on a tied head changes only the head, so merging it unties them.
void untieOutputHead(catalog::LoadedModel& base)
{
    model::ModelConfig config = base.model->config();
    config.tie_embeddings = false;
    model::Transformer untied(config, false);
    torch::NoGradGuard noGrad;
    auto source = base.model->named_parameters();
    for (auto& item : untied->named_parameters()) {
        const torch::Tensor* from = source.find(item.key());
        item.value().copy_(from ? *from : base.model->tokenEmbedding->weight);
    }
    untied->to(base.model->parameters().front().device());
    base.model = untied;
}

bool adaptsOutputHead(const peft::AdapterSet& adapters, const model::TransformerImpl& model)
{
    const model::LinearAdapter* head = model.headAdapter.get();
    for (const auto& a : adapters.adapters())
        if (a.get() == head)
            return true;
    return false;
}

} // namespace

std::string resolveAdapterDir(const std::string& spec, const store::Project* project)
{
    if (spec.empty())
        throw Error::inField("--adapter", "no adapter given");
    if (isAdapterFolder(spec))
        return fs::absolute(spec).string();
    std::error_code ec;
    if (fs::is_directory(spec, ec))
        throw Error::inFile(spec, "is not an adapter folder (it has no adapter_config.json)");
    std::string runPart = spec;
    bool best = false;
    if (const size_t colon = spec.rfind(':'); colon != std::string::npos && spec.substr(colon + 1) == "best") {
        runPart = spec.substr(0, colon);
        best = true;
    }
    const bool number = !runPart.empty() && runPart.find_first_not_of("0123456789") == std::string::npos;
    if (number && project) {
        store::Store store = project->openStoreForListing();
        const store::RunRecord run = store.run(std::stoll(runPart));
        const fs::path dir = fs::path(store.absolutePath(run.runDir)) / (best ? "adapter-best" : "adapter");
        if (!isAdapterFolder(dir))
            throw Error("run " + runPart + " has no adapter (" + dir.string() +
                        "): it is not an adapter fine-tune, or it has not written a checkpoint yet");
        return dir.string();
    }
    throw Error::inField("--adapter", "'" + spec + "' is neither an adapter folder (with adapter_config.json) nor a "
                                      "fine-tune run of the project");
}

std::shared_ptr<peft::AdapterSet> attachAdapter(catalog::LoadedModel& base, const std::string& dir,
                                                const store::Project* project)
{
    const std::string architecture = architectureOfBase(base.location, project, base.model->config());
    auto adapters = peft::AdapterSet::load(dir, *base.model, architectureNamed(architecture));
    adapters->setTraining(false);
    adapters->attach(*base.model);
    return adapters;
}

std::optional<generate::ChatTemplate> adapterChatTemplate(const std::string& dir)
{
    const fs::path path = fs::path(dir) / kAdapterTemplateFile;
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        return std::nullopt;
    return generate::ChatTemplate::fromJson(util::readJsonFile(path.string()), path.string());
}

store::ModelRecord mergeAdapterIntoProject(const store::Project& project, const AdapterMergeRequest& request,
                                           const std::function<bool(double)>& progress)
{
    if (request.name.empty())
        throw Error::inField("name", "the merged model needs a name");
    {
        store::Store store = project.openStore();
        if (store.modelByName(request.name))
            throw Error::inField("name", "a model named '" + request.name + "' already exists in the project");
    }
    const torch::ScalarType dtype = hf::dtypeFromName(request.dtype);
    const std::string adapterDir = resolveAdapterDir(request.adapter, &project);
    // The base at its own precision (a QLoRA adapter is merged here, never into 4-bit weights).
    catalog::LoadedModel base = catalog::loadModel(catalog::locateModel(request.base, &project), torch::kCPU);
    auto adapters = attachAdapter(base, adapterDir, &project);
    if (base.model->config().tie_embeddings && adaptsOutputHead(*adapters, *base.model)) {
        peft::AdapterSet::detach(*base.model);
        untieOutputHead(base);
        adapters = attachAdapter(base, adapterDir, &project);
    }
    peft::AdapterSet::detach(*base.model);
    adapters->mergeInto(*base.model);
    if (progress && !progress(0.5))
        throw Error("cancelled");

    fs::create_directories(project.modelsDir());
    const std::string destination =
        (fs::path(project.modelsDir()) / store::Project::slug(request.name, "model")).string();
    catalog::StagingFolder staging(destination);
    std::vector<std::string> notes;
    catalog::writeHfFolder(base, staging.path(), dtype, notes);
    uint64_t bytes = 0;
    for (const auto& entry : fs::directory_iterator(staging.path()))
        bytes += entry.file_size();
    if (progress && !progress(0.95))
        throw Error("cancelled");
    staging.commit();

    store::Store store = project.openStore();
    store::ModelRecord r;
    r.name = request.name;
    r.kind = "merge";
    r.format = "hf";
    r.family = model::familyName(base.model->config().family);
    r.architecture = hf::architectureForExport(base.model->config()).architecture;
    r.path = store.storablePath(destination);
    r.parameters = base.model->config().parameterCount();
    r.bytes = int64_t(bytes);
    r.dtype = hf::torchDtypeName(dtype);
    nlohmann::json baseJson = {{"model", request.base}, {"path", base.location.path}};
    if (base.location.runId)
        baseJson["run"] = *base.location.runId;
    r.lineage = {{"base", baseJson}, {"adapter", {{"path", adapterDir}, {"settings", adapters->settings().toJson()}}}};
    r.meta = {{"config", base.model->config().toJson()}, {"notes", notes}};
    try {
        r.id = store.registerModel(r);
    } catch (...) {
        std::error_code ec;
        fs::remove_all(destination, ec);
        throw;
    }
    if (progress)
        progress(1.0);
    return r;
}

} // namespace lw::finetune

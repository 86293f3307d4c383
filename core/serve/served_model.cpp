#include "core/serve/served_model.h"

#include "core/catalog/model_loader.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

#include <chrono>
#include <filesystem>
#include <set>

namespace lw::serve {

namespace fs = std::filesystem;

namespace {

std::string checkpointIn(const std::string& path)
{
    if (!fs::is_directory(path) || catalog::formatOfPath(path) == catalog::ModelFormat::HfFolder)
        return path;
    const std::string best = train::Trainer::bestCheckpointPath(path);
    if (fs::exists(best))
        return best;
    auto all = train::Trainer::listCheckpoints(path);
    if (all.empty())
        throw Error::inFile(path, "a folder without checkpoints (expected a checkpoint file or a run folder)");
    return all.back();
}

int64_t modificationTime(const std::string& path)
{
    std::error_code ec;
    const auto written = fs::last_write_time(path, ec);
    if (ec)
        return 0;
    // file_clock and system_clock share their epoch offset only through now().
    const auto system = std::chrono::system_clock::now() +
                        std::chrono::duration_cast<std::chrono::system_clock::duration>(
                            written - fs::file_time_type::clock::now());
    return std::chrono::duration_cast<std::chrono::seconds>(system.time_since_epoch()).count();
}

std::vector<model::LinearAdapterPtr> adapterSlots(model::TransformerImpl& model)
{
    std::vector<model::LinearAdapterPtr> slots;
    for (const model::LinearSite& site : model::linearSites(model))
        slots.push_back(*site.slot);
    return slots;
}

} // namespace

const std::string& ServedModel::variantId(size_t variant) const
{
    return variant == 0 ? id : adapters.at(variant - 1).id;
}

generate::Generator& ServedModel::generatorOf(size_t variant) const
{
    return variant == 0 ? *generator : *adapters.at(variant - 1).generator;
}

const std::optional<generate::ChatTemplate>& ServedModel::chatTemplateOf(size_t variant) const
{
    return variant == 0 ? chatTemplate : adapters.at(variant - 1).chatTemplate;
}

std::optional<size_t> ServedModel::variantNamed(const std::string& name) const
{
    if (adapters.empty())
        return 0;
    if (name.empty())
        return 1;
    for (size_t v = 0; v < variantCount(); ++v)
        if (variantId(v) == name)
            return v;
    if (adapterIsTheModel)
        return 1;
    return std::nullopt;
}

void ServedModel::activate(size_t variant)
{
    const std::vector<model::LinearSite> sites = model::linearSites(*model);
    for (size_t i = 0; i < sites.size(); ++i)
        *sites[i].slot = variant == 0 ? nullptr : adapters.at(variant - 1).slots.at(i);
}

std::string modelIdForCheckpoint(const std::string& path)
{
    const fs::path p = fs::absolute(path).lexically_normal();
    const std::string stem = p.stem().string();
    if (p.parent_path().filename() == "checkpoints" && !p.parent_path().parent_path().filename().empty())
        return p.parent_path().parent_path().filename().string() + "/" + stem;
    return stem;
}

ServedModel loadServedModel(const std::string& path, const ModelLoadOptions& options)
{
    if (!fs::exists(path))
        throw Error::inFile(path, "no such checkpoint file or run folder");
    ServedModel served;
    served.checkpointPath = fs::absolute(checkpointIn(path)).lexically_normal().string();
    served.id = options.id.empty() ? modelIdForCheckpoint(served.checkpointPath) : options.id;
    served.created = modificationTime(served.checkpointPath);
    std::set<std::string> ids = {served.id};
    for (const AdapterToServe& a : options.adapters)
        if (!ids.insert(a.id).second)
            throw Error::inField("--adapter", "two served models would be called '" + a.id +
                                                  "': give the adapters names of their own (NAME=DIR)");

    const torch::Device device(options.device);
    catalog::ModelLocation location;
    location.format = catalog::formatOfPath(served.checkpointPath).value_or(catalog::ModelFormat::Checkpoint);
    location.path = served.checkpointPath;
    location.label = served.checkpointPath;
    catalog::LoadOptions loadOptions;
    loadOptions.forGeneration =
        options.matricesInBlocksOnly && device.is_cpu() && options.dtype == "auto" && options.adapters.empty();
    // "auto" is as stored: a bf16 model stays bf16 for the decoder's bf16 kernels.
    loadOptions.bf16AsStored = loadOptions.forGeneration;
    catalog::LoadedModel loaded = catalog::loadModel(location, device, loadOptions);
    ++served.baseLoads;
    // Each adapter is attached in turn to learn the slots it sets, then taken off again.
    for (const AdapterToServe& a : options.adapters) {
        ServedAdapter adapter;
        adapter.id = a.id;
        adapter.dir = a.dir;
        adapter.created = modificationTime(a.dir);
        adapter.chatTemplate = a.chatTemplate;
        adapter.holder = a.attach(loaded);
        adapter.slots = adapterSlots(*loaded.model);
        for (const model::LinearSite& site : model::linearSites(*loaded.model))
            site.slot->reset();
        served.adapters.push_back(std::move(adapter));
    }
    served.adapterIsTheModel = options.adapterIsTheModel && served.adapters.size() == 1;
    served.model = loaded.model;
    served.tokenizer = std::move(loaded.tokenizer);
    served.chatTemplate = loaded.chatTemplate;
    served.promptPrefix = loaded.promptPrefix;
    if (served.tokenizer->vocabSize() > served.model->config().vocab_size)
        throw Error::inFile(served.checkpointPath, "its tokenizer has " +
                                                       std::to_string(served.tokenizer->vocabSize()) +
                                                       " tokens, more than the model's vocabulary");
    served.storedMatrices = loaded.storedMatrices;
    generate::GeneratorOptions generatorOptions;
    generatorOptions.storedMatrices = loaded.storedMatrices;
    if (device.is_cpu())
        generatorOptions.weights = options.dtype;
    else if (options.dtype != "auto")
        served.model->to(options.dtype == "bf16" ? torch::kBFloat16 : torch::kFloat);
    served.generator =
        std::make_unique<generate::Generator>(served.model, served.tokenizer.get(), generatorOptions);
    for (size_t v = 1; v < served.variantCount(); ++v) {
        served.activate(v);
        served.adapters[v - 1].generator =
            std::make_unique<generate::Generator>(served.model, served.tokenizer.get(), generatorOptions);
    }
    served.activate(0);
    return served;
}

} // namespace lw::serve

#include "core/serve/served_model.h"

#include "core/catalog/model_loader.h"
#include "core/train/trainer.h"
#include "core/util/error.h"

#include <chrono>
#include <filesystem>

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

} // namespace

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

    const torch::Device device(options.device);
    catalog::ModelLocation location;
    location.format = catalog::formatOfPath(served.checkpointPath).value_or(catalog::ModelFormat::Checkpoint);
    location.path = served.checkpointPath;
    location.label = served.checkpointPath;
    catalog::LoadOptions loadOptions;
    loadOptions.forGeneration =
        options.matricesInBlocksOnly && device.is_cpu() && options.dtype == "auto" && !options.prepare;
    catalog::LoadedModel loaded = catalog::loadModel(location, device, loadOptions);
    if (options.prepare)
        options.prepare(loaded);
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
    return served;
}

} // namespace lw::serve

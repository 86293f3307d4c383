#include "core/finetune/adapter_gguf_export.h"

#include "core/catalog/model_loader.h"
#include "core/finetune/adapter_files.h"
#include "core/gguf_model/gguf_adapter.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "core/util/sha256.h"

#include <filesystem>

namespace lw::finetune {

namespace fs = std::filesystem;

std::string recordedAdapterBase(const std::string& dir)
{
    const std::string configPath = (fs::path(dir) / "adapter_config.json").string();
    const nlohmann::json config = util::readJsonFile(configPath);
    auto base = config.find("base_model_name_or_path");
    if (!config.is_object() || base == config.end() || !base->is_string() || base->get<std::string>().empty())
        throw Error::inFile(configPath, "\"base_model_name_or_path\" names no base model: give the base with --model");
    return base->get<std::string>();
}

namespace {

// general.name: the adapter folder's name, or its fine-tune run's for a run's adapter/.
std::string adapterName(const std::string& dir)
{
    fs::path p(dir);
    if (p.filename().empty())
        p = p.parent_path();
    const std::string own = p.filename().string();
    return own.rfind("adapter", 0) == 0 && p.has_parent_path() ? p.parent_path().filename().string() : own;
}

} // namespace

AdapterGgufExportResult exportAdapterAsGguf(const store::Project& project, const AdapterGgufExportRequest& request,
                                            const std::function<bool(double)>& progress)
{
    // Loading the base is most of the time; the file is written only after the last
    // chance to cancel, so a cancel never leaves a part of it.
    const auto reached = [&](double fraction) {
        if (progress && !progress(fraction))
            throw Error("cancelled");
    };
    if (request.output.empty())
        throw Error::inField("output", "no output file given");
    std::error_code ec;
    if (fs::exists(request.output, ec))
        throw Error::inFile(request.output, "already exists");
    gguf::GgmlType type;
    if (request.dtype == "f32")
        type = gguf::GgmlType::F32;
    else if (request.dtype == "f16")
        type = gguf::GgmlType::F16;
    else
        throw Error::inField("dtype", "'" + request.dtype + "': a GGUF adapter is written as f32 or f16");

    AdapterGgufExportResult result;
    result.adapterDir = resolveAdapterDir(request.adapter, &project);
    catalog::ModelLocation location;
    if (!request.base.empty()) {
        result.base = request.base;
        location = catalog::locateModel(result.base, &project);
    } else {
        result.base = recordedAdapterBase(result.adapterDir);
        try {
            location = catalog::locateModel(result.base, &project);
        } catch (const Error& e) {
            // A PEFT adapter from elsewhere records a hub id, not a model found here.
            throw Error::inFile((fs::path(result.adapterDir) / "adapter_config.json").string(),
                                "its base \"" + result.base + "\" is not a model found here (" + e.what() +
                                    "): give the base with --model");
        }
    }
    reached(0.05);
    catalog::LoadedModel base = catalog::loadModel(location, torch::kCPU);
    reached(0.7);
    const auto adapters = attachAdapter(base, result.adapterDir, &project);
    peft::AdapterSet::detach(*base.model);
    reached(0.8);
    const gguf_model::GgufAdapterSummary summary = gguf_model::writeGgufAdapter(
        *adapters, base.model->config(), request.output, type, adapterName(result.adapterDir));
    result.path = fs::absolute(request.output).string();
    result.architecture = summary.architecture;
    result.tensors = summary.tensors;
    result.bytes = fs::file_size(result.path);
    result.sha256 = util::sha256FileHex(result.path);
    if (progress)
        progress(1.0);
    return result;
}

} // namespace lw::finetune

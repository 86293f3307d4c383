#include "core/finetune/finetune_state_file.h"

#include "core/io/safetensors.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

#include <ATen/CPUGeneratorImpl.h>
#include <filesystem>

namespace lw::finetune {

namespace {
const char* kFormat = "llmwb-adapter-state";
const char* kChecksumKey = "checksum";
} // namespace

train::CheckpointFileInfo saveAdapterState(const std::string& path,
                                           const std::vector<std::pair<std::string, torch::Tensor>>& adapter,
                                           const train::FusedAdamW& optimizer, const nlohmann::json& config,
                                           const train::TrainerState& state)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [name, t] : adapter)
        tensors.emplace_back("adapter." + name, t.detach().to(torch::kCPU));
    for (const auto& [name, t] : optimizer.stateTensors())
        tensors.emplace_back("optim." + name, t.to(torch::kCPU));
    tensors.emplace_back("rng.cpu", at::detail::getDefaultCPUGenerator().get_state());
    io::writeSafetensors(path, tensors,
                         {{"format", kFormat},
                          {"format_version", "1"},
                          {"train_config", config.dump()},
                          {"trainer_state", state.toJson().dump()}},
                         kChecksumKey);
    train::CheckpointFileInfo info;
    info.bytes = std::filesystem::file_size(path);
    info.sha256 = util::sha256FileHex(path);
    return info;
}

bool isAdapterState(const std::string& path)
{
    try {
        const io::SafetensorsHeader header = io::readSafetensorsHeader(path);
        auto it = header.metadata.find("format");
        return it != header.metadata.end() && it->second == kFormat;
    } catch (const Error&) {
        return false;
    }
}

AdapterState loadAdapterState(const std::string& path)
{
    const io::SafetensorsHeader header = io::readSafetensorsHeader(path);
    auto meta = [&](const char* key) -> const std::string& {
        auto it = header.metadata.find(key);
        if (it == header.metadata.end())
            throw Error::inFile(path, std::string("not an adapter checkpoint (no '") + key + "' metadata)");
        return it->second;
    };
    if (meta("format") != kFormat)
        throw Error::inFile(path, "not an adapter checkpoint (format '" + meta("format") + "')");
    if (meta("format_version") != "1")
        throw Error::inFile(path, "adapter checkpoint format version " + meta("format_version") + " is not supported");
    io::verifyEmbeddedChecksum(path, header, kChecksumKey);
    AdapterState s;
    try {
        s.config = nlohmann::json::parse(meta("train_config"));
        s.state = train::TrainerState::fromJson(nlohmann::json::parse(meta("trainer_state")));
    } catch (const nlohmann::json::exception& e) {
        throw Error::inFile(path, std::string("corrupt metadata: ") + e.what());
    } catch (const Error& e) {
        throw Error::inFile(path, std::string("corrupt metadata: ") + e.what());
    }
    for (auto& [name, tensor] : io::readSafetensors(path)) {
        if (name.rfind("adapter.", 0) == 0)
            s.adapter.emplace(name.substr(8), tensor);
        else if (name.rfind("optim.", 0) == 0)
            s.optimizer.emplace(name.substr(6), tensor);
        else if (name == "rng.cpu")
            s.cpuRngState = tensor;
        else
            throw Error::inFile(path, "unexpected tensor '" + name + "'");
    }
    return s;
}

} // namespace lw::finetune

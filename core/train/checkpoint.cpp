#include "core/train/checkpoint.h"

#include "core/io/safetensors.h"
#include "core/train/adamw.h"
#include "core/util/error.h"
#include "core/util/sha256.h"

#include <ATen/CPUGeneratorImpl.h>
#include <filesystem>

namespace lw::train {

namespace {

const char* kFormat = "llmwb-checkpoint";
const char* kChecksumKey = "checksum";

std::optional<double> optionalDouble(const nlohmann::json& j, const char* key)
{
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return std::nullopt;
    return it->get<double>();
}

} // namespace

nlohmann::json TrainerState::toJson() const
{
    nlohmann::json j = {{"step", step},
                        {"tokens_seen", tokensSeen},
                        {"loader_epoch", loader.epoch},
                        {"loader_index", loader.index},
                        {"best_step", bestStep},
                        {"evals_without_improvement", evalsWithoutImprovement},
                        {"elapsed_seconds", elapsedSeconds},
                        {"schedule_history", scheduleHistory}};
    j["best_val_loss"] = bestValLoss ? nlohmann::json(*bestValLoss) : nlohmann::json(nullptr);
    return j;
}

TrainerState TrainerState::fromJson(const nlohmann::json& j)
{
    TrainerState s;
    s.step = j.at("step").get<int64_t>();
    s.tokensSeen = j.at("tokens_seen").get<int64_t>();
    s.loader.epoch = j.at("loader_epoch").get<int64_t>();
    s.loader.index = j.at("loader_index").get<int64_t>();
    s.bestValLoss = optionalDouble(j, "best_val_loss");
    s.bestStep = j.at("best_step").get<int64_t>();
    s.evalsWithoutImprovement = j.at("evals_without_improvement").get<int64_t>();
    s.elapsedSeconds = j.at("elapsed_seconds").get<double>();
    s.scheduleHistory = j.value("schedule_history", nlohmann::json::array());
    if (s.step < 0 || s.loader.epoch < 0 || s.loader.index < 0)
        throw Error("negative step or data position");
    return s;
}

CheckpointFileInfo saveCheckpoint(const std::string& path, model::Transformer& model, const FusedAdamW* optimizer,
                                  const nlohmann::json& trainConfig, const TrainerState& state,
                                  const std::string& tokenizerPath)
{
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& item : model->named_parameters())
        tensors.emplace_back("model." + item.key(), item.value());
    if (optimizer)
        for (auto& [name, t] : optimizer->stateTensors())
            tensors.emplace_back("optim." + name, t);
    tensors.emplace_back("rng.cpu", at::detail::getDefaultCPUGenerator().get_state());
    std::map<std::string, std::string> metadata = {
        {"format", kFormat},
        {"format_version", "1"},
        {"model_config", model->config().toJson().dump()},
        {"train_config", trainConfig.dump()},
        {"trainer_state", state.toJson().dump()},
        {"tokenizer", tokenizerPath},
    };
    io::writeSafetensors(path, tensors, metadata, kChecksumKey);
    CheckpointFileInfo info;
    info.bytes = std::filesystem::file_size(path);
    info.sha256 = util::sha256FileHex(path);
    return info;
}

Checkpoint loadCheckpoint(const std::string& path, bool withOptimizer)
{
    if (!std::filesystem::exists(path))
        throw Error(path + ": no such checkpoint");
    io::SafetensorsHeader header = io::readSafetensorsHeader(path);
    auto meta = [&](const char* key) -> const std::string& {
        auto it = header.metadata.find(key);
        if (it == header.metadata.end())
            throw Error::inFile(path, std::string("not a checkpoint of this application (no '") + key + "' metadata)");
        return it->second;
    };
    if (meta("format") != kFormat)
        throw Error::inFile(path, "not a checkpoint of this application (format '" + meta("format") + "')");
    if (meta("format_version") != "1")
        throw Error::inFile(path, "checkpoint format version " + meta("format_version") + " is not supported");
    io::verifyEmbeddedChecksum(path, header, kChecksumKey);

    Checkpoint c;
    try {
        c.modelConfig = model::ModelConfig::fromJson(nlohmann::json::parse(meta("model_config")));
        c.modelConfig.validate();
        c.trainConfig = nlohmann::json::parse(meta("train_config"));
        c.state = TrainerState::fromJson(nlohmann::json::parse(meta("trainer_state")));
    } catch (const nlohmann::json::exception& e) {
        throw Error::inFile(path, std::string("corrupt checkpoint metadata: ") + e.what());
    } catch (const Error& e) {
        throw Error::inFile(path, std::string("corrupt checkpoint metadata: ") + e.what());
    }
    c.tokenizerPath = meta("tokenizer");
    for (auto& [name, tensor] : io::readSafetensors(path)) {
        if (name.rfind("model.", 0) == 0)
            c.model.emplace(name.substr(6), tensor);
        else if (name.rfind("optim.", 0) == 0) {
            if (withOptimizer)
                c.optimizer.emplace(name.substr(6), tensor);
        } else if (name == "rng.cpu")
            c.cpuRngState = tensor;
        else
            throw Error::inFile(path, "unexpected tensor '" + name + "'");
    }
    return c;
}

void loadModelWeights(model::Transformer& model, const Checkpoint& checkpoint, const std::string& origin)
{
    torch::NoGradGuard noGrad;
    auto params = model->named_parameters();
    for (const auto& item : params) {
        auto it = checkpoint.model.find(item.key());
        if (it == checkpoint.model.end())
            throw Error::inFile(origin, "lacks the weight '" + item.key() + "'");
        if (it->second.sizes() != item.value().sizes())
            throw Error::inFile(origin, "weight '" + item.key() + "' has the wrong shape");
        item.value().copy_(it->second);
    }
    if (checkpoint.model.size() != params.size())
        throw Error::inFile(origin, "holds weights the model does not have");
}

model::Transformer loadModelForInference(const std::string& path, const torch::Device& device, Checkpoint* metadataOut)
{
    Checkpoint c = loadCheckpoint(path, false);
    model::Transformer model(c.modelConfig);
    loadModelWeights(model, c, path);
    model->to(device);
    model->eval();
    if (metadataOut) {
        c.model.clear();
        *metadataOut = std::move(c);
    }
    return model;
}

} // namespace lw::train

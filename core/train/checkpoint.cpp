#include "core/train/checkpoint.h"

#include "core/io/safetensors.h"
#include "core/train/adamw.h"
#include "core/util/error.h"
#include "core/util/mapped_file.h"
#include "core/util/sha256.h"

#include <ATen/CPUGeneratorImpl.h>
#include <filesystem>

namespace lw::train {

namespace {

const char* kFormat = "llmwb-checkpoint";
const char* kChecksumKey = "checksum";

// Typed reads of the trainer state: a float where an integer belongs (1e300) must be an
// error, not a conversion whose result is undefined.
const nlohmann::json& stateField(const nlohmann::json& j, const char* key)
{
    auto it = j.find(key);
    if (it == j.end())
        throw Error::inField(std::string("trainer_state.") + key, "missing");
    return *it;
}

int64_t integerField(const nlohmann::json& j, const char* key)
{
    const nlohmann::json& v = stateField(j, key);
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX)))
        throw Error::inField(std::string("trainer_state.") + key, "expected an integer, got " + v.dump());
    return v.get<int64_t>();
}

double numberField(const nlohmann::json& j, const char* key)
{
    const nlohmann::json& v = stateField(j, key);
    if (!v.is_number())
        throw Error::inField(std::string("trainer_state.") + key, "expected a number, got " + v.dump());
    return v.get<double>();
}

std::optional<double> optionalDouble(const nlohmann::json& j, const char* key)
{
    auto it = j.find(key);
    if (it == j.end() || it->is_null())
        return std::nullopt;
    return numberField(j, key);
}

// The model a checkpoint describes is built before its weights are compared with it, so
// its size is checked first against the weights the file holds: a damaged or hostile
// config (a d_model of a million, 2^40 positions) would otherwise allocate without bound.
// The products are formed in long double, where they cannot overflow; once the largest
// weights fit, parameterCount() cannot overflow either and must be the stored count.
void checkConfigFitsWeights(const std::string& path, const Checkpoint& c)
{
    const model::ModelConfig& m = c.modelConfig;
    uint64_t stored = 0;
    for (const auto& [name, tensor] : c.model)
        stored += uint64_t(tensor.numel());
    auto product = [](std::initializer_list<int64_t> factors) {
        long double p = 1;
        for (int64_t f : factors)
            p *= static_cast<long double>(f);
        return p;
    };
    const long double limit = static_cast<long double>(stored);
    bool fits = product({m.vocab_size, m.d_model}) <= limit &&                   // token embeddings
                product({m.n_layer, m.n_head, m.headDim(), m.d_model}) <= limit && // attention outputs
                (m.family != model::Family::Gpt2 || product({m.context_length, m.d_model}) <= limit);
    // d_model is now below the stored count, so ffDim() is safe to compute; rotary
    // tables (Llama) are built, not stored, and may exceed the weights, but not by much.
    fits = fits && product({m.n_layer, m.d_model, m.ffDim()}) <= limit &&
           (m.family != model::Family::Llama || product({m.context_length, m.headDim()}) <= limit + (1 << 24));
    if (!fits || uint64_t(m.parameterCount()) != stored)
        throw Error::inFile(path, "corrupt checkpoint: its model_config does not describe the " +
                                      std::to_string(stored) + " weights the file holds");
}

// The configurations and state a checkpoint carries, its checksum verified; no tensor is read.
Checkpoint checkpointMetadata(const std::string& path, const io::SafetensorsHeader& header)
{
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
    return c;
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
    if (!j.is_object())
        throw Error::inField("trainer_state", "expected a JSON object");
    TrainerState s;
    s.step = integerField(j, "step");
    s.tokensSeen = integerField(j, "tokens_seen");
    s.loader.epoch = integerField(j, "loader_epoch");
    s.loader.index = integerField(j, "loader_index");
    s.bestValLoss = optionalDouble(j, "best_val_loss");
    s.bestStep = integerField(j, "best_step");
    s.evalsWithoutImprovement = integerField(j, "evals_without_improvement");
    s.elapsedSeconds = numberField(j, "elapsed_seconds");
    s.scheduleHistory = j.value("schedule_history", nlohmann::json::array());
    if (!s.scheduleHistory.is_array())
        throw Error::inField("trainer_state.schedule_history", "expected an array");
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
    const io::SafetensorsHeader header = io::readSafetensorsHeader(path);
    Checkpoint c = checkpointMetadata(path, header);
    // Tensors are copied out of the map one by one; the optimizer state (twice the
    // model's size with AdamW) is not read at all when it is not wanted.
    const util::MappedFile file(path);
    for (const io::SafetensorsEntry& e : header.entries) {
        const std::string& name = e.name;
        if (name.rfind("model.", 0) == 0)
            c.model.emplace(name.substr(6), io::readMappedTensor(file, header, e));
        else if (name.rfind("optim.", 0) == 0) {
            if (withOptimizer)
                c.optimizer.emplace(name.substr(6), io::readMappedTensor(file, header, e));
        } else if (name == "rng.cpu")
            c.cpuRngState = io::readMappedTensor(file, header, e);
        else
            throw Error::inFile(path, "unexpected tensor '" + name + "'");
    }
    checkConfigFitsWeights(path, c);
    return c;
}

model::ParameterSource checkpointParameterSource(const std::string& path, Checkpoint* metadataOut)
{
    if (!std::filesystem::exists(path))
        throw Error(path + ": no such checkpoint");
    auto header = std::make_shared<io::SafetensorsHeader>(io::readSafetensorsHeader(path));
    Checkpoint c = checkpointMetadata(path, *header);
    std::map<std::string, std::vector<int64_t>> shapes;
    for (auto& [name, shape] : model::parameterShapes(c.modelConfig))
        shapes[name] = shape;
    // Every parameter once with its exact shape, and nothing else (as loadModelWeights).
    auto entries = std::make_shared<std::map<std::string, const io::SafetensorsEntry*>>();
    for (const io::SafetensorsEntry& e : header->entries) {
        if (e.name.rfind("optim.", 0) == 0 || e.name == "rng.cpu")
            continue;
        const std::string name = e.name.rfind("model.", 0) == 0 ? e.name.substr(6) : std::string();
        auto shape = shapes.find(name);
        if (shape == shapes.end())
            throw Error::inFile(path, "unexpected tensor '" + e.name + "'");
        if (shape->second != e.shape)
            throw Error::inFile(path, "weight '" + name + "' has the wrong shape");
        (*entries)[name] = &e;
    }
    for (const auto& [name, shape] : shapes)
        if (!entries->count(name))
            throw Error::inFile(path, "lacks the weight '" + name + "'");
    auto file = std::make_shared<util::MappedFile>(path);
    model::ParameterSource source{c.modelConfig, [path, header, entries, file](const std::string& name) {
                                      auto it = entries->find(name);
                                      if (it == entries->end())
                                          throw Error::inFile(path, "lacks the weight '" + name + "'");
                                      torch::Tensor t = io::readMappedTensor(*file, *header, *it->second);
                                      const auto type = t.scalar_type();
                                      const bool exactInFloat =
                                          type == torch::kFloat || type == torch::kHalf || type == torch::kBFloat16;
                                      return exactInFloat ? t : t.to(torch::kFloat);
                                  }};
    if (metadataOut)
        *metadataOut = std::move(c);
    return source;
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
    model::Transformer model(c.modelConfig, false); // every weight is loaded next
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

#include "core/catalog/model_loader.h"

#include "core/generate/hf_chat_template.h"
#include "core/gguf/gguf_file.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_tokenizer.h"
#include "core/hf/hf_model.h"
#include "core/io/safetensors.h"
#include "core/tokenizer/hf_tokenizer.h"
#include "core/train/checkpoint.h"
#include "core/train/run_service.h"
#include "core/util/error.h"

namespace lw::catalog {

namespace {

std::vector<int32_t> prefixOf(const tokenizer::Tokenizer& t)
{
    if (const auto* hf = dynamic_cast<const tokenizer::HfTokenizer*>(&t))
        return hf->addsBosToken() ? hf->bosPrefix() : std::vector<int32_t>{};
    return {};
}

// float32, unless the caller keeps bf16 and every matrix the model reads is stored in it.
hf::HfLoadDtypes hfLoadDtypes(const std::string& folder, bool bf16AsStored)
{
    if (!bf16AsStored)
        return {};
    const hf::HfModelInfo info = hf::inspectHfModel(folder);
    if (info.singleDtype == torch::kBFloat16)
        return {torch::kBFloat16, torch::kBFloat16}; // bf16 throughout: the model's own forward pass runs too
    // bf16 matrices with float32 (or f16) norms and biases, as many models are published:
    // the matrices stay bf16 for the decoder's bf16 kernels, the vectors are read into
    // float32, which holds them exactly and is what the decoder reads vectors in.
    if (info.matrixDtype == torch::kBFloat16)
        return {torch::kBFloat16, torch::kFloat};
    // A matrix in another dtype (one float32 matrix among bf16 ones, or f16): float32
    // throughout. The decoder runs every matrix in one weight type, so the bf16 kernels
    // would round that matrix to bf16 and change the model; float32 holds them all exactly.
    return {};
}

} // namespace

LoadedModel loadModel(const ModelLocation& location, const torch::Device& device, const LoadOptions& options)
{
    LoadedModel out;
    out.location = location;
    const bool bf16AsStored = options.forGeneration && options.bf16AsStored;
    switch (location.format) {
    case ModelFormat::Checkpoint: {
        train::Checkpoint meta;
        if (options.weightsOnDemand)
            out.weightsOnDemand = train::checkpointParameterSource(location.path, &meta);
        else
            out.model = train::loadModelForInference(location.path, device, &meta);
        out.tokenizerPath = train::tokenizerForCheckpoint(location.path, meta.tokenizerPath);
        break;
    }
    case ModelFormat::HfFolder:
        if (options.weightsOnDemand)
            out.weightsOnDemand = hf::hfParameterSource(location.path);
        else
            out.model = hf::loadHfModel(location.path, device, hfLoadDtypes(location.path, bf16AsStored));
        out.tokenizerPath = location.path;
        break;
    case ModelFormat::Gguf: {
        if (device.is_cpu())
            out.storedMatrices = gguf_model::GgufStoredMatrices::open(location.path, bf16AsStored);
        model::LeftOutMatrices leftOut;
        if (options.forGeneration && out.storedMatrices) {
            const std::vector<std::string> names = out.storedMatrices->names();
            leftOut.names.insert(names.begin(), names.end());
            leftOut.source = location.path;
        }
        out.model = gguf_model::loadGgufModel(location.path, device, torch::kFloat, leftOut).model;
        gguf_model::GgufTokenizer t = gguf_model::loadGgufTokenizer(gguf::GgufFile(location.path));
        out.tokenizerPath = location.path;
        if (!t.chatTemplate.empty()) {
            generate::ChatTemplate chat;
            chat.name = "gguf";
            chat.jinja = t.chatTemplate;
            chat.bos_token = t.bosId ? t.tokenizer->tokenBytes(*t.bosId) : std::string();
            chat.eos_token = t.eosId ? t.tokenizer->tokenBytes(*t.eosId) : std::string();
            chat.validate(location.path + ": tokenizer.chat_template");
            out.chatTemplate = chat;
        }
        out.promptPrefix = t.addBos && t.bosId ? std::vector<int32_t>{*t.bosId} : std::vector<int32_t>{};
        out.tokenizer = std::move(t.tokenizer);
        return out;
    }
    }
    out.tokenizer = tokenizer::loadTokenizer(out.tokenizerPath);
    if (location.format == ModelFormat::HfFolder) {
        try {
            out.chatTemplate = generate::chatTemplateFromHfFolder(location.path);
        } catch (const generate::NoChatTemplateError&) {
            // A base model: chat needs a template chosen by the user.
        }
    }
    const int64_t vocabSize = configOf(out).vocab_size;
    if (out.tokenizer->vocabSize() > vocabSize)
        throw Error::inFile(out.tokenizerPath, "the tokenizer has " + std::to_string(out.tokenizer->vocabSize()) +
                                                   " tokens, more than the model's vocabulary of " +
                                                   std::to_string(vocabSize));
    out.promptPrefix = prefixOf(*out.tokenizer);
    return out;
}

const model::ModelConfig& configOf(const LoadedModel& loaded)
{
    return loaded.weightsOnDemand ? loaded.weightsOnDemand->config : loaded.model->config();
}

model::ParameterSource parametersOf(LoadedModel& loaded)
{
    return loaded.weightsOnDemand ? *loaded.weightsOnDemand : model::parameterSourceOf(loaded.model);
}

model::ModelConfig modelConfigOf(const ModelLocation& location)
{
    switch (location.format) {
    case ModelFormat::Checkpoint: {
        io::SafetensorsHeader header = io::readSafetensorsHeader(location.path);
        auto it = header.metadata.find("model_config");
        if (it == header.metadata.end())
            throw Error::inFile(location.path, "not a checkpoint of this workbench (no model_config)");
        return model::ModelConfig::fromJson(nlohmann::json::parse(it->second), location.path);
    }
    case ModelFormat::HfFolder:
        return hf::inspectHfModel(location.path).config;
    case ModelFormat::Gguf:
        break;
    }
    return gguf_model::inspectGguf(location.path).config;
}

std::vector<int32_t> encodePrompt(const LoadedModel& loaded, const std::string& text)
{
    std::vector<int32_t> ids = loaded.promptPrefix;
    std::vector<int32_t> body = loaded.tokenizer->encode(text, true);
    ids.insert(ids.end(), body.begin(), body.end());
    return ids;
}

} // namespace lw::catalog

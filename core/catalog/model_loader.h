#pragma once
// A located model, ready to generate: the network on a device, its tokenizer, and what
// the prompt must start with (a Llama tokenizer's BOS token).
#include "core/catalog/model_locator.h"
#include "core/generate/chat_template.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/model/model_config.h"
#include "core/model/parameter_source.h"
#include "core/model/transformer.h"
#include "core/tokenizer/tokenizer.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lw::catalog {

struct LoadedModel {
    ModelLocation location;
    model::Transformer model{nullptr}; // null when loaded with LoadOptions::weightsOnDemand
    // Set instead of `model` by LoadOptions::weightsOnDemand: each parameter read from
    // the file's map when asked for.
    std::optional<model::ParameterSource> weightsOnDemand;
    std::unique_ptr<tokenizer::Tokenizer> tokenizer;
    std::string tokenizerPath;
    // Ids every plain prompt starts with (the tokenizer's post-processor: <s> for Llama
    // 2, <|begin_of_text|> for Llama 3; empty for GPT-2 and models trained here).
    std::vector<int32_t> promptPrefix;
    // The model's own chat template (tokenizer_config.json or the GGUF metadata), when it has one.
    std::optional<generate::ChatTemplate> chatTemplate;
    // A GGUF file's matrices in their stored format when they are quantized (or bf16,
    // with LoadOptions::bf16AsStored) and the model is on the CPU: give them to the
    // Generator (GeneratorOptions::storedMatrices) so decoding reads the blocks, not float copies.
    std::shared_ptr<const gguf_model::GgufStoredMatrices> storedMatrices;
};

struct LoadOptions {
    // The caller only generates, with the fused CPU decoder on the stored matrices
    // (GeneratorOptions::storedMatrices, "auto" weights, no adapter): a quantized GGUF
    // file's matrices then stay in its blocks only, and the float model is built without
    // them (model::LeftOutMatrices: its forward pass throws), so the model takes its
    // format's memory, not float32's. Other formats and float files load as without it.
    bool forGeneration = false;
    // With forGeneration (the fused CPU decoder on "auto" weights): a model stored in bf16
    // is built in bf16, each tensor read from the file's map straight into its final
    // dtype, so it takes its file's memory and not float32's twice that. A Hugging Face
    // folder qualifies when every matrix the model reads is stored in bf16: with its
    // vectors (norm gains, biases) in bf16 too the model is bf16 throughout; with vectors
    // in float32 (or f16) those load as float32 and the model is for the fused decoder
    // only (its own forward pass needs one dtype), nothing rounded either way. A GGUF file
    // qualifies when its matrices are bf16 (the decoder reads them from the file's blocks,
    // as a quantized file's; its float32 norms stay float32). f16 and float32 files, and
    // folders mixing bf16 matrices with others, load as without it: the decoder has no
    // f16 kernels, runs all matrices in one type, and bf16 would round other values.
    bool bf16AsStored = false;
    // The caller only reads the weights once, in order (export): a Hugging Face folder or
    // a checkpoint then builds no Transformer and fills LoadedModel::weightsOnDemand
    // instead, so nothing of the model's size is held in memory. GGUF files load as
    // without it.
    bool weightsOnDemand = false;
};

// The loaded model's configuration and parameters, whichever way it was loaded.
const model::ModelConfig& configOf(const LoadedModel& loaded);
model::ParameterSource parametersOf(LoadedModel& loaded);

// Builds the model on `device` (weights as stored for checkpoints, converted to
// float32 from Hugging Face folders and GGUF files unless LoadOptions::bf16AsStored
// keeps bf16); lw::Error naming the file of any problem.
LoadedModel loadModel(const ModelLocation& location, const torch::Device& device, const LoadOptions& options = {});

// The configuration alone, reading headers only (for listings and checks).
model::ModelConfig modelConfigOf(const ModelLocation& location);

// The prompt's ids: promptPrefix, then the text's.
std::vector<int32_t> encodePrompt(const LoadedModel& loaded, const std::string& text);

} // namespace lw::catalog

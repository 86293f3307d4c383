#pragma once
// A located model, ready to generate: the network on a device, its tokenizer, and what
// the prompt must start with (a Llama tokenizer's BOS token).
#include "core/catalog/model_locator.h"
#include "core/model/model_config.h"
#include "core/model/transformer.h"
#include "core/tokenizer/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace lw::catalog {

struct LoadedModel {
    ModelLocation location;
    model::Transformer model{nullptr};
    std::unique_ptr<tokenizer::Tokenizer> tokenizer;
    std::string tokenizerPath;
    // Ids every plain prompt starts with (the tokenizer's post-processor: <s> for Llama
    // 2, <|begin_of_text|> for Llama 3; empty for GPT-2 and models trained here).
    std::vector<int32_t> promptPrefix;
};

// Builds the model on `device` (weights as stored for checkpoints, converted to
// float32 from Hugging Face folders); lw::Error naming the file of any problem.
LoadedModel loadModel(const ModelLocation& location, const torch::Device& device);

// The configuration alone, reading headers only (for listings and checks).
model::ModelConfig modelConfigOf(const ModelLocation& location);

// The prompt's ids: promptPrefix, then the text's.
std::vector<int32_t> encodePrompt(const LoadedModel& loaded, const std::string& text);

} // namespace lw::catalog

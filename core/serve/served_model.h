#pragma once
// The model a server answers with: a checkpoint written by the trainer, loaded with
// its tokenizer into a Generator, and the id clients see in /v1/models.
#include "core/catalog/model_loader.h"
#include "core/generate/chat_template.h"
#include "core/generate/generator.h"
#include "core/model/transformer.h"
#include "core/tokenizer/tokenizer.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace lw::serve {

struct ModelLoadOptions {
    std::string device = "cpu"; // cpu, cuda, cuda:N
    std::string dtype = "auto"; // weights while generating: auto (as stored), fp32 or bf16
    std::string id;             // empty: modelIdForCheckpoint()
    // Called with the loaded model before its generator is built: where an adapter is
    // attached (the decoder then multiplies with the adapted weights).
    std::function<void(catalog::LoadedModel&)> prepare;
    // A quantized GGUF model on the CPU with "auto" weights and no `prepare` keeps its
    // matrices in their blocks only (catalog::LoadOptions::forGeneration); false where an
    // adapter will be attached later (it needs the float matrices).
    bool matricesInBlocksOnly = true;
};

struct ServedModel {
    std::string id;
    std::string checkpointPath;
    int64_t created = 0; // the checkpoint's modification time (Unix seconds)
    model::Transformer model{nullptr};
    std::unique_ptr<tokenizer::Tokenizer> tokenizer;
    std::unique_ptr<generate::Generator> generator;
    std::optional<generate::ChatTemplate> chatTemplate; // the model's own, when it has one
    std::vector<int32_t> promptPrefix;                  // the tokenizer's BOS, when it puts one first
    // A quantized GGUF file's blocks, for every Generator made for this model (catalog::LoadedModel).
    std::shared_ptr<const gguf_model::GgufStoredMatrices> storedMatrices;

    int64_t contextLength() const { return model->config().context_length; }
};

// `path`: a checkpoint file, or a run folder (its best checkpoint, else its newest).
// lw::Error naming the path when it is neither, or the checkpoint or tokenizer is bad.
ServedModel loadServedModel(const std::string& path, const ModelLoadOptions& options = {});

// "3-demo/best" for <project>/runs/3-demo/checkpoints/best.ckpt; the file's stem for a
// checkpoint elsewhere.
std::string modelIdForCheckpoint(const std::string& path);

} // namespace lw::serve

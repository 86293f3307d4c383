#pragma once
// The model a server answers with: a checkpoint written by the trainer, loaded with
// its tokenizer into a Generator, and the id clients see in /v1/models; and the
// adapters served beside it, each under an id of its own, on the same base weights.
#include "core/catalog/model_loader.h"
#include "core/generate/chat_template.h"
#include "core/generate/generator.h"
#include "core/model/linear_adapter.h"
#include "core/model/transformer.h"
#include "core/tokenizer/tokenizer.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace lw::serve {

// An adapter to serve on the base (`llmwb serve --adapter`).
struct AdapterToServe {
    std::string id;
    std::string dir; // its folder, for its modification time
    // Sets the adapter into the loaded base's slots; returns what keeps it alive.
    std::function<std::shared_ptr<void>(catalog::LoadedModel&)> attach;
    std::optional<generate::ChatTemplate> chatTemplate; // the one it was trained with, if any
};

struct ModelLoadOptions {
    std::string device = "cpu"; // cpu, cuda, cuda:N
    std::string dtype = "auto"; // weights while generating: auto (as stored), fp32 or bf16
    std::string id;             // empty: modelIdForCheckpoint()
    // Served beside the base, each with a generator of its own built while it is attached
    // (the fused decoder folds it into copies of the matrices it adapts only).
    std::vector<AdapterToServe> adapters;
    // One adapter given without a name (`llmwb serve --adapter DIR`) is the server's model,
    // as it was before several could be served: listed first, and answering any "model"
    // the server does not have. The base is served after it under `id`.
    bool adapterIsTheModel = false;
    // A quantized GGUF model on the CPU with "auto" weights and no adapters keeps its
    // matrices in their blocks only (catalog::LoadOptions::forGeneration), and a bf16 one
    // stays bf16 (bf16AsStored); false where an adapter will be attached later (it needs
    // the float matrices).
    bool matricesInBlocksOnly = true;
};

// One adapter on the served base: its generator and the base's adapter slots as they are
// with it attached (set again before the model's own forward runs it: TorchModelRunner).
struct ServedAdapter {
    std::string id;
    std::string dir;
    int64_t created = 0;
    std::shared_ptr<void> holder;
    std::vector<model::LinearAdapterPtr> slots; // in model::linearSites order
    std::unique_ptr<generate::Generator> generator;
    std::optional<generate::ChatTemplate> chatTemplate;
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

    std::vector<ServedAdapter> adapters;
    // Times the base's file was loaded for this ServedModel (1: the adapters share it).
    int baseLoads = 0;
    // ModelLoadOptions::adapterIsTheModel, with exactly one adapter.
    bool adapterIsTheModel = false;

    int64_t contextLength() const { return model->config().context_length; }

    // The models requests may name: 0 the base, 1.. the adapters.
    size_t variantCount() const { return 1 + adapters.size(); }
    const std::string& variantId(size_t variant) const;
    generate::Generator& generatorOf(size_t variant) const;
    const std::optional<generate::ChatTemplate>& chatTemplateOf(size_t variant) const;
    // The model listed first and named when the server starts: the adapter where it is
    // the server's model (adapterIsTheModel), else the base.
    size_t primaryVariant() const { return adapterIsTheModel ? 1 : 0; }
    // The variant a request's "model" field names: empty names the default (the first
    // adapter, as a server with one adapter always answered with it; else the base).
    // Any name is the base's on a server without adapters, and any name not served is
    // the adapter's where it is the server's model (clients send names of their own;
    // such a server has one model); else nullopt for a name not served.
    std::optional<size_t> variantNamed(const std::string& name) const;
    // Sets the base's adapter slots to `variant`'s adapter (none for the base).
    void activate(size_t variant);
};

// `path`: a checkpoint file, or a run folder (its best checkpoint, else its newest).
// lw::Error naming the path when it is neither, or the checkpoint or tokenizer is bad.
ServedModel loadServedModel(const std::string& path, const ModelLoadOptions& options = {});

// "3-demo/best" for <project>/runs/3-demo/checkpoints/best.ckpt; the file's stem for a
// checkpoint elsewhere.
std::string modelIdForCheckpoint(const std::string& path);

} // namespace lw::serve

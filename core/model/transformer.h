#pragma once
// A decoder-only transformer, GPT-2 or Llama style (see ModelConfig). forward() maps
// token ids (B, T) to logits (B, T, vocab); loss() fuses the last projection with the
// cross-entropy so the full logits tensor is never kept for backward.
#include "core/model/blocks.h"
#include "core/model/model_config.h"
#include "core/model/rotary.h"

#include <set>
#include <string>
#include <torch/torch.h>

namespace lw::model {

class KvCache;

// Matrices a model is built without (see TransformerImpl's constructor).
struct LeftOutMatrices {
    std::set<std::string> names; // parameter names: "wte.weight", "h.0.attn.c_attn.weight"
    std::string source;          // where their values are, for the error: a quantized file's path
};

class TransformerImpl : public torch::nn::Module {
public:
    // With initialize false the weights are left as allocated, for a caller that
    // overwrites every one of them (loading a checkpoint or an import).
    // With `leftOut`, those matrices (linear maps' weights, the token embedding) are built
    // with no rows and never filled: for a generation-only load whose decoder reads them
    // from a quantized file's blocks (catalog::LoadOptions). hidden(), forward(), loss()
    // and logitsOf() then throw lw::Error; lw::Error when a name is not a matrix.
    explicit TransformerImpl(const ModelConfig& config, bool initialize = true, LeftOutMatrices leftOut = {});

    const ModelConfig& config() const { return m_config; }
    bool hasLeftOutMatrices() const { return !m_leftOut.names.empty(); }
    // Throws lw::Error saying `use` needs the float matrices this model was built without.
    void requireAllMatrices(const std::string& use) const;

    // Logits (B, T, vocab). With a cache, idx holds only the new positions.
    torch::Tensor forward(const torch::Tensor& idx, KvCache* cache = nullptr);
    // Final normalised hidden states (B, T, d_model).
    // positions (B, T) int64, for sample packing (training only, no cache): each token's
    // position inside its own example, 0 at each example's first token, then +1 per
    // token. Every example is computed as if it ran alone: position embeddings and
    // rotary angles use these positions, and attention never crosses examples.
    // Undefined means one sequence per row. Bad positions throw lw::Error.
    torch::Tensor hidden(const torch::Tensor& idx, KvCache* cache = nullptr, const torch::Tensor& positions = {});
    // Mean next-token cross-entropy of logits(idx) against targets (B, T); targets equal
    // to -1 are ignored (in a packed row, the last token of each example should be).
    torch::Tensor loss(const torch::Tensor& idx, const torch::Tensor& targets, const torch::Tensor& positions = {});
    // The (vocab, d_model) output projection (wte's weight when tied).
    torch::Tensor outputWeight() const;
    // Logits of final hidden states, through the head's adapter when one is attached.
    torch::Tensor logitsOf(const torch::Tensor& hidden);

    // GPT-2's initialisation: N(0, 0.02) for weights and embeddings, residual output
    // projections scaled by 1/sqrt(2 n_layer), zero biases, unit norms. Seeded.
    void initializeWeights(uint64_t seed);

    torch::nn::Embedding tokenEmbedding{nullptr}, positionEmbedding{nullptr};
    torch::nn::ModuleList layers{nullptr};
    Norm finalNorm{nullptr};
    torch::nn::Linear lmHead{nullptr}; // only when embeddings are not tied
    LinearAdapterPtr headAdapter;       // see linear_adapter.h
    double neftuneAlpha = 0;            // > 0: NEFTune noise on the token embeddings while training

private:
    ModelConfig m_config;
    std::unique_ptr<RotaryTable> m_rotary;
    LeftOutMatrices m_leftOut;
};
TORCH_MODULE(Transformer);

// Names of parameters that get weight decay: matrices (matmul weights and embeddings),
// not biases or norm gains.
bool takesWeightDecay(const std::string& parameterName, const torch::Tensor& parameter);

// The name and shape of every parameter of the model built from `config`, in the
// model's order, computed without building it (a 7B model need not be allocated to
// check that a file holds the right tensors).
std::vector<std::pair<std::string, std::vector<int64_t>>> parameterShapes(const ModelConfig& config);

} // namespace lw::model

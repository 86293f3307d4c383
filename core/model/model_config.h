#pragma once
// The one description of a model's architecture: a family (GPT-2 or Llama style) and
// its hyper-parameters. Stored verbatim with every run and inside every checkpoint, so
// a checkpoint always knows how to rebuild its model. Names follow the papers.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::model {

enum class Family {
    Gpt2,  // learned positions, LayerNorm, GELU (tanh), tied embeddings, biases
    Llama, // RoPE, RMSNorm, SwiGLU, grouped-query attention, no biases
};

std::string familyName(Family family);
Family familyFromName(const std::string& name); // lw::Error on unknown names

// How rotary frequencies are stretched for contexts longer than the model was
// pretrained on. "none"; "linear" (every frequency divided by factor); "llama3" (Llama
// 3.1's rule: wavelengths longer than original/low_freq_factor are divided by factor,
// shorter than original/high_freq_factor are kept, and those between are blended).
struct RopeScaling {
    std::string type = "none";
    double factor = 1.0;
    double low_freq_factor = 1.0;
    double high_freq_factor = 4.0;
    int64_t original_context_length = 0;

    nlohmann::json toJson() const;
    static RopeScaling fromJson(const nlohmann::json& json, const std::string& context);
};

struct ModelConfig {
    Family family = Family::Gpt2;
    int64_t vocab_size = 50257;
    int64_t context_length = 1024; // longest sequence (block size)
    int64_t n_layer = 12;
    int64_t n_head = 12;
    int64_t n_kv_head = 0;         // grouped-query attention; 0 means n_head
    int64_t d_model = 768;
    int64_t head_dim = 0;          // width of one head; 0 means d_model / n_head (pruned heads, Mistral-Nemo)
    int64_t d_ff = 0;              // 0: 4*d_model (GPT-2) or the SwiGLU rule (Llama)
    double dropout = 0.0;          // embeddings, residual branches
    bool bias = true;              // biases in linear layers and LayerNorm (GPT-2 only)
    bool tie_embeddings = true;    // lm_head shares wte's weight
    double norm_eps = 1e-5;
    double rope_theta = 10000.0;   // Llama only
    RopeScaling rope_scaling;      // Llama only
    bool qkv_bias = false;         // biases on the query, key and value projections (Llama family: Qwen2)

    int64_t headDim() const { return head_dim > 0 ? head_dim : d_model / n_head; }
    int64_t kvHeads() const { return n_kv_head > 0 ? n_kv_head : n_head; }
    // The attention's widths: queries (also the output map's input), and keys or values.
    // The query width is d_model unless head_dim is stated.
    int64_t queryWidth() const { return n_head * headDim(); }
    int64_t kvWidth() const { return kvHeads() * headDim(); }
    // Whether head_dim is stated rather than implied by d_model / n_head.
    bool hasOwnHeadDim() const;
    int64_t ffDim() const;

    // Throws lw::Error naming the offending field (e.g. "model.n_head: must divide d_model"
    // when head_dim is 0).
    void validate() const;

    // Exact number of parameters of the model built from this config (tied weights once).
    int64_t parameterCount() const;
    // Parameters excluding token and position embeddings (scaling-law convention).
    int64_t nonEmbeddingParameterCount() const;
    // Training FLOPs per token, forward plus backward: 6 per matmul weight (lm_head
    // included) plus 12 * n_layer * n_head * head_dim * T for attention scores and values at
    // sequence length T (the PaLM / nanoGPT convention, so MFU figures compare).
    double trainingFlopsPerToken(int64_t sequenceLength) const;
    // Forward-only FLOPs per token at a given context position count.
    double forwardFlopsPerToken(int64_t sequenceLength) const;
    // Bytes for weights, gradients and AdamW state in fp32, plus activations for a batch.
    double estimatedTrainingBytes(int64_t batchSize, int64_t sequenceLength) const;

    nlohmann::json toJson() const;
    // Missing fields keep their defaults; unknown fields and wrong types are errors.
    static ModelConfig fromJson(const nlohmann::json& json, const std::string& context = "model");
};

bool operator==(const ModelConfig& a, const ModelConfig& b);
inline bool operator!=(const ModelConfig& a, const ModelConfig& b) { return !(a == b); }

// One line per field that a user sets when training from scratch (for --help and GUI
// tooltips), in the order forms show them. rope_scaling and qkv_bias come from imports.
const std::vector<std::pair<std::string, std::string>>& modelConfigHelp();

struct ModelPreset {
    std::string name;
    std::string description;
    ModelConfig config;
};

// Built-in shapes, from a tiny test model to GPT-2 124M and 355M.
const std::vector<ModelPreset>& modelPresets();
// lw::Error listing the known names when `name` is unknown.
ModelConfig presetConfig(const std::string& name);

} // namespace lw::model

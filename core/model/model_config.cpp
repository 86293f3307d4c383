#include "core/model/model_config.h"

#include "core/util/error.h"
#include "core/util/json_field.h"

#include <set>

namespace lw::model {

std::string familyName(Family family)
{
    return family == Family::Gpt2 ? "gpt2" : "llama";
}

Family familyFromName(const std::string& name)
{
    if (name == "gpt2")
        return Family::Gpt2;
    if (name == "llama")
        return Family::Llama;
    throw Error::inField("model.family", "unknown family '" + name + "' (expected gpt2 or llama)");
}

bool ModelConfig::hasOwnHeadDim() const
{
    return head_dim > 0 && (n_head <= 0 || d_model % n_head != 0 || head_dim != d_model / n_head);
}

int64_t ModelConfig::ffDim() const
{
    if (d_ff > 0)
        return d_ff;
    if (family == Family::Gpt2)
        return 4 * d_model;
    // Llama: two thirds of 4*d (SwiGLU has three matrices), rounded up to a multiple of 64.
    int64_t hidden = (2 * 4 * d_model) / 3;
    return (hidden + 63) / 64 * 64;
}

void ModelConfig::validate() const
{
    auto positive = [](const char* field, int64_t value) {
        if (value <= 0)
            throw Error::inField(std::string("model.") + field, "must be positive, got " + std::to_string(value));
    };
    positive("vocab_size", vocab_size);
    positive("context_length", context_length);
    positive("n_layer", n_layer);
    positive("n_head", n_head);
    positive("d_model", d_model);
    if (vocab_size > (int64_t(1) << 31))
        throw Error::inField("model.vocab_size", "too large");
    if (head_dim < 0)
        throw Error::inField("model.head_dim", "must be 0 (d_model / n_head) or positive");
    // A stated width frees n_head from d_model; the attention's width stays bounded.
    if (static_cast<long double>(n_head) * static_cast<long double>(head_dim) > static_cast<long double>(1LL << 31))
        throw Error::inField("model.head_dim", "n_head * head_dim is too large");
    if (head_dim == 0 && d_model % n_head != 0)
        throw Error::inField("model.n_head", "must divide d_model (" + std::to_string(d_model) + " is not a multiple of " +
                                                 std::to_string(n_head) + ")");
    if (n_kv_head < 0 || (n_kv_head > 0 && n_head % n_kv_head != 0))
        throw Error::inField("model.n_kv_head", "must divide n_head (" + std::to_string(n_head) + ")");
    if (family == Family::Gpt2 && n_kv_head > 0 && n_kv_head != n_head)
        throw Error::inField("model.n_kv_head", "grouped-query attention needs the llama family");
    if (family == Family::Llama && headDim() % 2 != 0)
        throw Error::inField(head_dim > 0 ? "model.head_dim" : "model.d_model",
                             "head dimension must be even for rotary embeddings");
    if (d_ff < 0)
        throw Error::inField("model.d_ff", "must be 0 (automatic) or positive");
    if (!(dropout >= 0.0 && dropout < 1.0))
        throw Error::inField("model.dropout", "must be in [0, 1)");
    if (!(norm_eps > 0.0))
        throw Error::inField("model.norm_eps", "must be positive");
    if (!(rope_theta > 0.0))
        throw Error::inField("model.rope_theta", "must be positive");
    if (family == Family::Gpt2 && qkv_bias)
        throw Error::inField("model.qkv_bias", "is for the llama family (gpt2 uses bias)");
    const RopeScaling& r = rope_scaling;
    if (r.type != "none") {
        if (family == Family::Gpt2)
            throw Error::inField("model.rope_scaling", "is for the llama family (gpt2 has no rotary embeddings)");
        if (!(r.factor >= 1.0))
            throw Error::inField("model.rope_scaling.factor", "must be at least 1");
    }
    if (r.type == "llama3") {
        if (r.original_context_length <= 0)
            throw Error::inField("model.rope_scaling.original_context_length", "must be positive");
        if (!(r.low_freq_factor > 0.0 && r.high_freq_factor > r.low_freq_factor))
            throw Error::inField("model.rope_scaling.high_freq_factor", "must exceed low_freq_factor, which must be positive");
    }
}

nlohmann::json RopeScaling::toJson() const
{
    if (type == "none")
        return {{"type", type}};
    if (type == "linear")
        return {{"type", type}, {"factor", factor}};
    return {{"type", type},
            {"factor", factor},
            {"low_freq_factor", low_freq_factor},
            {"high_freq_factor", high_freq_factor},
            {"original_context_length", original_context_length}};
}

RopeScaling RopeScaling::fromJson(const nlohmann::json& json, const std::string& context)
{
    if (!json.is_object())
        throw Error::inField(context, "expected a JSON object");
    static const std::set<std::string> known = {"type", "factor", "low_freq_factor", "high_freq_factor",
                                                "original_context_length"};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!known.count(it.key()))
            throw Error::inField(context + "." + it.key(), "unknown field");
    RopeScaling r;
    if (auto it = json.find("type"); it != json.end()) {
        if (!it->is_string())
            throw Error::inField(context + ".type", "expected a string");
        r.type = it->get<std::string>();
    }
    if (r.type != "none" && r.type != "linear" && r.type != "llama3")
        throw Error::inField(context + ".type", "unknown rope scaling '" + r.type + "' (expected none, linear or llama3)");
    util::readJsonField(json, "factor", r.factor, context);
    util::readJsonField(json, "low_freq_factor", r.low_freq_factor, context);
    util::readJsonField(json, "high_freq_factor", r.high_freq_factor, context);
    util::readJsonField(json, "original_context_length", r.original_context_length, context);
    return r;
}

bool operator==(const RopeScaling& a, const RopeScaling& b)
{
    return a.toJson() == b.toJson();
}

int64_t ModelConfig::nonEmbeddingParameterCount() const
{
    const int64_t d = d_model, ff = ffDim(), q = queryWidth();
    const int64_t qkvOut = q + 2 * kvWidth();
    int64_t perLayer = 0;
    if (family == Family::Gpt2) {
        int64_t b = bias ? 1 : 0;
        perLayer += 2 * (d + b * d);           // ln_1, ln_2 (weight, bias)
        perLayer += d * qkvOut + b * qkvOut;   // c_attn
        perLayer += q * d + b * d;             // attn c_proj
        perLayer += d * ff + b * ff;           // c_fc
        perLayer += ff * d + b * d;            // mlp c_proj
        return n_layer * perLayer + (d + b * d); // + ln_f
    }
    perLayer += 2 * d;            // attention_norm, ffn_norm
    perLayer += d * qkvOut;       // wqkv
    if (qkv_bias)
        perLayer += qkvOut;
    perLayer += q * d;            // wo
    perLayer += 3 * d * ff;       // w1, w3 (gate, up), w2 (down)
    return n_layer * perLayer + d; // + final norm
}

int64_t ModelConfig::parameterCount() const
{
    int64_t embeddings = vocab_size * d_model;
    if (family == Family::Gpt2)
        embeddings += context_length * d_model;
    int64_t head = tie_embeddings ? 0 : vocab_size * d_model;
    return embeddings + nonEmbeddingParameterCount() + head;
}

double ModelConfig::forwardFlopsPerToken(int64_t sequenceLength) const
{
    const double d = double(d_model), ff = double(ffDim()), q = double(queryWidth());
    const double qkvOut = q + 2.0 * double(kvWidth());
    double matmulWeights = d * qkvOut + q * d + (family == Family::Gpt2 ? 2.0 * d * ff : 3.0 * d * ff);
    matmulWeights = matmulWeights * double(n_layer) + double(vocab_size) * d; // + lm_head
    double attention = 4.0 * double(n_layer) * q * double(sequenceLength);  // QK^T and PV, 2 FLOPs each
    return 2.0 * matmulWeights + attention;
}

double ModelConfig::trainingFlopsPerToken(int64_t sequenceLength) const
{
    return 3.0 * forwardFlopsPerToken(sequenceLength);
}

double ModelConfig::estimatedTrainingBytes(int64_t batchSize, int64_t sequenceLength) const
{
    double params = double(parameterCount());
    double state = params * 4.0 * 4.0; // weights, gradients, two AdamW moments
    // Activations kept for backward, per token and layer, in fp32 (a coarse upper estimate:
    // inputs of every matmul and norm, the attention output and statistics, the MLP hidden).
    double perTokenLayer = 4.0 * (double(d_model) * 10.0 + double(ffDim()) * 2.0);
    double activations = double(batchSize * sequenceLength) *
                         (perTokenLayer * double(n_layer) + 4.0 * 2.0 * double(vocab_size));
    return state + activations;
}

nlohmann::json ModelConfig::toJson() const
{
    nlohmann::json j = {
        {"family", familyName(family)},
        {"vocab_size", vocab_size},
        {"context_length", context_length},
        {"n_layer", n_layer},
        {"n_head", n_head},
        {"n_kv_head", n_kv_head},
        {"d_model", d_model},
        {"d_ff", d_ff},
        {"dropout", dropout},
        {"bias", bias},
        {"tie_embeddings", tie_embeddings},
        {"norm_eps", norm_eps},
        {"rope_theta", rope_theta},
        {"rope_scaling", rope_scaling.toJson()},
        {"qkv_bias", qkv_bias},
    };
    // Only a stated width is written, so configs of d_model / n_head heads read as before.
    if (hasOwnHeadDim())
        j["head_dim"] = head_dim;
    return j;
}

using util::readJsonField;

ModelConfig ModelConfig::fromJson(const nlohmann::json& json, const std::string& context)
{
    if (!json.is_object())
        throw Error::inField(context, "expected a JSON object");
    static const std::set<std::string> known = {"family", "vocab_size", "context_length", "n_layer", "n_head",
                                                "n_kv_head", "d_model", "d_ff", "dropout", "bias",
                                                "tie_embeddings", "norm_eps", "rope_theta", "rope_scaling",
                                                "qkv_bias", "head_dim"};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!known.count(it.key()))
            throw Error::inField(context + "." + it.key(), "unknown field");
    ModelConfig c;
    if (auto it = json.find("family"); it != json.end()) {
        if (!it->is_string())
            throw Error::inField(context + ".family", "expected a string");
        c.family = familyFromName(it->get<std::string>());
        if (c.family == Family::Llama) {
            c.bias = false;
            c.tie_embeddings = false;
        }
    }
    readJsonField(json, "vocab_size", c.vocab_size, context);
    readJsonField(json, "context_length", c.context_length, context);
    readJsonField(json, "n_layer", c.n_layer, context);
    readJsonField(json, "n_head", c.n_head, context);
    readJsonField(json, "n_kv_head", c.n_kv_head, context);
    readJsonField(json, "d_model", c.d_model, context);
    readJsonField(json, "d_ff", c.d_ff, context);
    readJsonField(json, "head_dim", c.head_dim, context);
    readJsonField(json, "dropout", c.dropout, context);
    readJsonField(json, "bias", c.bias, context);
    readJsonField(json, "tie_embeddings", c.tie_embeddings, context);
    readJsonField(json, "norm_eps", c.norm_eps, context);
    readJsonField(json, "rope_theta", c.rope_theta, context);
    if (auto it = json.find("rope_scaling"); it != json.end())
        c.rope_scaling = RopeScaling::fromJson(*it, context + ".rope_scaling");
    readJsonField(json, "qkv_bias", c.qkv_bias, context);
    return c;
}

const std::vector<std::pair<std::string, std::string>>& modelConfigHelp()
{
    static const std::vector<std::pair<std::string, std::string>> help = {
        {"family", "architecture: gpt2 (learned positions, LayerNorm, GELU) or llama (RoPE, RMSNorm, SwiGLU, GQA)"},
        {"n_layer", "number of transformer blocks"},
        {"d_model", "width of the residual stream (embedding size)"},
        {"n_head", "attention heads (must divide d_model)"},
        {"n_kv_head", "key/value heads for grouped-query attention (0: as many as n_head; llama only)"},
        {"context_length", "longest sequence the model reads, in tokens"},
        {"d_ff", "hidden width of the feed-forward block (0: 4 x d_model, or the SwiGLU rule for llama)"},
        {"vocab_size", "vocabulary size (at least the tokenizer's)"},
        {"dropout", "dropout on embeddings and residual branches while training"},
        {"bias", "biases in linear layers and LayerNorm (gpt2)"},
        {"tie_embeddings", "share the input embedding with the output projection"},
        {"norm_eps", "epsilon of the normalisation layers"},
        {"rope_theta", "base of the rotary position frequencies (llama)"},
    };
    return help;
}

bool operator==(const ModelConfig& a, const ModelConfig& b)
{
    return a.toJson() == b.toJson();
}

namespace {

ModelConfig gpt2Shape(int64_t layers, int64_t d, int64_t heads, int64_t context, int64_t vocab)
{
    ModelConfig c;
    c.family = Family::Gpt2;
    c.n_layer = layers;
    c.d_model = d;
    c.n_head = heads;
    c.context_length = context;
    c.vocab_size = vocab;
    return c;
}

ModelConfig llamaShape(int64_t layers, int64_t d, int64_t heads, int64_t kvHeads, int64_t context, int64_t vocab)
{
    ModelConfig c;
    c.family = Family::Llama;
    c.n_layer = layers;
    c.d_model = d;
    c.n_head = heads;
    c.n_kv_head = kvHeads;
    c.context_length = context;
    c.vocab_size = vocab;
    c.bias = false;
    c.tie_embeddings = false;
    return c;
}

} // namespace

const std::vector<ModelPreset>& modelPresets()
{
    static const std::vector<ModelPreset> presets = {
        {"tiny", "GPT-2 style, 2 layers x 64 wide: for tests and quick checks", gpt2Shape(2, 64, 4, 64, 512)},
        {"demo", "GPT-2 style, 4 layers x 128 wide: the demo model, trains in about half a minute on two cores",
         gpt2Shape(4, 128, 4, 128, 2048)},
        {"small", "GPT-2 style, 6 layers x 384 wide, context 256 (about 10M parameters + embeddings)",
         gpt2Shape(6, 384, 6, 256, 8192)},
        {"gpt2-124m", "GPT-2 small: 12 layers x 768, context 1024, 124M parameters", gpt2Shape(12, 768, 12, 1024, 50257)},
        {"gpt2-355m", "GPT-2 medium: 24 layers x 1024, context 1024, 355M parameters",
         gpt2Shape(24, 1024, 16, 1024, 50257)},
        {"llama-tiny", "Llama style, 2 layers x 64, grouped-query attention: for tests", llamaShape(2, 64, 4, 2, 64, 512)},
        {"llama-small", "Llama style, 8 layers x 512, 8 heads sharing 4 key/value heads, context 512",
         llamaShape(8, 512, 8, 4, 512, 8192)},
    };
    return presets;
}

ModelConfig presetConfig(const std::string& name)
{
    std::string known;
    for (const auto& p : modelPresets()) {
        if (p.name == name)
            return p.config;
        known += (known.empty() ? "" : ", ") + p.name;
    }
    throw Error::inField("model.preset", "unknown preset '" + name + "' (known: " + known + ")");
}

} // namespace lw::model

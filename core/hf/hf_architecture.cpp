#include "core/hf/hf_architecture.h"

#include "core/util/error.h"

namespace lw::hf {

namespace {

using model::Family;

TensorRule rule(std::string ours, std::vector<std::string> theirs, TensorLayout layout = TensorLayout::Same,
                TensorCondition when = TensorCondition::Always)
{
    const bool perLayer = ours.find("{i}") != std::string::npos;
    return TensorRule{std::move(ours), std::move(theirs), layout, when, perLayer};
}

std::vector<TensorRule> gpt2Tensors()
{
    using L = TensorLayout;
    using C = TensorCondition;
    return {
        rule("wte.weight", {"wte.weight"}),
        rule("wpe.weight", {"wpe.weight"}),
        rule("h.{i}.ln_1.weight", {"h.{i}.ln_1.weight"}),
        rule("h.{i}.ln_1.bias", {"h.{i}.ln_1.bias"}, L::Same, C::Bias),
        rule("h.{i}.attn.c_attn.weight", {"h.{i}.attn.c_attn.weight"}, L::Transposed),
        rule("h.{i}.attn.c_attn.bias", {"h.{i}.attn.c_attn.bias"}, L::Same, C::Bias),
        rule("h.{i}.attn.c_proj.weight", {"h.{i}.attn.c_proj.weight"}, L::Transposed),
        rule("h.{i}.attn.c_proj.bias", {"h.{i}.attn.c_proj.bias"}, L::Same, C::Bias),
        rule("h.{i}.ln_2.weight", {"h.{i}.ln_2.weight"}),
        rule("h.{i}.ln_2.bias", {"h.{i}.ln_2.bias"}, L::Same, C::Bias),
        rule("h.{i}.mlp.c_fc.weight", {"h.{i}.mlp.c_fc.weight"}, L::Transposed),
        rule("h.{i}.mlp.c_fc.bias", {"h.{i}.mlp.c_fc.bias"}, L::Same, C::Bias),
        rule("h.{i}.mlp.c_proj.weight", {"h.{i}.mlp.c_proj.weight"}, L::Transposed),
        rule("h.{i}.mlp.c_proj.bias", {"h.{i}.mlp.c_proj.bias"}, L::Same, C::Bias),
        rule("ln_f.weight", {"ln_f.weight"}),
        rule("ln_f.bias", {"ln_f.bias"}, L::Same, C::Bias),
        rule("lm_head.weight", {"lm_head.weight"}, L::Same, C::Untied),
    };
}

std::vector<TensorRule> llamaTensors()
{
    using L = TensorLayout;
    using C = TensorCondition;
    const std::string a = "model.layers.{i}.self_attn.";
    const std::string m = "model.layers.{i}.mlp.";
    return {
        rule("tok_embeddings.weight", {"model.embed_tokens.weight"}),
        rule("layers.{i}.attention_norm.weight", {"model.layers.{i}.input_layernorm.weight"}),
        rule("layers.{i}.attention.wqkv.weight", {a + "q_proj.weight", a + "k_proj.weight", a + "v_proj.weight"},
             L::ConcatRows),
        rule("layers.{i}.attention.wqkv.bias", {a + "q_proj.bias", a + "k_proj.bias", a + "v_proj.bias"},
             L::ConcatRows, C::QkvBias),
        rule("layers.{i}.attention.wo.weight", {a + "o_proj.weight"}),
        rule("layers.{i}.ffn_norm.weight", {"model.layers.{i}.post_attention_layernorm.weight"}),
        rule("layers.{i}.feed_forward.w1.weight", {m + "gate_proj.weight"}),
        rule("layers.{i}.feed_forward.w3.weight", {m + "up_proj.weight"}),
        rule("layers.{i}.feed_forward.w2.weight", {m + "down_proj.weight"}),
        rule("norm.weight", {"model.norm.weight"}),
        rule("output.weight", {"lm_head.weight"}, L::Same, C::Untied),
    };
}

std::vector<HfArchitecture> buildArchitectures()
{
    const std::vector<std::string> llamaBuffers = {".rotary_emb.inv_freq"};
    return {
        {"GPT2LMHeadModel", "gpt2", Family::Gpt2, "gpt2", {"transformer.", ""}, gpt2Tensors(),
         {".attn.bias", ".attn.masked_bias"}, false},
        {"LlamaForCausalLM", "llama", Family::Llama, "llama", {""}, llamaTensors(), llamaBuffers, false},
        {"MistralForCausalLM", "mistral", Family::Llama, "llama", {""}, llamaTensors(), llamaBuffers, false},
        {"Qwen2ForCausalLM", "qwen2", Family::Llama, "qwen2", {""}, llamaTensors(), llamaBuffers, true},
    };
}

std::string knownArchitectures()
{
    std::string list;
    for (const auto& a : hfArchitectures())
        list += (list.empty() ? "" : ", ") + a.architecture;
    return list;
}

// Reading config.json values with errors that name the file and the key.
class ConfigReader {
public:
    ConfigReader(const nlohmann::json& json, std::string origin) : m_json(json), m_origin(std::move(origin)) { }

    const nlohmann::json* find(const char* key) const
    {
        auto it = m_json.find(key);
        return it == m_json.end() || it->is_null() ? nullptr : &*it;
    }
    [[noreturn]] void fail(const std::string& key, const std::string& message) const
    {
        throw Error::inFile(m_origin, "\"" + key + "\": " + message);
    }
    int64_t integer(const char* key) const
    {
        const nlohmann::json* v = find(key);
        if (!v)
            fail(key, "missing");
        if (!v->is_number_integer())
            fail(key, "expected an integer");
        return v->get<int64_t>();
    }
    int64_t integer(const char* key, int64_t fallback) const { return find(key) ? integer(key) : fallback; }
    double number(const char* key, double fallback) const
    {
        const nlohmann::json* v = find(key);
        if (!v)
            return fallback;
        if (!v->is_number())
            fail(key, "expected a number");
        return v->get<double>();
    }
    bool flag(const char* key, bool fallback) const
    {
        const nlohmann::json* v = find(key);
        if (!v)
            return fallback;
        if (!v->is_boolean())
            fail(key, "expected true or false");
        return v->get<bool>();
    }
    std::string text(const char* key, const std::string& fallback) const
    {
        const nlohmann::json* v = find(key);
        if (!v)
            return fallback;
        if (!v->is_string())
            fail(key, "expected a string");
        return v->get<std::string>();
    }

private:
    const nlohmann::json& m_json;
    std::string m_origin;
};

model::RopeScaling ropeScalingFromHf(const ConfigReader& r)
{
    model::RopeScaling scaling;
    const nlohmann::json* v = r.find("rope_scaling");
    if (!v)
        return scaling;
    if (!v->is_object())
        r.fail("rope_scaling", "expected an object or null");
    ConfigReader s(*v, "");
    std::string type = s.text("rope_type", s.text("type", "default"));
    if (type == "default")
        return scaling;
    if (type != "linear" && type != "llama3")
        r.fail("rope_scaling", "rope type '" + type + "' is not supported (default, linear and llama3 are)");
    scaling.type = type;
    scaling.factor = s.number("factor", 1.0);
    if (type == "llama3") {
        scaling.low_freq_factor = s.number("low_freq_factor", 1.0);
        scaling.high_freq_factor = s.number("high_freq_factor", 4.0);
        const nlohmann::json* original = s.find("original_max_position_embeddings");
        if (!original || !original->is_number_integer())
            r.fail("rope_scaling", "llama3 scaling needs an integer original_max_position_embeddings");
        scaling.original_context_length = original->get<int64_t>();
    }
    return scaling;
}

model::ModelConfig gpt2FromHf(const ConfigReader& r)
{
    model::ModelConfig c;
    c.family = Family::Gpt2;
    c.vocab_size = r.integer("vocab_size");
    c.context_length = r.integer("n_positions", r.integer("n_ctx", 1024));
    c.n_layer = r.integer("n_layer");
    c.n_head = r.integer("n_head");
    c.d_model = r.integer("n_embd");
    c.d_ff = r.integer("n_inner", 0);
    c.norm_eps = r.number("layer_norm_epsilon", 1e-5);
    c.tie_embeddings = r.flag("tie_word_embeddings", true);
    c.bias = true;
    const std::string activation = r.text("activation_function", "gelu_new");
    if (activation != "gelu_new" && activation != "gelu_pytorch_tanh")
        r.fail("activation_function", "'" + activation + "' is not supported (gelu_new is)");
    if (!r.flag("scale_attn_weights", true))
        r.fail("scale_attn_weights", "unscaled attention is not supported");
    if (r.flag("scale_attn_by_inverse_layer_idx", false))
        r.fail("scale_attn_by_inverse_layer_idx", "is not supported");
    return c;
}

model::ModelConfig llamaFromHf(const ConfigReader& r, const HfArchitecture& a, std::vector<std::string>* notes)
{
    model::ModelConfig c;
    c.family = Family::Llama;
    c.bias = false;
    c.vocab_size = r.integer("vocab_size");
    c.context_length = r.integer("max_position_embeddings");
    c.n_layer = r.integer("num_hidden_layers");
    c.n_head = r.integer("num_attention_heads");
    c.n_kv_head = r.integer("num_key_value_heads", c.n_head);
    c.d_model = r.integer("hidden_size");
    c.d_ff = r.integer("intermediate_size");
    c.norm_eps = r.number("rms_norm_eps", 1e-6);
    c.rope_theta = r.number("rope_theta", 10000.0);
    c.rope_scaling = ropeScalingFromHf(r);
    c.tie_embeddings = r.flag("tie_word_embeddings", false);
    c.qkv_bias = a.qkvBias;
    const std::string activation = r.text("hidden_act", "silu");
    if (activation != "silu")
        r.fail("hidden_act", "'" + activation + "' is not supported (silu is)");
    if (r.flag("attention_bias", false))
        r.fail("attention_bias", "biases on every attention projection are not supported");
    if (r.flag("mlp_bias", false))
        r.fail("mlp_bias", "biases in the MLP are not supported");
    // Mistral-Nemo's heads are narrower than hidden_size / num_attention_heads: the
    // attention's width is then num_attention_heads * head_dim.
    c.head_dim = r.integer("head_dim", 0);
    if (r.find("head_dim") && c.head_dim <= 0)
        r.fail("head_dim", "must be positive");
    if (r.flag("use_sliding_window", false))
        r.fail("use_sliding_window", "sliding-window attention is not supported");
    if (a.modelType == "mistral") {
        const int64_t window = r.integer("sliding_window", 0);
        if (window > 0 && window < c.context_length) {
            // Within the window, sliding-window attention is plain causal attention.
            if (notes)
                notes->push_back("context limited to the sliding window of " + std::to_string(window) +
                                 " tokens (max_position_embeddings is " + std::to_string(c.context_length) + ")");
            c.context_length = window;
        }
    }
    return c;
}

} // namespace

const std::vector<HfArchitecture>& hfArchitectures()
{
    static const std::vector<HfArchitecture> all = buildArchitectures();
    return all;
}

const HfArchitecture& architectureOf(const nlohmann::json& config, const std::string& origin)
{
    if (!config.is_object())
        throw Error::inFile(origin, "expected a JSON object");
    if (auto it = config.find("architectures"); it != config.end() && it->is_array() && !it->empty()) {
        const nlohmann::json& first = it->front();
        if (!first.is_string())
            throw Error::inFile(origin, "\"architectures\": expected a list of strings");
        for (const auto& a : hfArchitectures())
            if (a.architecture == first.get<std::string>())
                return a;
        throw Error::inFile(origin, "architecture '" + first.get<std::string>() +
                                        "' is not supported (supported: " + knownArchitectures() + ")");
    }
    if (auto it = config.find("model_type"); it != config.end() && it->is_string()) {
        for (const auto& a : hfArchitectures())
            if (a.modelType == it->get<std::string>())
                return a;
        throw Error::inFile(origin, "model_type '" + it->get<std::string>() +
                                        "' is not supported (supported: " + knownArchitectures() + ")");
    }
    throw Error::inFile(origin, "names no architecture (neither \"architectures\" nor \"model_type\")");
}

const HfArchitecture& architectureForExport(const model::ModelConfig& config)
{
    const char* name = config.family == Family::Gpt2 ? "GPT2LMHeadModel"
                       : config.qkv_bias             ? "Qwen2ForCausalLM"
                                                     : "LlamaForCausalLM";
    for (const auto& a : hfArchitectures())
        if (a.architecture == name)
            return a;
    throw Error(std::string("no architecture entry for ") + name);
}

model::ModelConfig modelConfigFromHf(const nlohmann::json& config, const HfArchitecture& architecture,
                                     const std::string& origin, std::vector<std::string>* notes)
{
    ConfigReader reader(config, origin);
    model::ModelConfig c = architecture.family == Family::Gpt2 ? gpt2FromHf(reader)
                                                               : llamaFromHf(reader, architecture, notes);
    try {
        c.validate();
    } catch (const Error& e) {
        throw Error::inFile(origin, std::string("describes a model we cannot build: ") + e.what());
    }
    return c;
}

nlohmann::json hfConfigFromModel(const model::ModelConfig& c, const HfArchitecture& a, const std::string& torchDtype,
                                 int64_t bosId, int64_t eosId)
{
    nlohmann::json j;
    j["architectures"] = {a.architecture};
    j["model_type"] = a.modelType;
    j["vocab_size"] = c.vocab_size;
    j["torch_dtype"] = torchDtype;
    j["tie_word_embeddings"] = c.tie_embeddings;
    if (bosId >= 0)
        j["bos_token_id"] = bosId;
    if (eosId >= 0)
        j["eos_token_id"] = eosId;
    if (c.family == Family::Gpt2) {
        if (c.hasOwnHeadDim())
            throw Error::inField("head_dim", "GPT-2's config.json cannot state heads of " + std::to_string(c.head_dim) +
                                                 " (it implies n_embd / n_head: " + std::to_string(c.d_model) + " / " +
                                                 std::to_string(c.n_head) + "); export this model as GGUF instead");
        j["n_positions"] = c.context_length;
        j["n_ctx"] = c.context_length;
        j["n_layer"] = c.n_layer;
        j["n_head"] = c.n_head;
        j["n_embd"] = c.d_model;
        j["n_inner"] = c.d_ff > 0 ? nlohmann::json(c.d_ff) : nlohmann::json(nullptr);
        j["layer_norm_epsilon"] = c.norm_eps;
        j["activation_function"] = "gelu_new";
        j["resid_pdrop"] = 0.0;
        j["embd_pdrop"] = 0.0;
        j["attn_pdrop"] = 0.0;
        j["scale_attn_weights"] = true;
        return j;
    }
    j["max_position_embeddings"] = c.context_length;
    j["num_hidden_layers"] = c.n_layer;
    j["num_attention_heads"] = c.n_head;
    j["num_key_value_heads"] = c.kvHeads();
    j["hidden_size"] = c.d_model;
    j["intermediate_size"] = c.ffDim();
    j["rms_norm_eps"] = c.norm_eps;
    j["rope_theta"] = c.rope_theta;
    j["hidden_act"] = "silu";
    j["attention_dropout"] = 0.0;
    if (a.modelType == "llama") {
        j["attention_bias"] = false;
        j["mlp_bias"] = false;
        j["head_dim"] = c.headDim();
    } else if (c.hasOwnHeadDim()) {
        j["head_dim"] = c.headDim(); // read by transformers when it differs from hidden_size / heads
    }
    if (a.modelType == "qwen2")
        j["use_sliding_window"] = false;
    const model::RopeScaling& s = c.rope_scaling;
    if (s.type == "none") {
        j["rope_scaling"] = nullptr;
    } else if (s.type == "linear") {
        j["rope_scaling"] = {{"rope_type", "linear"}, {"factor", s.factor}};
    } else {
        j["rope_scaling"] = {{"rope_type", "llama3"},
                             {"factor", s.factor},
                             {"low_freq_factor", s.low_freq_factor},
                             {"high_freq_factor", s.high_freq_factor},
                             {"original_max_position_embeddings", s.original_context_length}};
    }
    return j;
}

std::vector<ExpandedRule> expandTensorRules(const HfArchitecture& a, const model::ModelConfig& c)
{
    auto applies = [&](TensorCondition when) {
        switch (when) {
        case TensorCondition::Always:
            return true;
        case TensorCondition::Bias:
            return c.bias;
        case TensorCondition::QkvBias:
            return c.qkv_bias;
        case TensorCondition::Untied:
            return !c.tie_embeddings;
        }
        return false;
    };
    auto substitute = [](std::string name, int64_t layer) {
        const std::string index = std::to_string(layer);
        for (size_t at = name.find("{i}"); at != std::string::npos; at = name.find("{i}", at + index.size()))
            name.replace(at, 3, index);
        return name;
    };
    std::vector<ExpandedRule> out;
    for (int64_t layer = -1; layer < c.n_layer; ++layer)
        for (const TensorRule& r : a.tensors) {
            if (r.perLayer != (layer >= 0) || !applies(r.when))
                continue;
            ExpandedRule e{substitute(r.ours, layer), {}, r.layout};
            for (const std::string& t : r.theirs)
                e.theirs.push_back(substitute(t, layer));
            out.push_back(std::move(e));
        }
    return out;
}

bool isIgnoredTensor(const HfArchitecture& a, const std::string& name)
{
    for (const std::string& suffix : a.ignoredSuffixes)
        if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
            return true;
    return false;
}

} // namespace lw::hf

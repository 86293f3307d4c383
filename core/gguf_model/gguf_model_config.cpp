#include "core/gguf_model/gguf_model_config.h"

#include "core/model/rotary.h"
#include "core/util/error.h"

#include <cmath>

namespace lw::gguf_model {

namespace {

using gguf::GgufValue;
using gguf::GgufValueType;

// Reads keys of one file; integers of any width and floats of either width are taken,
// as llama.cpp's loader converts them.
class KeyReader {
public:
    KeyReader(const gguf::GgufFile& file, std::string prefix) : m_file(file), m_prefix(std::move(prefix)) { }

    bool has(const std::string& key) const { return m_file.has(m_prefix + key); }
    [[noreturn]] void fail(const std::string& key, const std::string& message) const
    {
        throw Error::inFile(m_file.path(), "key '" + m_prefix + key + "': " + message);
    }
    int64_t integer(const std::string& key) const
    {
        const GgufValue* v = m_file.find(m_prefix + key);
        if (!v)
            fail(key, "missing");
        const std::string where = m_file.path() + ": key '" + m_prefix + key + "'";
        int64_t out = 0;
        switch (v->type()) {
        case GgufValueType::U8: out = v->as<uint8_t>(where); break;
        case GgufValueType::I8: out = v->as<int8_t>(where); break;
        case GgufValueType::U16: out = v->as<uint16_t>(where); break;
        case GgufValueType::I16: out = v->as<int16_t>(where); break;
        case GgufValueType::U32: out = v->as<uint32_t>(where); break;
        case GgufValueType::I32: out = v->as<int32_t>(where); break;
        case GgufValueType::I64: out = v->as<int64_t>(where); break;
        case GgufValueType::U64: {
            const uint64_t u = v->as<uint64_t>(where);
            if (u > uint64_t(INT64_MAX))
                fail(key, "value out of range");
            out = int64_t(u);
            break;
        }
        default:
            fail(key, "is " + v->typeName() + ", expected an integer");
        }
        if (out < 0)
            fail(key, "must not be negative");
        return out;
    }
    int64_t integer(const std::string& key, int64_t fallback) const { return has(key) ? integer(key) : fallback; }
    double number(const std::string& key, double fallback) const
    {
        const GgufValue* v = m_file.find(m_prefix + key);
        if (!v)
            return fallback;
        const std::string where = m_file.path() + ": key '" + m_prefix + key + "'";
        if (v->type() == GgufValueType::F32)
            return v->as<float>(where);
        if (v->type() == GgufValueType::F64)
            return v->as<double>(where);
        fail(key, "is " + v->typeName() + ", expected f32");
    }
    std::string text(const std::string& key, const std::string& fallback) const
    {
        const GgufValue* v = m_file.find(m_prefix + key);
        return v ? v->as<std::string>(m_file.path() + ": key '" + m_prefix + key + "'") : fallback;
    }

private:
    const gguf::GgufFile& m_file;
    std::string m_prefix;
};

// Llama 3 scaling parameters that give exactly the factors of the rope_freqs tensor.
// The factors fix only the ratios original/low and original/high, so `original` comes
// from the metadata when given and otherwise is Llama 3.1's 8192.
model::RopeScaling llama3ScalingFromFactors(const gguf::GgufFile& file, const KeyReader& r,
                                            model::ModelConfig config)
{
    const gguf::GgufTensorInfo& t = file.tensor("rope_freqs.weight");
    const int64_t half = config.headDim() / 2;
    if (t.dims.size() != 1 || int64_t(t.dims[0]) != half)
        throw Error::inFile(file.path(), "tensor 'rope_freqs.weight': expected " + std::to_string(half) +
                                             " values (head_dim / 2)");
    const std::vector<float> factors = file.dequantizeTensor(t);
    model::RopeScaling s;
    s.type = "llama3";
    s.factor = 1.0;
    for (float f : factors)
        s.factor = std::max(s.factor, double(f));
    s.original_context_length = r.integer("rope.scaling.original_context_length", 8192);
    config.rope_scaling = model::RopeScaling{};
    const std::vector<double> plain = model::ropeInverseFrequencies(config);
    // Blended entries satisfy 1/f = (1 - smooth)/factor + smooth with smooth linear in
    // original/wavelength: two of them give low_freq_factor and high_freq_factor.
    constexpr double kPi = 3.14159265358979323846;
    std::vector<std::pair<double, double>> blended; // (original / wavelength, smooth)
    for (int64_t i = 0; i < half; ++i) {
        const double f = factors[size_t(i)];
        if (f > 1.0 + 1e-6 && f < s.factor - 1e-6 * s.factor)
            blended.emplace_back(double(s.original_context_length) * plain[size_t(i)] / (2 * kPi),
                                 (1.0 / f - 1.0 / s.factor) / (1.0 - 1.0 / s.factor));
    }
    if (blended.size() >= 2 && blended.front().second != blended.back().second) {
        const auto& [x0, s0] = blended.front();
        const auto& [x1, s1] = blended.back();
        const double width = (x0 - x1) / (s0 - s1);
        s.low_freq_factor = x0 - s0 * width;
        s.high_freq_factor = s.low_freq_factor + width;
    }
    config.rope_scaling = s;
    const std::vector<double> scaled = model::ropeInverseFrequencies(config);
    for (int64_t i = 0; i < half; ++i) {
        const double ours = plain[size_t(i)] / scaled[size_t(i)];
        if (std::abs(ours - factors[size_t(i)]) > 1e-4 * std::max(1.0, ours))
            throw Error::inFile(file.path(), "tensor 'rope_freqs.weight': value " + std::to_string(i) + " (" +
                                                 std::to_string(factors[size_t(i)]) +
                                                 ") does not follow Llama 3's rope scaling rule");
    }
    return s;
}

int64_t rowsOf(const gguf::GgufFile& file, const std::string& name)
{
    const gguf::GgufTensorInfo& t = file.tensor(name);
    if (t.dims.size() != 2)
        throw Error::inFile(file.path(), "tensor '" + name + "': expected 2 dims");
    return int64_t(t.dims[1]);
}

// attention.key_length and value_length (llama.cpp's n_embd_head_k and _v) state the
// head width when it is not embedding_length / head_count; we build heads whose keys
// and values are equally wide. 0 (d_model / n_head) when the keys give the implied width.
int64_t headDimFromKeys(const KeyReader& r, const model::ModelConfig& c)
{
    if (c.n_head <= 0)
        return 0; // validate() refuses the head count
    const bool divisible = c.d_model % c.n_head == 0;
    const int64_t implied = divisible ? c.d_model / c.n_head : 0;
    if (!r.has("attention.key_length") && !divisible)
        r.fail("attention.key_length", "missing, and embedding_length is not a multiple of attention.head_count");
    const int64_t keys = r.integer("attention.key_length", implied);
    const int64_t values = r.integer("attention.value_length", implied);
    if (keys == 0)
        r.fail("attention.key_length", "must be positive");
    if (values != keys)
        r.fail("attention.value_length", std::to_string(values) + " differs from attention.key_length " +
                                             std::to_string(keys) +
                                             " (heads with unequal key and value widths are not supported)");
    return keys == implied ? 0 : keys;
}

} // namespace

model::ModelConfig modelConfigFromGguf(const gguf::GgufFile& file)
{
    const std::string arch = file.get<std::string>("general.architecture");
    if (arch != "llama" && arch != "qwen2" && arch != "gpt2")
        throw Error::inFile(file.path(), "key 'general.architecture': '" + arch +
                                             "' is not supported (supported: llama, qwen2, gpt2)");
    KeyReader r(file, arch + ".");
    model::ModelConfig c;
    c.dropout = 0.0;
    c.context_length = r.integer("context_length");
    c.d_model = r.integer("embedding_length");
    c.n_layer = r.integer("block_count");
    c.d_ff = r.integer("feed_forward_length");
    c.n_head = r.integer("attention.head_count");
    c.head_dim = headDimFromKeys(r, c);
    c.vocab_size = rowsOf(file, "token_embd.weight");
    c.tie_embeddings = file.findTensor("output.weight") == nullptr;
    if (arch == "gpt2") {
        c.family = model::Family::Gpt2;
        c.bias = true;
        c.n_kv_head = 0;
        if (r.integer("attention.head_count_kv", c.n_head) != c.n_head)
            r.fail("attention.head_count_kv", "GPT-2 has no grouped-query attention");
        if (!r.has("attention.layer_norm_epsilon"))
            r.fail("attention.layer_norm_epsilon", "missing");
        c.norm_eps = r.number("attention.layer_norm_epsilon", 1e-5);
    } else {
        c.family = model::Family::Llama;
        c.bias = false;
        c.qkv_bias = arch == "qwen2";
        c.n_kv_head = r.integer("attention.head_count_kv", c.n_head);
        if (!r.has("attention.layer_norm_rms_epsilon"))
            r.fail("attention.layer_norm_rms_epsilon", "missing");
        c.norm_eps = r.number("attention.layer_norm_rms_epsilon", 1e-6);
        c.rope_theta = r.number("rope.freq_base", 10000.0);
        if (c.n_head > 0 && r.integer("rope.dimension_count", c.headDim()) != c.headDim())
            r.fail("rope.dimension_count", "partial rotary embeddings are not supported");
        const std::string scaling = r.text("rope.scaling.type", "none");
        if (scaling == "linear") {
            c.rope_scaling.type = "linear";
            c.rope_scaling.factor = r.number("rope.scaling.factor", 1.0);
        } else if (scaling != "none") {
            r.fail("rope.scaling.type", "'" + scaling + "' is not supported (none and linear are)");
        }
        if (file.findTensor("rope_freqs.weight")) {
            if (c.rope_scaling.type != "none")
                r.fail("rope.scaling.type", "rope_freqs and another scaling together are not supported");
            c.rope_scaling = llama3ScalingFromFactors(file, r, c);
        }
    }
    try {
        c.validate();
    } catch (const Error& e) {
        throw Error::inFile(file.path(), std::string("describes a model we cannot build: ") + e.what());
    }
    return c;
}

std::vector<std::pair<std::string, gguf::GgufValue>> ggufModelMetadata(const model::ModelConfig& c,
                                                                       const std::string& arch)
{
    auto u32 = [](int64_t v) { return GgufValue::u32(uint32_t(v)); };
    std::vector<std::pair<std::string, GgufValue>> out;
    const std::string p = arch + ".";
    out.emplace_back(p + "context_length", u32(c.context_length));
    out.emplace_back(p + "embedding_length", u32(c.d_model));
    out.emplace_back(p + "block_count", u32(c.n_layer));
    out.emplace_back(p + "feed_forward_length", u32(c.ffDim()));
    out.emplace_back(p + "attention.head_count", u32(c.n_head));
    if (c.hasOwnHeadDim()) {
        out.emplace_back(p + "attention.key_length", u32(c.headDim()));
        out.emplace_back(p + "attention.value_length", u32(c.headDim()));
    }
    if (c.family == model::Family::Gpt2) {
        out.emplace_back(p + "attention.layer_norm_epsilon", GgufValue::f32(float(c.norm_eps)));
        return out;
    }
    out.emplace_back(p + "attention.head_count_kv", u32(c.kvHeads()));
    out.emplace_back(p + "rope.freq_base", GgufValue::f32(float(c.rope_theta)));
    out.emplace_back(p + "attention.layer_norm_rms_epsilon", GgufValue::f32(float(c.norm_eps)));
    out.emplace_back(p + "rope.dimension_count", u32(c.headDim()));
    if (c.rope_scaling.type == "linear") {
        out.emplace_back(p + "rope.scaling.type", GgufValue::string("linear"));
        out.emplace_back(p + "rope.scaling.factor", GgufValue::f32(float(c.rope_scaling.factor)));
    } else if (c.rope_scaling.type == "llama3") {
        out.emplace_back(p + "rope.scaling.original_context_length", u32(c.rope_scaling.original_context_length));
    }
    return out;
}

std::vector<float> llama3RopeFactors(const model::ModelConfig& config)
{
    model::ModelConfig plainConfig = config;
    plainConfig.rope_scaling = model::RopeScaling{};
    const std::vector<double> plain = model::ropeInverseFrequencies(plainConfig);
    const std::vector<double> scaled = model::ropeInverseFrequencies(config);
    std::vector<float> out(plain.size());
    for (size_t i = 0; i < plain.size(); ++i)
        out[i] = float(plain[i] / scaled[i]);
    return out;
}

} // namespace lw::gguf_model

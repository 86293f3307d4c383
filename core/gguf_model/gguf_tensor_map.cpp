#include "core/gguf_model/gguf_tensor_map.h"

#include "core/util/error.h"

namespace lw::gguf_model {

namespace {

void addLinear(std::vector<GgufTensorPart>& out, const std::string& gguf, const std::string& ours, bool bias)
{
    out.push_back({gguf + ".weight", ours + ".weight"});
    if (bias)
        out.push_back({gguf + ".bias", ours + ".bias"});
}

std::vector<GgufTensorPart> gpt2Parts(const model::ModelConfig& c)
{
    std::vector<GgufTensorPart> out{{"token_embd.weight", "wte.weight"}, {"position_embd.weight", "wpe.weight"}};
    for (int64_t i = 0; i < c.n_layer; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".", h = "h." + std::to_string(i) + ".";
        addLinear(out, b + "attn_norm", h + "ln_1", c.bias);
        addLinear(out, b + "attn_qkv", h + "attn.c_attn", c.bias);
        addLinear(out, b + "attn_output", h + "attn.c_proj", c.bias);
        addLinear(out, b + "ffn_norm", h + "ln_2", c.bias);
        addLinear(out, b + "ffn_up", h + "mlp.c_fc", c.bias);
        addLinear(out, b + "ffn_down", h + "mlp.c_proj", c.bias);
    }
    addLinear(out, "output_norm", "ln_f", c.bias);
    if (!c.tie_embeddings)
        out.push_back({"output.weight", "lm_head.weight"});
    return out;
}

std::vector<GgufTensorPart> llamaParts(const model::ModelConfig& c, bool interleavedRotary)
{
    const int64_t q = c.queryWidth(), kv = c.kvWidth();
    std::vector<GgufTensorPart> out{{"token_embd.weight", "tok_embeddings.weight"}};
    for (int64_t i = 0; i < c.n_layer; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".", l = "layers." + std::to_string(i) + ".";
        out.push_back({b + "attn_norm.weight", l + "attention_norm.weight"});
        const std::string wqkv = l + "attention.wqkv.";
        const std::vector<std::string> suffixes = c.qkv_bias ? std::vector<std::string>{"weight", "bias"}
                                                             : std::vector<std::string>{"weight"};
        for (const std::string& s : suffixes) {
            out.push_back({b + "attn_q." + s, wqkv + s, 0, q, interleavedRotary ? c.n_head : 0});
            out.push_back({b + "attn_k." + s, wqkv + s, q, kv, interleavedRotary ? c.kvHeads() : 0});
            out.push_back({b + "attn_v." + s, wqkv + s, q + kv, kv, 0});
        }
        out.push_back({b + "attn_output.weight", l + "attention.wo.weight"});
        out.push_back({b + "ffn_norm.weight", l + "ffn_norm.weight"});
        out.push_back({b + "ffn_gate.weight", l + "feed_forward.w1.weight"});
        out.push_back({b + "ffn_up.weight", l + "feed_forward.w3.weight"});
        out.push_back({b + "ffn_down.weight", l + "feed_forward.w2.weight"});
    }
    out.push_back({"output_norm.weight", "norm.weight"});
    if (!c.tie_embeddings)
        out.push_back({"output.weight", "output.weight"});
    return out;
}

} // namespace

std::vector<GgufTensorPart> ggufTensorParts(const model::ModelConfig& c, const std::string& architecture)
{
    if (architecture == "gpt2") {
        if (c.family != model::Family::Gpt2)
            throw Error::inField("general.architecture", "gpt2 holds GPT-2 family models only");
        return gpt2Parts(c);
    }
    if (architecture != "llama" && architecture != "qwen2")
        throw Error::inField("general.architecture",
                             "'" + architecture + "' is not supported (supported: llama, qwen2, gpt2)");
    if (c.family != model::Family::Llama)
        throw Error::inField("general.architecture", architecture + " holds Llama family models only");
    if (architecture == "llama" && c.qkv_bias)
        throw Error::inField("general.architecture", "llama has no q/k/v biases (qwen2 does)");
    return llamaParts(c, architecture == "llama");
}

std::string ggufArchitectureFor(const model::ModelConfig& c)
{
    if (c.family == model::Family::Gpt2)
        return "gpt2";
    return c.qkv_bias ? "qwen2" : "llama";
}

int64_t rotaryRowSource(int64_t row, int64_t heads, int64_t rows, bool toInterleaved)
{
    const int64_t headDim = rows / heads, half = headDim / 2;
    const int64_t head = row / headDim, within = row % headDim;
    if (toInterleaved) // row h*headDim + 2j + t comes from h*headDim + t*half + j
        return head * headDim + (within % 2) * half + within / 2;
    // row h*headDim + t*half + j comes from h*headDim + 2j + t
    return head * headDim + 2 * (within % half) + within / half;
}

void permuteRotaryRows(const float* in, float* out, int64_t heads, int64_t rows, int64_t cols, bool toInterleaved)
{
    for (int64_t row = 0; row < rows; ++row) {
        const int64_t from = rotaryRowSource(row, heads, rows, toInterleaved);
        std::copy(in + from * cols, in + (from + 1) * cols, out + row * cols);
    }
}

} // namespace lw::gguf_model

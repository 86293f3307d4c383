#include "app/cli/bench_shape.h"

#include "core/util/error.h"

namespace lw::cli {

void BenchShape::addFlags(CLI::App* cmd)
{
    cmd->add_option("--family", family, "gpt2 or llama")->check(CLI::IsMember({"gpt2", "llama"}))->capture_default_str();
    cmd->add_option("--n-layer", nLayer, "Transformer blocks")->capture_default_str();
    cmd->add_option("--d-model", dModel, "Model width")->capture_default_str();
    cmd->add_option("--n-head", nHead, "Attention heads")->capture_default_str();
    cmd->add_option("--n-kv-head", nKvHead, "Key/value heads (llama; 0: n-head)")->capture_default_str();
    cmd->add_option("--head-dim", headDim, "Width of one head (0: d-model / n-head; a pruned model's heads)")
        ->capture_default_str();
    cmd->add_option("--context", context, "Context length")->capture_default_str();
    cmd->add_option("--vocab", vocab, "Vocabulary size")->capture_default_str();
}

model::ModelConfig BenchShape::config() const
{
    model::ModelConfig c;
    c.family = model::familyFromName(family);
    c.n_layer = nLayer;
    c.d_model = dModel;
    c.n_head = nHead;
    c.n_kv_head = nKvHead;
    c.head_dim = headDim;
    c.context_length = context;
    c.vocab_size = vocab;
    if (c.family == model::Family::Llama) {
        c.bias = false;
        c.tie_embeddings = false;
    }
    return c;
}

model::ModelConfig namedBenchShape(const std::string& name)
{
    if (name != "llama-124m") {
        try {
            return model::presetConfig(name);
        } catch (const Error& e) {
            throw Error::inField("shape", std::string(e.what()) + "; or llama-124m");
        }
    }
    model::ModelConfig c;
    c.family = model::Family::Llama;
    c.n_layer = 12;
    c.d_model = 768;
    c.n_head = 12;
    c.d_ff = 2048;
    c.context_length = 1024;
    c.vocab_size = 50257; // GPT-2's tokenizer, so the same rows feed both families
    c.bias = false;
    c.tie_embeddings = true;
    return c;
}

} // namespace lw::cli

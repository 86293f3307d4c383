#pragma once
// The model shape the `bench` subcommands build with random weights: the same flags,
// defaults per command, and the same mapping to a ModelConfig.
#include "core/model/model_config.h"

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

namespace lw::cli {

struct BenchShape {
    std::string family = "gpt2";
    int64_t nLayer = 0, dModel = 0, nHead = 0, nKvHead = 0, context = 0, vocab = 0;
    int64_t headDim = 0; // after vocab: commands list the fields above in order

    // --family, --n-layer, --d-model, --n-head, --n-kv-head, --head-dim, --context, --vocab.
    void addFlags(CLI::App* cmd);
    // A Llama-family shape gets Llama's defaults (no biases, untied output).
    model::ModelConfig config() const;
};

// A named shape for `--shape`: the model presets (gpt2-124m, ...) and llama-124m, a
// Llama-family model of GPT-2 small's size (12 x 768, SwiGLU 2048, tied 50257-token
// embeddings: 124M parameters). lw::Error listing the names otherwise.
model::ModelConfig namedBenchShape(const std::string& name);

} // namespace lw::cli

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

    // --family, --n-layer, --d-model, --n-head, --n-kv-head, --context, --vocab.
    void addFlags(CLI::App* cmd);
    // A Llama-family shape gets Llama's defaults (no biases, untied output).
    model::ModelConfig config() const;
};

} // namespace lw::cli

#pragma once
// A model's hyper-parameters as llama.cpp's "<arch>.*" metadata keys, both ways.
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_value.h"
#include "core/model/model_config.h"

#include <string>
#include <utility>
#include <vector>

namespace lw::gguf_model {

// The config of the model a GGUF file holds (general.architecture llama, qwen2 or
// gpt2). Vocabulary size and tied embeddings come from the tensors (token_embd's rows,
// whether "output.weight" exists); Llama 3 rope scaling from the rope_freqs tensor.
// lw::Error naming the file and key for a missing key, a wrong type or a setting we
// do not implement.
model::ModelConfig modelConfigFromGguf(const gguf::GgufFile& file);

// The "<arch>.*" keys llama.cpp reads for a model of `config`, with the types it expects
// (u32 counts, f32 epsilons and frequency base).
std::vector<std::pair<std::string, gguf::GgufValue>> ggufModelMetadata(const model::ModelConfig& config,
                                                                       const std::string& architecture);

// llama.cpp's rope_freqs tensor for Llama 3 scaling: per frequency, how much slower it
// turns than without scaling (1 for short wavelengths, `factor` for long ones).
std::vector<float> llama3RopeFactors(const model::ModelConfig& config);

} // namespace lw::gguf_model

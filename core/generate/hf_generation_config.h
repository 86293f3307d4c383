#pragma once
// Generation defaults of a Hugging Face model folder (generation_config.json), mapped
// onto our SamplerSettings:
//   temperature, top_p, top_k, repetition_penalty -> the fields of the same name
//   max_new_tokens                                -> max_tokens
//   do_sample: false                              -> temperature 0 (greedy)
// A field that is absent or null keeps the value of `base`. transformers decodes
// greedily when do_sample is absent too; we keep base then, because files without it
// mostly record only token ids and the sampling settings the user chose should stand.
// max_length (prompt and answer together) has no counterpart and is not read.
#include "core/generate/sampler_settings.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lw::generate {

// No generation_config.json: `base` unchanged. lw::Error naming the file and the field
// for a wrong type or a value SamplerSettings refuses.
SamplerSettings generationDefaultsFromHfFolder(const std::string& folder, SamplerSettings base);

// The token ids that end an answer: generation_config.json's eos_token_id (an int or a
// list), else config.json's; empty when neither has one. SamplerSettings has no field
// for them yet: the decoders stop at one id (GenerationRequest::endOfText, or the
// tokenizer's eos); a model with several (Llama 3's <|end_of_text|> and <|eot_id|>)
// needs a list there.
std::vector<int32_t> eosTokenIdsFromHfFolder(const std::string& folder);

} // namespace lw::generate

#pragma once
// Reading a tokenizer.json into an HfTokenizerSpec, with every field's type checked and
// errors that name the file and the JSON field ("tokenizer.json: model.merges[12]: ...").
// Steps of kinds we do not implement are refused by name, never skipped.
#include "core/tokenizer/hf_tokenizer_spec.h"

#include <nlohmann/json.hpp>
#include <string>

namespace lw::tokenizer {

// tokenizer.json, plus bos/eos/add_bos_token from tokenizer_config.json in the same
// folder when that file exists.
HfTokenizerSpec readTokenizerJson(const std::string& path);

// The parsed document; errors are lw::Error::inField (the caller adds the file).
HfTokenizerSpec parseTokenizerJson(const nlohmann::json& root);

// bos_token / eos_token (strings or {"content": ...}) and add_bos_token of a parsed
// tokenizer_config.json, into `spec`.
void applyTokenizerConfig(const nlohmann::json& config, HfTokenizerSpec& spec);

} // namespace lw::tokenizer

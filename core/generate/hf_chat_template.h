#pragma once
// The chat template of a Hugging Face model folder, as transformers finds it:
// chat_template.jinja when the folder has one (newer transformers save it there), else
// tokenizer_config.json "chat_template", a string or a list of {"name", "template"}
// from which "default" (or the name asked for) is taken. bos_token and eos_token come
// from tokenizer_config.json (strings or {"content": ...}); the stop strings are derived
// with deriveJinjaStopStrings against the special tokens of tokenizer.json and
// tokenizer_config.json's added_tokens_decoder.
#include "core/generate/chat_template.h"
#include "core/util/error.h"

#include <string>

namespace lw::generate {

// The folder has no chat template: the caller asks the user to choose one.
class NoChatTemplateError : public Error {
public:
    using Error::Error;
};

// Throws NoChatTemplateError naming the folder when it has no template, and lw::Error
// naming the file (and for Jinja, the line and column) when one does not parse.
ChatTemplate chatTemplateFromHfFolder(const std::string& folder, const std::string& templateName = "");

} // namespace lw::generate

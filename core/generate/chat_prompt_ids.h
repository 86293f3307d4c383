#pragma once
// The token ids of a chat prompt, with one BOS at most.
//
// The BOS rule: a tokenizer that puts BOS before plain text (HfTokenizer::addsBosToken)
// puts it before a chat prompt too, unless the template already wrote it
// (ChatTemplate::templateAddsBos: a placeholder template's `bos`, or a Jinja template
// that writes bos_token at the start, as Llama and Mistral templates do). A prompt that
// starts with the BOS text is encoded with special tokens allowed, so that text becomes
// the BOS id; adding the tokenizer's BOS as well would give the model two, which it never
// saw in training. Templates without BOS on tokenizers without one (Qwen, SmolLM) get none.
#include "core/generate/chat_template.h"
#include "core/tokenizer/hf_tokenizer.h"

#include <cstdint>
#include <vector>

namespace lw::generate {

bool prependTokenizerBos(const ChatTemplate& chatTemplate, bool tokenizerAddsBos);

// render(messages, addGenerationPrompt) encoded, after the BOS the rule asks for.
std::vector<int32_t> chatPromptIds(const ChatTemplate& chatTemplate, const std::vector<ChatMessage>& messages,
                                   const tokenizer::HfTokenizer& tokenizer, bool addGenerationPrompt = true);

} // namespace lw::generate

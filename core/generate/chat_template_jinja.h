#pragma once
// The Jinja form of ChatTemplate: rendering a conversation with a Hugging Face chat
// template, and finding in the result what the placeholder form knows by construction
// (the assistant's spans, the generation prompt, the end-of-turn marker).
//
// Assistant spans (what a fine-tune learns from), in this order of preference:
//   1. The template marks them with {% generation %} ... {% endgeneration %}: the text
//      rendered inside those blocks, as transformers' return_assistant_tokens_mask takes it.
//   2. Otherwise, by rendering prefixes of the conversation, as TRL splits a conversation
//      into prompt and completion: with P(i) the render of the first i messages and
//      G(i) the same with add_generation_prompt=true, assistant message i's span is
//      P(i+1) minus G(i) when G(i) is a prefix of P(i+1) (its content and end marker,
//      without the cue), else P(i+1) minus P(i).
// Message boundaries come from the same prefixes: P(i) must be a prefix of P(i+1), or
// the template renders earlier turns differently once later ones exist (it moves the
// system message, or drops old reasoning). Such a template is an error for rule 2 and
// gets unnamed boundaries under rule 1. A render of no messages that fails (templates
// that read messages[0]) counts as empty text.
#include "core/generate/chat_template.h"

#include <string>
#include <vector>

namespace lw::generate {

// These take a template whose isJinja() is true.
std::string renderJinjaChat(const ChatTemplate& chatTemplate, const std::vector<ChatMessage>& messages,
                            bool addGenerationPrompt);
std::vector<ChatSegment> renderJinjaChatSegments(const ChatTemplate& chatTemplate,
                                                 const std::vector<ChatMessage>& messages, bool addGenerationPrompt);
// What add_generation_prompt=true adds after a conversation of one user message.
std::string jinjaGenerationPrompt(const ChatTemplate& chatTemplate);
// Whether a one-message render starts with bos_token (when it is not empty).
bool jinjaWritesBos(const ChatTemplate& chatTemplate);
// lw::Error "<context>.jinja: line L, column C: ..." when the source does not parse.
void validateJinjaChat(const ChatTemplate& chatTemplate, const std::string& context);

// The stop strings generation needs: the eos_token, and the end-of-turn marker the
// template writes after an assistant's answer (the text following the content of a
// rendered assistant message, trimmed of white space) when that marker is one of
// `specialTokens` (so a family's "<|im_end|>" or "<|eot_id|>" is found without a table
// of families, and plain text such as "\n\n" is never taken). No duplicates.
std::vector<std::string> deriveJinjaStopStrings(const ChatTemplate& chatTemplate,
                                                const std::vector<std::string>& specialTokens);

} // namespace lw::generate

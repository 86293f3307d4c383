#pragma once
// Chat templates: how a conversation of system, user and assistant messages becomes
// one prompt string, and which strings end an assistant's answer. Built in: ChatML,
// Llama 3 and Alpaca; custom templates are JSON files with the same fields. Shared by
// generation (chat), and by the Data and Fine-tune panels (renderSegments tells which
// spans are the assistant's, the ones a fine-tune learns from).
//
// Placeholder syntax of the formats (system, user, assistant):
//   {content}  the message text          {role}  the role name ("system", ...)
//   {{ and }}  literal braces            anything else is copied as it is.
// The assistant format must contain {content}: the part before it is the generation
// prompt (what cues the model to answer), the part after it ends a finished answer.
//
// Custom template file (JSON; \n in strings are newlines):
//   {"name": "my-format", "bos": "", "system": "<sys>{content}</sys>\n",
//    "user": "<user>{content}</user>\n", "assistant": "<bot>{content}</bot>\n",
//    "default_system": "", "stop": ["</bot>"]}
//
// Jinja form: a Hugging Face chat template (tokenizer_config.json "chat_template" or
// chat_template.jinja; see hf_chat_template.h) rendered by lw::jinja with the variables
// transformers gives it: messages, add_generation_prompt, bos_token and eos_token (no
// tools). In JSON: {"name": "...", "jinja": "<source>", "bos_token": "<s>",
// "eos_token": "</s>", "stop": [...]}. The placeholder fields are unused then;
// chat_template_jinja.h says how its assistant spans and generation prompt are found.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::generate {

struct ChatMessage {
    std::string role; // "system", "user" or "assistant"
    std::string content;
};

// A span of a rendered conversation: `assistant` is true for an assistant message's
// content and the end marker that follows it (what a fine-tune trains on).
struct ChatSegment {
    std::string text;
    std::string role;
    bool assistant = false;
};

struct ChatTemplate {
    std::string name;
    std::string bos;            // once, at the very start
    std::string system;         // format of a system message
    std::string user;           // format of a user message
    std::string assistant;      // format of an assistant message (must hold {content})
    std::string default_system; // system message used when the conversation has none (empty: none)
    std::vector<std::string> stop; // strings that end an answer while generating
    // Jinja form: when `jinja` is not empty it renders conversations, with these as the
    // template's bos_token and eos_token variables.
    std::string jinja;
    std::string bos_token;
    std::string eos_token;

    bool isJinja() const { return !jinja.empty(); }

    // The conversation as one prompt; with addGenerationPrompt the assistant's cue
    // follows, so the model's continuation is the next answer.
    std::string render(const std::vector<ChatMessage>& messages, bool addGenerationPrompt = true) const;
    std::vector<ChatSegment> renderSegments(const std::vector<ChatMessage>& messages,
                                            bool addGenerationPrompt = false) const;
    // What cues the model to answer: the assistant format up to {content}; for Jinja,
    // the text add_generation_prompt=true adds after a one-message conversation.
    std::string generationPrompt() const;
    // Whether a rendered prompt already starts with the BOS text: `bos` is set, or the
    // Jinja template writes bos_token (or the same text) at the start. See chatPromptIds
    // in chat_prompt_ids.h for the rule generation follows with it.
    bool templateAddsBos() const;

    // Throws lw::Error naming the field (unknown placeholder, missing {content}; for
    // Jinja, the template's syntax error with its line and column).
    void validate(const std::string& context = "chat_template") const;
    nlohmann::json toJson() const;
    static ChatTemplate fromJson(const nlohmann::json& json, const std::string& context = "chat_template");
};

// "chatml", "llama3", "alpaca".
const std::vector<std::string>& builtinChatTemplateNames();
// A built-in template by name (lw::Error listing the names otherwise).
ChatTemplate builtinChatTemplate(const std::string& name);
// A built-in name, or the path of a custom template JSON file.
ChatTemplate loadChatTemplate(const std::string& nameOrPath);

// Fills a format's placeholders (see above); lw::Error naming `field` on an unknown one.
std::string fillChatFormat(const std::string& format, const std::string& role, const std::string& content,
                           const std::string& field = "format");

} // namespace lw::generate

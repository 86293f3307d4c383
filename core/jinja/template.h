#pragma once
// A Jinja2 chat template (tokenizer_config.json "chat_template", GGUF
// tokenizer.chat_template) parsed once and rendered for conversations, with the
// output Python's jinja2 gives under transformers' settings (trim_blocks,
// lstrip_blocks, loop controls, {% generation %}, raise_exception, strftime_now and
// a tojson that keeps non-ASCII text).
//
//   auto t = lw::jinja::Template::parse(source, "tokenizer_config.json chat_template");
//   std::string prompt = t.render({{"messages", messages}, {"add_generation_prompt", true},
//                                  {"bos_token", "<s>"}});
//
// Errors are lw::Error: "<origin>: line L, column C: <message>"; raise_exception(msg)
// gives the template's own message there.
#include "core/jinja/limits.h"
#include "core/jinja/renderer.h"
#include "core/jinja/value.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace lw::jinja {

class Template {
public:
    // Throws lw::Error on a syntax error, unknown tag, filter or test.
    static Template parse(const std::string& source, const std::string& origin);

    // `context` names the template's variables (messages, tools, add_generation_prompt,
    // bos_token, ...). nlohmann::json sorts a dict's keys; renderOrdered keeps the
    // order of the source, as Python does (it matters to tojson of tool schemas).
    std::string render(const nlohmann::json& context) const;
    std::string renderOrdered(const Json& context, std::vector<GenerationSpan>* generationSpans = nullptr) const;

    void setLimits(const RenderLimits& limits) { m_limits = limits; }
    const RenderLimits& limits() const { return m_limits; }
    const std::string& origin() const { return m_origin; }

private:
    struct Parsed;
    std::shared_ptr<const Parsed> m_parsed;
    std::string m_origin;
    RenderLimits m_limits;
};

} // namespace lw::jinja

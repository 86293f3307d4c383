// Chat templates (core/jinja/template.h): the input is the template's source, parsed
// and rendered with a small conversation under tight limits. A template is refused
// with an lw::Error naming its origin, or renders; rendering twice gives the same text
// (nothing in the renderer may depend on uninitialised state), unless the template
// asks for the clock.
#include "core/jinja/template.h"
#include "fuzz_harness.h"

namespace {

void fuzzJinja(std::string_view input)
{
    const std::string source(input);
    const std::string origin = lw::fuzz::scratchFolder() + "/chat_template.jinja";
    lw::jinja::Template t = lw::jinja::Template::parse(source, origin);
    lw::jinja::RenderLimits limits;
    limits.maxOutputBytes = 1 << 16;
    limits.maxLoopIterations = 2000;
    limits.maxCallDepth = 8;
    t.setLimits(limits);
    static const lw::jinja::Json context = lw::jinja::Json::parse(R"({
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Xin chào 😀"},
                     {"role": "assistant", "content": " Chào bạn. ", "tool_calls": [{"function": {"name": "f", "arguments": {"a": 1}}}]}],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
        "add_generation_prompt": true, "bos_token": "<s>", "eos_token": "</s>", "n": 3, "x": 2.5, "none_value": null})");
    const std::string first = t.renderOrdered(context);
    if (source.find("strftime_now") == std::string::npos && t.renderOrdered(context) != first)
        lw::fuzz::invariantBroken("rendering the same template twice gave different text");
}

} // namespace

LW_FUZZ_HARNESS(jinja, fuzzJinja)

#pragma once
// Runs a parsed template over a context. Scoping follows jinja2: a for loop's body
// gets a fresh scope each iteration (so `set` inside a loop does not leak out, which
// is why templates use namespace()), `if` shares its scope, macros see the template's
// top-level names and their own parameters.
#include "core/jinja/ast.h"
#include "core/jinja/limits.h"

#include <string>
#include <vector>

namespace lw::jinja {

// Byte offsets into the output of text rendered inside {% generation %} blocks.
struct GenerationSpan {
    size_t begin = 0;
    size_t end = 0;
};

std::string renderTemplate(const Body& body, const std::string& origin, const Json& context,
                           const RenderLimits& limits, std::vector<GenerationSpan>* spans);

} // namespace lw::jinja

#pragma once
// The global functions a chat template may call: jinja2's range, namespace and dict,
// and transformers' raise_exception (the template refuses the conversation) and
// strftime_now (today's date, local time, for templates that state it).
#include "core/jinja/limits.h"
#include "core/jinja/value.h"

#include <string>

namespace lw::jinja {

// The global named `name`, or Undefined when there is none.
Value globalFunction(const std::string& name, const RenderLimits& limits);

} // namespace lw::jinja

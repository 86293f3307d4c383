#pragma once
// Caps on what rendering one template may cost. A chat template is untrusted input
// (it comes inside a downloaded model), so loops, recursion and output are bounded and
// exceeding a bound is an lw::Error, never a hang or an exhausted memory.
#include <cstddef>
#include <cstdint>

namespace lw::jinja {

struct RenderLimits {
    size_t maxOutputBytes = size_t(16) << 20;  // the rendered text, and any one string built on the way
    int64_t maxLoopIterations = 1'000'000;     // all for-loop iterations of one render together
    int maxCallDepth = 64;                     // macros calling macros
};

} // namespace lw::jinja

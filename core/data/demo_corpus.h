#pragma once
// Short, simple English stories made up by a seeded grammar, for the demo project: the
// text is the project's own, structured enough that a tiny model's loss visibly falls
// within seconds, and varied enough that it does not simply memorise it.
#include <cstdint>
#include <string>

namespace lw::data {

// About `targetBytes` of stories separated by blank lines; the same seed gives the same text.
std::string generateDemoStories(uint64_t seed, size_t targetBytes);

} // namespace lw::data

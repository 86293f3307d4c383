#pragma once
// How records are shaped into training sequences: which tokens receive loss and how
// long a sequence may be. Shared by the renderer, the checks and the export.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lw::shape {

enum class LossMode {
    Assistant, // only assistant answers and the end marker (and end-of-sequence) after each
    All,       // every token
};

std::string_view lossModeName(LossMode mode); // "assistant", "all"
std::optional<LossMode> lossModeFromName(std::string_view name);

struct ShapeOptions {
    LossMode loss = LossMode::Assistant;
    // Longest sequence in tokens; longer rows keep their first `context` tokens and are
    // counted as truncated. 0: no limit.
    int64_t context = 0;
};

} // namespace lw::shape

#include "core/shape/shape_options.h"

namespace lw::shape {

std::string_view lossModeName(LossMode mode)
{
    return mode == LossMode::All ? "all" : "assistant";
}

std::optional<LossMode> lossModeFromName(std::string_view name)
{
    if (name == "assistant")
        return LossMode::Assistant;
    if (name == "all")
        return LossMode::All;
    return std::nullopt;
}

} // namespace lw::shape

#pragma once
// What a filter rule says about one text: keep it, or drop it with a short reason that
// the recipe report shows next to the sample rows it removed.
#include <string>

namespace lw::filter {

struct Decision {
    bool keep = true;
    std::string reason; // empty when kept

    static Decision kept() { return {}; }
    static Decision dropped(std::string why) { return {false, std::move(why)}; }
};

} // namespace lw::filter

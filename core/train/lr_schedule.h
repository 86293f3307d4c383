#pragma once
// Learning rate by step: linear warm-up to the peak, then cosine or linear decay to
// peak * min_lr_ratio at max_steps, or constant. Extending a run re-plans the decay for
// the new max_steps from the step where the extension starts.
#include <cstdint>
#include <string>

namespace lw::train {

struct LrSchedule {
    std::string kind = "cosine";
    double peak = 6e-4;
    double minRatio = 0.1;
    int64_t warmupSteps = 100;
    int64_t maxSteps = 1000;

    double at(int64_t step) const; // step is 0-based: the rate used for the (step+1)-th update
};

} // namespace lw::train

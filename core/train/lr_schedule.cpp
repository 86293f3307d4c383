#include "core/train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace lw::train {

double LrSchedule::at(int64_t step) const
{
    if (warmupSteps > 0 && step < warmupSteps)
        return peak * double(step + 1) / double(warmupSteps);
    if (kind == "constant")
        return peak;
    const double minLr = peak * minRatio;
    const int64_t decaySteps = std::max<int64_t>(1, maxSteps - warmupSteps);
    const double progress = std::clamp(double(step - warmupSteps) / double(decaySteps), 0.0, 1.0);
    if (kind == "linear")
        return peak + (minLr - peak) * progress;
    return minLr + 0.5 * (peak - minLr) * (1.0 + std::cos(M_PI * progress));
}

} // namespace lw::train

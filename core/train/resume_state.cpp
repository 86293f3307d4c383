#include "core/train/resume_state.h"

#include "core/util/error.h"

#include <ATen/CPUGeneratorImpl.h>

namespace lw::train {

TrainerState restoreCheckpoint(const std::string& path, model::Transformer& model, FusedAdamW& optimizer)
{
    Checkpoint c = loadCheckpoint(path, true);
    if (c.modelConfig != model->config())
        throw Error::inFile(path, "was written for a different model shape than the run's");
    loadModelWeights(model, c, path);
    optimizer.loadState(c.optimizer, c.state.step);
    if (c.cpuRngState.defined())
        const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator()).set_state(c.cpuRngState);
    return c.state;
}

void extendSchedule(TrainerState& state, int64_t& maxSteps, std::optional<int64_t> newMaxSteps)
{
    if (!newMaxSteps || *newMaxSteps == maxSteps)
        return;
    if (*newMaxSteps <= state.step)
        throw Error::inField("max_steps", "must exceed the step the run reached (" + std::to_string(state.step) + ")");
    state.scheduleHistory.push_back(
        {{"step", state.step}, {"max_steps_before", maxSteps}, {"max_steps_after", *newMaxSteps}});
    maxSteps = *newMaxSteps;
}

} // namespace lw::train

#pragma once
// The data-parallel side of a training loop, shared by pretraining and fine-tuning:
// which rows of the global batch this rank trains on, the gradient all-reducer around
// the backward passes of a step, and the numbers every rank must agree on (the mean
// loss, whether to stop).
#include "core/distributed/gradient_all_reducer.h"
#include "core/distributed/process_group.h"

#include <memory>
#include <vector>

namespace lw::distributed {

// The seed of rank `rank`'s random draws (dropout masks, LoRA dropout, NEFTune noise):
// seed + rank, so that each rank draws its own masks, as the rows of one big batch do.
uint64_t rankSeed(uint64_t seed, int rank);
// Seeds the global generator for optimizer step `step` of rank `rank` from rankSeed and
// the step alone, so a resumed run (on the same world size) draws what the
// uninterrupted one drew, without carrying every rank's generator in the checkpoint.
void seedRankDraws(uint64_t seed, int rank, int64_t step);

class DataParallel {
public:
    // `batchSize`: rows of the global batch, which the ranks share evenly.
    DataParallel(std::shared_ptr<ProcessGroup> group, const std::vector<torch::Tensor>& parameters,
                 int64_t batchSize);

    const ProcessGroup& group() const { return *m_group; }
    // This rank's rows [rank * B / W, (rank + 1) * B / W) of a global batch tensor.
    torch::Tensor shard(const torch::Tensor& globalBatch) const;
    // Before each micro-step's backward pass: only the last all-reduces.
    void beginMicroStep(bool last) { m_reducer.setSynchronize(last); }
    // After the last backward pass of a step: gradients are the means over the ranks.
    void finishBackward() { m_reducer.finish(); }
    // The means of `values` over the ranks.
    std::vector<double> mean(const std::vector<double>& values, const std::string& what);
    // True on every rank when it is true on any.
    bool any(bool flag, const std::string& what);
    // seedRankDraws for this rank.
    void seedStepDraws(uint64_t seed, int64_t step) const { seedRankDraws(seed, m_group->rank(), step); }
    // Seconds the last step waited for gradient all-reduces after its backward pass.
    double lastWaitSeconds() const { return m_reducer.lastWaitSeconds(); }

private:
    std::shared_ptr<ProcessGroup> m_group;
    GradientAllReducer m_reducer;
    int64_t m_rowsPerRank;
};

} // namespace lw::distributed

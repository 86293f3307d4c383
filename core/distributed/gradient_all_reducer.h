#pragma once
// Averages the gradients of the trainable parameters over the ranks as DistributedData-
// Parallel does: parameters are packed, in reverse registration order (the order the
// backward pass finishes them), into buckets of about 25 MB; a hook after each
// parameter's gradient accumulation marks it ready, and a bucket whose parameters are
// all ready is all-reduced at once, asynchronously, while the backward pass goes on.
// finish() waits for every bucket, divides by the world size and writes the means back
// into the gradients, so the optimizer step that follows is identical on every rank.
#include "core/distributed/process_group.h"

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace lw::distributed {

class GradientAllReducer {
public:
    static constexpr int64_t kDefaultBucketBytes = 25 * 1024 * 1024;

    // `parameters`: the trainable ones (requires_grad), all of one device. Frozen ones
    // are skipped, so a LoRA run all-reduces only its adapters.
    GradientAllReducer(std::shared_ptr<ProcessGroup> group, const std::vector<torch::Tensor>& parameters,
                       int64_t bucketBytes = kDefaultBucketBytes);
    ~GradientAllReducer();
    GradientAllReducer(const GradientAllReducer&) = delete;
    GradientAllReducer& operator=(const GradientAllReducer&) = delete;

    // Whether the next backward pass all-reduces: false on the gradient-accumulation
    // micro-steps before the last, whose gradients only add up locally.
    void setSynchronize(bool synchronize) { m_synchronize = synchronize; }
    // Launches what the backward pass left (buckets with unused parameters), waits for
    // all, and leaves every trainable parameter's gradient equal to the mean over ranks.
    void finish();

    size_t bucketCount() const { return m_buckets.size(); }
    // Seconds finish() spent waiting for all-reduces the backward pass did not hide.
    double lastWaitSeconds() const { return m_lastWait; }

private:
    struct Slot {
        torch::Tensor parameter;
        size_t bucket;
        int64_t offset;
        bool ready = false;
    };
    struct Bucket {
        std::vector<size_t> slots;
        torch::Tensor flat;
        std::vector<torch::Tensor> io; // {flat}: what the collective reduces
        size_t pending = 0;
        std::unique_ptr<PendingReduce> reduce;
    };
    void markReady(size_t slot);
    void launchReadyBuckets();
    void launch(Bucket& bucket);

    std::shared_ptr<ProcessGroup> m_group;
    std::vector<Slot> m_slots;
    std::vector<Bucket> m_buckets;
    size_t m_nextLaunch = 0;
    bool m_synchronize = true;
    double m_lastWait = 0;
    struct Hooks;
    std::unique_ptr<Hooks> m_hooks;
};

} // namespace lw::distributed

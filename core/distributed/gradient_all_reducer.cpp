#include "core/distributed/gradient_all_reducer.h"

#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/utils/lambda_post_hook.h>
#include <torch/csrc/autograd/variable.h>

#include <chrono>

namespace lw::distributed {

// The parameters' gradient-accumulation nodes are kept alive here: a leaf tensor holds
// only a weak reference to its own, and the hooks live on them.
struct GradientAllReducer::Hooks {
    std::vector<std::pair<std::shared_ptr<torch::autograd::Node>, uintptr_t>> installed;
};

GradientAllReducer::GradientAllReducer(std::shared_ptr<ProcessGroup> group,
                                       const std::vector<torch::Tensor>& parameters, int64_t bucketBytes)
    : m_group(std::move(group)), m_hooks(std::make_unique<Hooks>())
{
    if (bucketBytes <= 0)
        throw Error::inField("bucket_bytes", "must be positive");
    int64_t filled = 0;
    for (auto it = parameters.rbegin(); it != parameters.rend(); ++it) {
        const torch::Tensor& p = *it;
        if (!p.requires_grad())
            continue;
        const int64_t bytes = p.numel() * int64_t(p.element_size());
        const bool fresh = m_buckets.empty() || filled + bytes > bucketBytes ||
                           m_buckets.back().flat.scalar_type() != p.scalar_type();
        if (fresh) {
            m_buckets.emplace_back();
            m_buckets.back().flat = torch::empty({0}, p.options().requires_grad(false));
            filled = 0;
        }
        Bucket& b = m_buckets.back();
        m_slots.push_back({p, m_buckets.size() - 1, filled / int64_t(p.element_size())});
        b.slots.push_back(m_slots.size() - 1);
        filled += bytes;
        b.flat = torch::empty({filled / int64_t(p.element_size())}, b.flat.options());
    }
    for (auto& b : m_buckets)
        b.io = {b.flat};
    for (size_t i = 0; i < m_slots.size(); ++i) {
        auto accumulator = torch::autograd::impl::grad_accumulator(m_slots[i].parameter);
        const uintptr_t key = accumulator->add_post_hook(std::make_unique<torch::autograd::utils::LambdaPostHook>(
            [this, i](const torch::autograd::variable_list& outputs, const torch::autograd::variable_list&) {
                if (m_synchronize)
                    markReady(i);
                return outputs;
            }));
        m_hooks->installed.emplace_back(std::move(accumulator), key);
    }
}

GradientAllReducer::~GradientAllReducer()
{
    for (auto& [node, key] : m_hooks->installed)
        node->del_post_hook(key);
}

void GradientAllReducer::markReady(size_t slot)
{
    Slot& s = m_slots[slot];
    if (s.ready) // reached twice in one backward pass (retain_graph): the first counts
        return;
    s.ready = true;
    Bucket& b = m_buckets[s.bucket];
    if (++b.pending == b.slots.size())
        launchReadyBuckets();
}

// Buckets go out in index order on every rank: Gloo pairs collectives by the order
// they are issued, and a rank whose backward pass finished buckets in another order
// must not start a different one.
void GradientAllReducer::launchReadyBuckets()
{
    while (m_nextLaunch < m_buckets.size() && m_buckets[m_nextLaunch].pending == m_buckets[m_nextLaunch].slots.size())
        launch(m_buckets[m_nextLaunch++]);
}

void GradientAllReducer::launch(Bucket& bucket)
{
    for (size_t i : bucket.slots) {
        const Slot& s = m_slots[i];
        auto view = bucket.flat.narrow(0, s.offset, s.parameter.numel());
        const torch::Tensor& grad = s.parameter.grad();
        if (grad.defined())
            view.copy_(grad.reshape({-1}));
        else
            view.zero_(); // unused in this pass: it contributes nothing
    }
    bucket.reduce = m_group->allReduceAsync(bucket.io, "the gradient all-reduce");
}

void GradientAllReducer::finish()
{
    const auto start = std::chrono::steady_clock::now();
    for (auto& b : m_buckets)
        b.pending = b.slots.size(); // parameters the backward pass did not reach go out as zeros
    launchReadyBuckets();
    const double scale = 1.0 / double(m_group->size());
    for (auto& b : m_buckets) {
        b.reduce->wait();
        b.reduce.reset();
        b.flat.mul_(scale);
        for (size_t i : b.slots) {
            Slot& s = m_slots[i];
            auto mean = b.flat.narrow(0, s.offset, s.parameter.numel()).view(s.parameter.sizes());
            torch::Tensor& grad = s.parameter.mutable_grad();
            if (grad.defined())
                grad.copy_(mean);
            else
                grad = mean.clone();
            s.ready = false;
        }
        b.pending = 0;
    }
    m_nextLaunch = 0;
    m_lastWait = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace lw::distributed

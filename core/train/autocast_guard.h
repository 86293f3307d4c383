#pragma once
// bf16 mixed precision: matrix products run in bfloat16 while weights, optimizer state
// and reductions stay in float32. RAII so an exception cannot leave it switched on.
#include <ATen/autocast_mode.h>
#include <torch/torch.h>

namespace lw::train {

class AutocastGuard {
public:
    AutocastGuard(bool enabled, const torch::Device& device) : m_enabled(enabled), m_cuda(device.is_cuda())
    {
        if (!m_enabled)
            return;
        if (m_cuda) {
            at::autocast::set_enabled(true);
            at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        } else {
            at::autocast::set_cpu_enabled(true);
            at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        }
    }
    ~AutocastGuard()
    {
        if (!m_enabled)
            return;
        if (m_cuda)
            at::autocast::set_enabled(false);
        else
            at::autocast::set_cpu_enabled(false);
        at::autocast::clear_cache();
    }
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    bool m_enabled, m_cuda;
};

} // namespace lw::train

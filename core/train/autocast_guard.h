#pragma once
// bf16 mixed precision: matrix products run in bfloat16 while weights, optimizer state
// and reductions stay in float32. RAII so an exception cannot leave it switched on.
#include <ATen/autocast_mode.h>
#include <torch/torch.h>
#include <torch/version.h>

// LibTorch 2.4 replaced the per-device switches with functions taking the device type.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define LW_AUTOCAST_BY_DEVICE_TYPE 1
#endif

namespace lw::train {

class AutocastGuard {
public:
    AutocastGuard(bool enabled, const torch::Device& device) : m_enabled(enabled), m_cuda(device.is_cuda())
    {
        if (!m_enabled)
            return;
#ifdef LW_AUTOCAST_BY_DEVICE_TYPE
        const auto type = m_cuda ? at::kCUDA : at::kCPU;
        at::autocast::set_autocast_enabled(type, true);
        at::autocast::set_autocast_dtype(type, at::kBFloat16);
#else
        if (m_cuda) {
            at::autocast::set_enabled(true);
            at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
        } else {
            at::autocast::set_cpu_enabled(true);
            at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        }
#endif
    }
    ~AutocastGuard()
    {
        if (!m_enabled)
            return;
#ifdef LW_AUTOCAST_BY_DEVICE_TYPE
        at::autocast::set_autocast_enabled(m_cuda ? at::kCUDA : at::kCPU, false);
#else
        if (m_cuda)
            at::autocast::set_enabled(false);
        else
            at::autocast::set_cpu_enabled(false);
#endif
        at::autocast::clear_cache();
    }
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

private:
    bool m_enabled, m_cuda;
};

} // namespace lw::train

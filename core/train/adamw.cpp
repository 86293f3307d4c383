#include "core/train/adamw.h"

#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <cmath>

namespace lw::train {

void FusedAdamW::addParameter(const std::string& name, torch::Tensor parameter, bool decay)
{
    TORCH_CHECK(parameter.is_contiguous(), "FusedAdamW needs contiguous parameters");
    m_slots.push_back({name, parameter, torch::zeros_like(parameter), torch::zeros_like(parameter), decay});
}

double FusedAdamW::gradientNorm() const
{
    double total = 0.0;
    for (const auto& s : m_slots) {
        const torch::Tensor& g = s.param.grad();
        if (!g.defined())
            continue;
        if (g.device().is_cpu() && g.scalar_type() == torch::kFloat && g.is_contiguous()) {
            // Fixed blocks summed in order: the same result whatever the thread count,
            // so resumed runs stay bit-identical.
            const float* data = g.data_ptr<float>();
            const int64_t n = g.numel(), block = 1 << 16, blocks = (n + block - 1) / block;
            std::vector<double> partial(size_t(blocks), 0.0);
            at::parallel_for(0, blocks, 1, [&](int64_t begin, int64_t end) {
                for (int64_t b = begin; b < end; ++b)
                    partial[size_t(b)] = kernels::sumOfSquares(data + b * block, std::min(block, n - b * block));
            });
            for (double v : partial)
                total += v;
        } else {
            total += g.to(torch::kDouble).pow(2).sum().item<double>();
        }
    }
    return std::sqrt(total);
}

void FusedAdamW::step(double lr, double gradScale)
{
    ++m_step;
    const double bc1 = 1.0 - std::pow(m_options.beta1, double(m_step));
    const double bc2 = 1.0 - std::pow(m_options.beta2, double(m_step));
    const double stepSize = lr / bc1;
    const double bc2Sqrt = std::sqrt(bc2);
    torch::NoGradGuard noGrad;
    for (auto& s : m_slots) {
        torch::Tensor g = s.param.grad();
        if (!g.defined())
            continue;
        const double wd = s.decay ? m_options.weightDecay : 0.0;
        if (s.param.device().is_cpu() && s.param.scalar_type() == torch::kFloat && g.is_contiguous()) {
            float* p = s.param.data_ptr<float>();
            const float* gd = g.data_ptr<float>();
            float* m = s.expAvg.data_ptr<float>();
            float* v = s.expAvgSq.data_ptr<float>();
            at::parallel_for(0, s.param.numel(), 1 << 15, [&](int64_t begin, int64_t end) {
                kernels::adamwUpdate(p + begin, gd + begin, m + begin, v + begin, end - begin, float(lr), float(wd),
                                     float(m_options.beta1), float(m_options.beta2), float(m_options.eps),
                                     float(stepSize), float(bc2Sqrt), float(gradScale));
            });
            continue;
        }
        // Generic devices: the same arithmetic with tensor operations.
        torch::Tensor grad = gradScale != 1.0 ? g * gradScale : g;
        s.param.mul_(1.0 - lr * wd);
        s.expAvg.lerp_(grad, 1.0 - m_options.beta1);
        s.expAvgSq.mul_(m_options.beta2).addcmul_(grad, grad, 1.0 - m_options.beta2);
        auto denom = (s.expAvgSq.sqrt() / bc2Sqrt).add_(m_options.eps);
        s.param.addcdiv_(s.expAvg, denom, -stepSize);
    }
}

void FusedAdamW::zeroGrad()
{
    for (auto& s : m_slots)
        if (s.param.grad().defined())
            s.param.mutable_grad() = torch::Tensor();
}

std::vector<std::pair<std::string, torch::Tensor>> FusedAdamW::stateTensors() const
{
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& s : m_slots) {
        out.emplace_back("m." + s.name, s.expAvg);
        out.emplace_back("v." + s.name, s.expAvgSq);
    }
    return out;
}

void FusedAdamW::loadState(const std::map<std::string, torch::Tensor>& tensors, int64_t stepCount)
{
    torch::NoGradGuard noGrad;
    for (auto& s : m_slots) {
        for (auto* target : {&s.expAvg, &s.expAvgSq}) {
            const std::string key = (target == &s.expAvg ? "m." : "v.") + s.name;
            auto it = tensors.find(key);
            if (it == tensors.end())
                throw Error("optimizer state lacks '" + key + "'");
            if (it->second.sizes() != target->sizes())
                throw Error("optimizer state '" + key + "' has the wrong shape");
            target->copy_(it->second);
        }
    }
    m_step = stepCount;
}

} // namespace lw::train

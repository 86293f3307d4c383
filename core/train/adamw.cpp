#include "core/train/adamw.h"

#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <cmath>

namespace lw::train {

namespace {

constexpr int64_t kSpan = 1 << 16;

} // namespace

void FusedAdamW::addParameter(const std::string& name, torch::Tensor parameter, bool decay, double lrScale)
{
    TORCH_CHECK(parameter.is_contiguous(), "FusedAdamW needs contiguous parameters");
    m_slots.push_back({name, parameter, torch::zeros_like(parameter), torch::zeros_like(parameter), decay, lrScale});
    if (parameter.device().is_cpu() && parameter.scalar_type() == torch::kFloat)
        for (int64_t begin = 0; begin < parameter.numel(); begin += kSpan)
            m_spans.push_back({m_slots.size() - 1, begin, std::min(parameter.numel(), begin + kSpan)});
}

bool FusedAdamW::onCpuPath(const Slot& slot, const torch::Tensor& grad) const
{
    return slot.param.device().is_cpu() && slot.param.scalar_type() == torch::kFloat && grad.device().is_cpu() &&
           grad.scalar_type() == torch::kFloat && grad.is_contiguous();
}

double FusedAdamW::gradientNorm() const
{
    std::vector<const float*> grads(m_slots.size(), nullptr);
    std::vector<double> slotTotals(m_slots.size(), 0.0);
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const torch::Tensor& g = m_slots[i].param.grad();
        if (!g.defined())
            continue;
        if (onCpuPath(m_slots[i], g))
            grads[i] = g.data_ptr<float>();
        else
            slotTotals[i] = g.to(torch::kDouble).pow(2).sum().item<double>();
    }
    std::vector<double> partial(m_spans.size(), 0.0);
    at::parallel_for(0, int64_t(m_spans.size()), 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const Span& span = m_spans[size_t(i)];
            if (const float* g = grads[span.slot])
                partial[size_t(i)] = kernels::sumOfSquares(g + span.begin, span.end - span.begin);
        }
    });
    // Spans are in slot order: add them where their slot's total belongs.
    double total = 0.0;
    size_t next = 0;
    for (size_t slot = 0; slot < m_slots.size(); ++slot) {
        total += slotTotals[slot];
        for (; next < m_spans.size() && m_spans[next].slot == slot; ++next)
            total += partial[next];
    }
    return std::sqrt(total);
}

void FusedAdamW::step(double lr, double gradScale)
{
    ++m_step;
    const double bc1 = 1.0 - std::pow(m_options.beta1, double(m_step));
    const double bc2 = 1.0 - std::pow(m_options.beta2, double(m_step));
    const double bc2Sqrt = std::sqrt(bc2);
    torch::NoGradGuard noGrad;
    struct Pointers {
        float *p = nullptr, *m = nullptr, *v = nullptr;
        const float* g = nullptr;
        float weightDecay = 0.0f;
        float lr = 0.0f, stepSize = 0.0f;
    };
    std::vector<Pointers> cpu(m_slots.size());
    for (size_t i = 0; i < m_slots.size(); ++i) {
        Slot& s = m_slots[i];
        torch::Tensor g = s.param.grad();
        if (!g.defined())
            continue;
        const double wd = s.decay ? m_options.weightDecay : 0.0;
        const double slotLr = lr * s.lrScale, stepSize = slotLr / bc1;
        if (onCpuPath(s, g)) {
            cpu[i] = {s.param.data_ptr<float>(), s.expAvg.data_ptr<float>(), s.expAvgSq.data_ptr<float>(),
                      g.data_ptr<float>(), float(wd), float(slotLr), float(stepSize)};
            continue;
        }
        // Generic devices: the same arithmetic with tensor operations.
        torch::Tensor grad = gradScale != 1.0 ? g * gradScale : g;
        s.param.mul_(1.0 - slotLr * wd);
        s.expAvg.lerp_(grad, 1.0 - m_options.beta1);
        s.expAvgSq.mul_(m_options.beta2).addcmul_(grad, grad, 1.0 - m_options.beta2);
        auto denom = (s.expAvgSq.sqrt() / bc2Sqrt).add_(m_options.eps);
        s.param.addcdiv_(s.expAvg, denom, -stepSize);
    }
    at::parallel_for(0, int64_t(m_spans.size()), 1, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            const Span& span = m_spans[size_t(i)];
            const Pointers& t = cpu[span.slot];
            if (!t.g)
                continue;
            const int64_t b = span.begin, n = span.end - span.begin;
            kernels::adamwUpdate(t.p + b, t.g + b, t.m + b, t.v + b, n, t.lr, t.weightDecay,
                                 float(m_options.beta1), float(m_options.beta2), float(m_options.eps), t.stepSize,
                                 float(bc2Sqrt), float(gradScale));
        }
    });
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

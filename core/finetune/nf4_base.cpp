#include "core/finetune/nf4_base.h"

#include "core/quant/nf4.h"
#include "core/quant/nf4_linear.h"

namespace lw::finetune {

namespace {

using Nf4Ptr = std::shared_ptr<const quant::Nf4Tensor>;

class Nf4FrozenBase : public peft::FrozenBase {
public:
    explicit Nf4FrozenBase(Nf4Ptr weight) : m_weight(std::move(weight)) {}
    torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& bias) const override
    {
        return quant::nf4Linear(x, m_weight, bias);
    }
    torch::Tensor dense() const override { return quant::dequantizeNf4(*m_weight, torch::kFloat); }

private:
    Nf4Ptr m_weight;
};

// A map without an adapter: only its 4-bit weight.
class Nf4OnlyAdapter : public model::LinearAdapter {
public:
    explicit Nf4OnlyAdapter(Nf4Ptr weight) : m_weight(std::move(weight)) {}
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor&, const torch::Tensor& bias) override
    {
        return quant::nf4Linear(x, m_weight, bias);
    }
    torch::Tensor mergedWeight(const torch::Tensor&) const override
    {
        return quant::dequantizeNf4(*m_weight, torch::kFloat);
    }

private:
    Nf4Ptr m_weight;
};

} // namespace

Nf4BaseSummary quantizeBaseToNf4(model::TransformerImpl& model, peft::AdapterSet& adapters)
{
    torch::NoGradGuard noGrad;
    Nf4BaseSummary summary;
    for (model::LinearSite& site : model::linearSites(model)) {
        if (site.role == model::LinearRole::OutputHead)
            continue;
        auto nf4 = std::make_shared<const quant::Nf4Tensor>(quant::quantizeNf4(site.weight, site.name + ".weight"));
        summary.maps += 1;
        summary.denseBytes += site.weight.numel() * int64_t(site.weight.element_size());
        summary.nf4Bytes += nf4->bytes();
        if (*site.slot)
            adapters.setBase(site.name, std::make_shared<Nf4FrozenBase>(nf4));
        else
            *site.slot = std::make_shared<Nf4OnlyAdapter>(nf4);
        // The float weight is released: the parameter stays registered (the model's
        // structure is unchanged) but holds nothing.
        site.weight.set_data(torch::empty({0}, site.weight.options()));
    }
    return summary;
}

} // namespace lw::finetune

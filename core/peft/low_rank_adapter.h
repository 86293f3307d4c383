#pragma once
// The LoRA or DoRA update of one of our linear maps, following PEFT's lora.Linear and
// DoraLinearLayer. A map may be several Hugging Face modules (a fused qkv is q_proj,
// k_proj and v_proj): each targeted module is a part with its own A, B (and DoRA
// magnitude) acting on its block of output rows; rows of untargeted modules are left
// as the base computes them.
#include "core/model/linear_adapter.h"
#include "core/peft/adapter_settings.h"
#include "core/peft/adapter_sites.h"
#include "core/peft/frozen_base.h"

#include <memory>
#include <vector>

namespace lw::peft {

struct LowRankPart {
    ModulePart where;
    torch::Tensor a;         // (r, in), float32
    torch::Tensor b;         // (rows, r), float32
    torch::Tensor magnitude; // (rows), float32; DoRA only
};

// Row norms of W + scale * B @ A, without gradient: DoRA's denominator (and, with B
// zero, its initial magnitude).
torch::Tensor doraWeightNorm(const torch::Tensor& weightRows, const LowRankPart& part, double scale);

class LowRankAdapter : public model::LinearAdapter {
public:
    LowRankAdapter(SiteLayout layout, AdapterMethod method, double scale, double dropout, std::vector<LowRankPart> parts);

    // base(x) plus, per part: LoRA scale * B(A(dropout(x))); DoRA
    // (m/||W + scale*B@A|| - 1) * x@W^T + m/||W + scale*B@A|| * scale * B(A(dropout(x))),
    // the norm detached, and x@W^T taken on the dropped-out x while dropout is active.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) override;
    // The merged weight of the base set with setBase, or of `weight`.
    torch::Tensor mergedWeight(const torch::Tensor& weight) const override;
    // `dense` (out, in) with every part merged in, as float32 without gradient: LoRA
    // W + scale*B@A, DoRA m/||W + scale*B@A|| * (W + scale*B@A) per row.
    torch::Tensor mergeWith(const torch::Tensor& dense) const;

    void setBase(std::shared_ptr<FrozenBase> base) { m_base = std::move(base); }
    void setTraining(bool training) { m_training = training; }
    const SiteLayout& layout() const { return m_layout; }
    std::vector<LowRankPart>& parts() { return m_parts; }
    const std::vector<LowRankPart>& parts() const { return m_parts; }

private:
    SiteLayout m_layout;
    AdapterMethod m_method;
    double m_scale;
    double m_dropout;
    bool m_training = false;
    std::vector<LowRankPart> m_parts; // in row order
    std::shared_ptr<FrozenBase> m_base;
};

} // namespace lw::peft

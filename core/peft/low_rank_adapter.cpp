#include "core/peft/low_rank_adapter.h"

namespace lw::peft {

namespace F = torch::nn::functional;

torch::Tensor doraWeightNorm(const torch::Tensor& weightRows, const LowRankPart& part, double scale)
{
    torch::NoGradGuard noGrad;
    return (weightRows.to(torch::kFloat) + scale * part.b.mm(part.a)).norm(2, {1});
}

LowRankAdapter::LowRankAdapter(SiteLayout layout, AdapterMethod method, double scale, double dropout,
                               std::vector<LowRankPart> parts)
    : m_layout(std::move(layout)), m_method(method), m_scale(scale), m_dropout(dropout), m_parts(std::move(parts))
{
}

torch::Tensor LowRankAdapter::forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    const torch::Tensor base = m_base ? m_base->linear(x, bias) : F::linear(x, weight, bias);
    const bool dropping = m_training && m_dropout > 0;
    const torch::Tensor xf = x.to(torch::kFloat); // adapters compute in float32, as PEFT casts x to lora_A's dtype
    torch::Tensor dense;
    if (m_method == AdapterMethod::Dora)
        dense = (m_base ? m_base->dense() : weight.detach()).to(torch::kFloat);

    auto rowsOf = [&](int64_t count) {
        std::vector<int64_t> shape(xf.sizes().begin(), xf.sizes().end());
        shape.back() = count;
        return torch::zeros(shape, xf.options());
    };
    std::vector<torch::Tensor> chunks; // the update's output columns, in row order
    int64_t next = 0;
    for (const LowRankPart& part : m_parts) {
        const int64_t offset = part.where.rowOffset, rows = part.where.rows;
        if (offset > next)
            chunks.push_back(rowsOf(offset - next));
        const torch::Tensor xd = dropping ? F::dropout(xf, F::DropoutFuncOptions().p(m_dropout).training(true)) : xf;
        const torch::Tensor lora = F::linear(F::linear(xd, part.a), part.b); // (..., rows)
        if (m_method == AdapterMethod::Lora) {
            chunks.push_back(lora * m_scale);
        } else {
            const torch::Tensor w0 = dense.narrow(0, offset, rows);
            const torch::Tensor magScale = part.magnitude / doraWeightNorm(w0, part, m_scale); // (rows)
            // PEFT reuses the base result (less its bias) unless dropout changed the input.
            torch::Tensor baseRows;
            if (dropping) {
                baseRows = F::linear(xd, w0);
            } else {
                baseRows = base.narrow(-1, offset, rows).to(torch::kFloat);
                if (bias.defined())
                    baseRows = baseRows - bias.narrow(0, offset, rows).to(torch::kFloat);
            }
            chunks.push_back((magScale - 1) * baseRows + magScale * lora * m_scale);
        }
        next = offset + rows;
    }
    if (next < m_layout.out)
        chunks.push_back(rowsOf(m_layout.out - next));
    const torch::Tensor update = chunks.size() == 1 ? chunks.front() : torch::cat(chunks, -1);
    return base + update.to(base.scalar_type());
}

torch::Tensor LowRankAdapter::mergedWeight(const torch::Tensor& weight) const
{
    return mergeWith(m_base ? m_base->dense() : weight);
}

torch::Tensor LowRankAdapter::mergeWith(const torch::Tensor& dense) const
{
    torch::NoGradGuard noGrad;
    torch::Tensor merged = dense.detach().to(torch::kFloat, false, true);
    for (const LowRankPart& part : m_parts) {
        torch::Tensor rows = merged.narrow(0, part.where.rowOffset, part.where.rows);
        torch::Tensor updated = rows + m_scale * part.b.mm(part.a);
        if (m_method == AdapterMethod::Dora)
            updated = updated * (part.magnitude / updated.norm(2, {1})).unsqueeze(1);
        rows.copy_(updated);
    }
    return merged;
}

} // namespace lw::peft

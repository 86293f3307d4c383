// The column loop as the paper writes it, one tensor operation after another: the
// reference the fast loop in gptq.cpp is tested against.
#include "core/quant/block_grid.h"
#include "core/quant/gptq.h"
#include "core/quant/gptq_problem.h"

namespace lw::quant {

GptqResult gptqQuantizeMatrixReference(const torch::Tensor& weight, const torch::Tensor& hessian,
                                       const GptqSettings& settings)
{
    const detail::GptqProblem p = detail::prepareGptq(weight, hessian, settings);
    const int64_t rows = p.rows, cols = p.cols;
    torch::Tensor wp = p.weight.clone();
    const torch::Tensor& u = p.factor;
    torch::Tensor levels = torch::empty({rows, cols}, p.dtype);
    torch::Tensor quantized = torch::empty({rows, cols}, p.dtype);
    for (int64_t i1 = 0; i1 < cols; i1 += settings.batchColumns) {
        const int64_t count = std::min(settings.batchColumns, cols - i1), i2 = i1 + count;
        torch::Tensor w1 = wp.narrow(1, i1, count).clone();
        torch::Tensor errors = torch::empty({rows, count}, p.dtype);
        const torch::Tensor u1 = u.narrow(0, i1, count).narrow(1, i1, count);
        for (int64_t i = 0; i < count; ++i) {
            const torch::Tensor column = w1.select(1, i);
            const torch::Tensor s = p.scales.select(1, i1 + i), m = p.offsets.select(1, i1 + i);
            const torch::Tensor q = nearestLevels(column, s, m, p.grid.qmin, p.grid.qmax);
            const torch::Tensor value = q * s + m;
            levels.select(1, i1 + i).copy_(q);
            quantized.select(1, i1 + i).copy_(value);
            const torch::Tensor err = (column - value) / u1[i][i];
            if (i + 1 < count)
                w1.narrow(1, i + 1, count - i - 1)
                    .sub_(err.unsqueeze(1).mm(u1.narrow(0, i, 1).narrow(1, i + 1, count - i - 1)));
            errors.select(1, i).copy_(err);
        }
        if (i2 < cols)
            wp.narrow(1, i2, cols - i2).sub_(errors.mm(u.narrow(0, i1, count).narrow(1, i2, cols - i2)));
    }
    return detail::finishGptq(p, levels, quantized, nullptr);
}

} // namespace lw::quant

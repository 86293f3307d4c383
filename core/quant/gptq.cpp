#include "core/quant/gptq.h"

#include "core/quant/block_grid.h"
#include "core/util/error.h"

namespace lw::quant {

namespace {

using torch::indexing::Slice;

// The upper Cholesky factor of the inverse of the damped Hessian.
torch::Tensor inverseHessianFactor(torch::Tensor h, double dampPercent)
{
    const double damp = dampPercent * h.diagonal().mean().item<double>();
    h.diagonal().add_(damp);
    auto [lower, info] = torch::linalg_cholesky_ex(h);
    if (info.item<int64_t>() != 0)
        throw Error::inField("hessian", "is not positive definite after damping; raise the damping");
    return torch::linalg_cholesky(torch::cholesky_inverse(lower), /*upper=*/true);
}

// tr(d H d^T) / 2: the mean of ||d x||^2 over the inputs H was accumulated from.
double outputError(const torch::Tensor& delta, const torch::Tensor& h)
{
    return (delta.mm(h) * delta).sum().item<double>() / 2.0;
}

} // namespace

GptqResult gptqQuantizeMatrix(const torch::Tensor& weight, const torch::Tensor& hessian, const GptqSettings& settings)
{
    if (weight.dim() != 2 || hessian.dim() != 2 || hessian.size(0) != weight.size(1) ||
        hessian.size(1) != weight.size(1))
        throw Error::inField("hessian", "must be (cols, cols) for a (rows, cols) weight");
    if (settings.batchColumns < 1)
        throw Error::inField("batch_columns", "must be at least 1");
    if (settings.dampPercent < 0)
        throw Error::inField("damp_percent", "must not be negative");
    const auto dtype = weight.scalar_type() == torch::kDouble ? torch::kDouble : torch::kFloat;
    const int64_t rows = weight.size(0), cols = weight.size(1);
    torch::Tensor w = weight.detach().to(torch::kCPU, dtype).clone();
    const torch::Tensor hOriginal = hessian.detach().to(torch::kCPU, dtype);
    torch::Tensor h = hOriginal.clone();

    // An input that never fires carries no information: its weights are set to zero
    // and its diagonal to one, so the factorisation stays defined.
    const torch::Tensor dead = h.diagonal().eq(0);
    h.diagonal().masked_fill_(dead, 1);
    w.index_put_({Slice(), dead}, 0);
    const BlockGrid grid = blockGridOf(w, settings.format);

    const torch::Tensor order = settings.actOrder
                                    ? std::get<1>(h.diagonal().sort(/*stable=*/true, 0, /*descending=*/true))
                                    : torch::arange(cols, torch::kLong);
    const torch::Tensor inverseOrder = order.argsort();
    torch::Tensor wp = w.index_select(1, order);
    const torch::Tensor u = inverseHessianFactor(h.index_select(0, order).index_select(1, order), settings.dampPercent);
    // Each column's block scale and offset, in the permuted column order.
    const torch::Tensor blockOfColumn = order.div(32, "floor");
    const torch::Tensor scales = grid.scale.index_select(1, blockOfColumn).to(dtype);
    const torch::Tensor offsets = grid.offset.index_select(1, blockOfColumn).to(dtype);
    torch::Tensor levels = torch::empty({rows, cols}, dtype);
    torch::Tensor quantized = torch::empty({rows, cols}, dtype);

    for (int64_t i1 = 0; i1 < cols; i1 += settings.batchColumns) {
        const int64_t count = std::min(settings.batchColumns, cols - i1), i2 = i1 + count;
        torch::Tensor w1 = wp.narrow(1, i1, count).clone();
        torch::Tensor errors = torch::empty({rows, count}, dtype);
        const torch::Tensor u1 = u.narrow(0, i1, count).narrow(1, i1, count);
        for (int64_t i = 0; i < count; ++i) {
            const torch::Tensor column = w1.select(1, i);
            const torch::Tensor s = scales.select(1, i1 + i), m = offsets.select(1, i1 + i);
            const torch::Tensor q = nearestLevels(column, s, m, grid.qmin, grid.qmax);
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

    GptqResult r;
    const torch::Tensor q = quantized.index_select(1, inverseOrder);
    r.blocks = packBlocks(levels.index_select(1, inverseOrder), grid);
    r.dequantized = q.to(torch::kFloat);
    const torch::Tensor original = weight.detach().to(torch::kCPU, dtype);
    r.error = outputError(original - q, hOriginal);
    const double reference = outputError(original, hOriginal);
    r.relativeError = reference > 0 ? r.error / reference : 0.0;
    return r;
}

std::vector<QuantizedMatrix> gptqQuantizeModel(model::TransformerImpl& model, const torch::Tensor& windows,
                                               const GptqSettings& settings, const MatrixProgress& progress)
{
    checkCalibratedFormat(settings.format);
    std::vector<QuantizedMatrix> out;
    const int64_t total = model.config().n_layer * int64_t(model.config().family == model::Family::Llama ? 5 : 4);
    StatisticsRequest request;
    request.hessian = true;
    torch::NoGradGuard noGrad;
    calibrateLayerByLayer(model, windows, request,
                          [&](int64_t layer, const std::vector<model::LinearSite>& sites,
                              std::vector<InputStatistics>& stats) {
                              for (size_t k = 0; k < sites.size(); ++k) {
                                  const model::LinearSite& site = sites[k];
                                  GptqResult r = gptqQuantizeMatrix(site.weight, stats[k].hessian, settings);
                                  stats[k] = InputStatistics{}; // the Hessian is no longer needed
                                  site.weight.copy_(r.dequantized.to(site.weight.dtype()));
                                  QuantizedMatrix m;
                                  m.name = site.name;
                                  m.layer = layer;
                                  m.type = settings.format;
                                  m.rows = site.weight.size(0);
                                  m.cols = site.weight.size(1);
                                  m.blocks = std::move(r.blocks);
                                  m.error = r.error;
                                  m.relativeError = r.relativeError;
                                  out.push_back(std::move(m));
                                  if (progress && !progress(int64_t(out.size()), total, site.name))
                                      throw Error("cancelled");
                              }
                          });
    return out;
}

} // namespace lw::quant

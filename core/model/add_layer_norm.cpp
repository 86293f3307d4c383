#include "core/model/add_layer_norm.h"

#include "core/model/vector_math.h"

#include <ATen/Parallel.h>

namespace lw::model {

namespace {

// Rows per partial weight/bias gradient; the partials are added in chunk order.
constexpr int64_t kChunkRows = 64;

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

class FusedAddLayerNorm : public torch::autograd::Function<FusedAddLayerNorm> {
public:
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& xIn, const torch::Tensor& aIn,
                                 const torch::Tensor& weightIn, const torch::Tensor& biasIn, double eps)
    {
        torch::Tensor x = xIn.contiguous(), a = aIn.contiguous(), weight = weightIn.contiguous();
        torch::Tensor bias = biasIn.defined() ? biasIn.contiguous() : biasIn;
        const int64_t n = weight.numel(), rows = x.numel() / n;
        torch::Tensor h = torch::empty_like(x), y = torch::empty_like(x);
        torch::Tensor moments = torch::empty({rows, 2}, x.options()); // mean, rstd per row
        const float *xData = x.data_ptr<float>(), *aData = a.data_ptr<float>(), *w = weight.data_ptr<float>();
        const float* b = bias.defined() ? bias.data_ptr<float>() : nullptr;
        float *hData = h.data_ptr<float>(), *yData = y.data_ptr<float>(), *m = moments.data_ptr<float>();
        at::parallel_for(0, rows, 16, [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r) {
                const vmath::RowMoments rm = vmath::addLayerNormRow(xData + r * n, aData + r * n, w, b, hData + r * n,
                                                                   yData + r * n, n, float(eps));
                m[2 * r] = rm.mean;
                m[2 * r + 1] = rm.rstd;
            }
        });
        ctx->save_for_backward({h, weight, moments});
        ctx->saved_data["has_bias"] = bias.defined();
        return {h, y};
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs)
    {
        auto saved = ctx->get_saved_variables();
        const torch::Tensor& h = saved[0];
        const torch::Tensor& weight = saved[1];
        const torch::Tensor& moments = saved[2];
        const bool hasBias = ctx->saved_data["has_bias"].toBool();
        torch::Tensor dhIn = gradOutputs[0].defined() ? gradOutputs[0].contiguous() : torch::Tensor();
        torch::Tensor dy = gradOutputs[1];
        if (!dy.defined()) // y unused: h passes its gradient straight through
            return {dhIn, dhIn, torch::Tensor(), torch::Tensor(), torch::Tensor()};
        dy = dy.contiguous();
        const int64_t n = weight.numel(), rows = h.numel() / n;
        const int64_t chunks = (rows + kChunkRows - 1) / kChunkRows;
        torch::Tensor dh = torch::empty_like(h);
        torch::Tensor partial = torch::zeros({2, chunks, n}, h.options()); // weight, bias gradients
        const float *hData = h.data_ptr<float>(), *dyData = dy.data_ptr<float>(), *w = weight.data_ptr<float>();
        const float* dhInData = dhIn.defined() ? dhIn.data_ptr<float>() : nullptr;
        const float* m = moments.data_ptr<float>();
        float *dhData = dh.data_ptr<float>(), *dw = partial.data_ptr<float>(), *db = dw + chunks * n;
        at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
            for (int64_t chunk = begin; chunk < end; ++chunk)
                for (int64_t r = chunk * kChunkRows; r < std::min(rows, (chunk + 1) * kChunkRows); ++r)
                    vmath::addLayerNormBackwardRow(hData + r * n, dyData + r * n, dhInData ? dhInData + r * n : nullptr,
                                                   w, {m[2 * r], m[2 * r + 1]}, dhData + r * n, dw + chunk * n,
                                                   hasBias ? db + chunk * n : nullptr, n);
        });
        torch::Tensor dWeight = torch::empty({n}, h.options()), dBias = torch::empty({n}, h.options());
        float *dwOut = dWeight.data_ptr<float>(), *dbOut = dBias.data_ptr<float>();
        for (int64_t i = 0; i < n; ++i) {
            float sw = dw[i], sb = db[i];
            for (int64_t chunk = 1; chunk < chunks; ++chunk) {
                sw += dw[chunk * n + i];
                sb += db[chunk * n + i];
            }
            dwOut[i] = sw;
            dbOut[i] = sb;
        }
        return {dh, dh, dWeight, hasBias ? dBias : torch::Tensor(), torch::Tensor()};
    }
};

bool fusable(const torch::Tensor& x, const torch::Tensor& a, const torch::Tensor& weight, const torch::Tensor& bias)
{
    auto isCpuFloat = [](const torch::Tensor& t) { return t.device().is_cpu() && t.scalar_type() == torch::kFloat; };
    // A bias-free norm takes the ATen path: LibTorch 1.13's custom-function machinery
    // cannot take an undefined tensor as an input, and every LayerNorm here has a bias.
    return isCpuFloat(x) && isCpuFloat(a) && isCpuFloat(weight) && bias.defined() && isCpuFloat(bias) &&
           x.sizes() == a.sizes() && x.numel() > 0 && weight.dim() == 1 && x.size(-1) == weight.size(0);
}

} // namespace

std::pair<torch::Tensor, torch::Tensor> addLayerNormReference(const torch::Tensor& x, const torch::Tensor& a,
                                                              const torch::Tensor& weight, const torch::Tensor& bias,
                                                              double eps)
{
    torch::Tensor h = x + a;
    return {h, torch::layer_norm(h, {weight.size(0)}, weight, bias, eps)};
}

std::pair<torch::Tensor, torch::Tensor> addLayerNorm(const torch::Tensor& x, const torch::Tensor& a,
                                                     const torch::Tensor& weight, const torch::Tensor& bias, double eps)
{
    if (!fusable(x, a, weight, bias))
        return addLayerNormReference(x, a, weight, bias, eps);
    auto outputs = FusedAddLayerNorm::apply(x, a, weight, bias, eps);
    return {outputs[0], outputs[1]};
}

} // namespace lw::model

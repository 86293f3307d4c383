#include "core/model/bias_gelu.h"

#include "core/model/vector_math.h"

#include <ATen/Parallel.h>

namespace lw::model {

namespace {

// Rows per partial bias-gradient sum. The partial sums are added in a fixed order
// afterwards, so the bias gradient does not depend on the thread count.
constexpr int64_t kBiasChunkRows = 64;

class FusedBiasGelu : public torch::autograd::Function<FusedBiasGelu> {
public:
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& hIn,
                                 const torch::Tensor& biasIn)
    {
        torch::Tensor h = hIn.contiguous(), bias = biasIn.contiguous();
        const int64_t n = bias.numel(), rows = h.numel() / n;
        torch::Tensor y = torch::empty_like(h);
        const float* hData = h.data_ptr<float>();
        const float* b = bias.data_ptr<float>();
        float* yData = y.data_ptr<float>();
        at::parallel_for(0, rows, 16, [&](int64_t begin, int64_t end) {
            for (int64_t r = begin; r < end; ++r)
                vmath::biasGeluTanh(hData + r * n, b, yData + r * n, n);
        });
        ctx->save_for_backward({h, bias});
        return y;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        auto saved = ctx->get_saved_variables();
        const torch::Tensor& h = saved[0];
        const torch::Tensor& bias = saved[1];
        torch::Tensor dy = gradOutputs[0].contiguous();
        const int64_t n = bias.numel(), rows = h.numel() / n;
        const int64_t chunks = (rows + kBiasChunkRows - 1) / kBiasChunkRows;
        torch::Tensor dh = torch::empty_like(h);
        torch::Tensor partial = torch::zeros({chunks, n}, bias.options());
        const float* hData = h.data_ptr<float>();
        const float* b = bias.data_ptr<float>();
        const float* dyData = dy.data_ptr<float>();
        float* dhData = dh.data_ptr<float>();
        float* partialData = partial.data_ptr<float>();
        at::parallel_for(0, chunks, 1, [&](int64_t begin, int64_t end) {
            for (int64_t chunk = begin; chunk < end; ++chunk) {
                const int64_t last = std::min(rows, (chunk + 1) * kBiasChunkRows);
                for (int64_t r = chunk * kBiasChunkRows; r < last; ++r)
                    vmath::biasGeluTanhBackward(hData + r * n, b, dyData + r * n, dhData + r * n,
                                                partialData + chunk * n, n);
            }
        });
        torch::Tensor dBias = partial[0].clone();
        float* dBiasData = dBias.data_ptr<float>();
        for (int64_t chunk = 1; chunk < chunks; ++chunk)
            for (int64_t i = 0; i < n; ++i)
                dBiasData[i] += partialData[chunk * n + i];
        return {dh, dBias};
    }
};

} // namespace

torch::Tensor biasGeluTanhReference(const torch::Tensor& h, const torch::Tensor& bias)
{
    return torch::gelu(h + bias, "tanh");
}

torch::Tensor biasGeluTanh(const torch::Tensor& h, const torch::Tensor& bias)
{
    TORCH_CHECK(bias.dim() == 1 && h.size(-1) == bias.size(0), "bias must match the last dimension of h");
    if (h.device().is_cpu() && h.scalar_type() == torch::kFloat && bias.scalar_type() == torch::kFloat && h.numel() > 0)
        return FusedBiasGelu::apply(h, bias);
    return biasGeluTanhReference(h, bias);
}

} // namespace lw::model

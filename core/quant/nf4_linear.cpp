#include "core/quant/nf4_linear.h"

#include "core/util/error.h"

#include <fmt/format.h>

namespace lw::quant {

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct Nf4LinearFunction : public torch::autograd::Function<Nf4LinearFunction> {
    // An absent bias is an empty optional: autograd takes an undefined tensor as an input
    // it cannot describe, and gives the node no edge for an empty optional.
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x,
                                 const c10::optional<torch::Tensor>& bias,
                                 const std::shared_ptr<const Nf4Tensor>& weight)
    {
        torch::Tensor w = dequantizeNf4(*weight, x.scalar_type()); // (out, in), freed on return
        // The codes do not require grad, so saving them keeps no graph alive; x is not
        // saved at all, since W needs no gradient.
        ctx->save_for_backward({weight->codes, weight->absmaxCodes, weight->absmaxScales});
        ctx->saved_data["shape"] = weight->shape;
        ctx->saved_data["absmaxMean"] = double(weight->absmaxMean);
        ctx->saved_data["dtype"] = x.scalar_type();
        ctx->saved_data["hasBias"] = bias.has_value();
        return torch::linear(x, w, bias.value_or(torch::Tensor()));
    }

    static variable_list backward(AutogradContext* ctx, variable_list gradOutputs)
    {
        const torch::Tensor& dy = gradOutputs[0]; // (..., out)
        torch::Tensor dx, dBias;
        if (ctx->needs_input_grad(0)) {
            auto saved = ctx->get_saved_variables();
            Nf4Tensor weight;
            weight.codes = saved[0];
            weight.absmaxCodes = saved[1];
            weight.absmaxScales = saved[2];
            weight.shape = ctx->saved_data["shape"].toIntVector();
            weight.absmaxMean = float(ctx->saved_data["absmaxMean"].toDouble());
            dx = torch::matmul(dy, dequantizeNf4(weight, ctx->saved_data["dtype"].toScalarType())); // (..., in)
        }
        // Edges are x's, then the bias's when there is one.
        if (ctx->saved_data["hasBias"].toBool() && ctx->needs_input_grad(1))
            dBias = dy.reshape({-1, dy.size(-1)}).sum(0);
        return {dx, dBias, torch::Tensor()};
    }
};

} // namespace

torch::Tensor nf4Linear(const torch::Tensor& x, const std::shared_ptr<const Nf4Tensor>& weight,
                        const torch::Tensor& bias)
{
    if (!weight || weight->shape.size() != 2)
        throw Error("nf4Linear: the weight must be a 2-D NF4 tensor (out_features, in_features)");
    const int64_t outFeatures = weight->shape[0], inFeatures = weight->shape[1];
    if (x.dim() == 0 || x.size(-1) != inFeatures)
        throw Error(fmt::format("nf4Linear: input's last dimension is {}, the weight takes {} features",
                                x.dim() == 0 ? 0 : x.size(-1), inFeatures));
    if (bias.defined() && (bias.dim() != 1 || bias.size(0) != outFeatures))
        throw Error(fmt::format("nf4Linear: bias must have {} elements", outFeatures));
    return Nf4LinearFunction::apply(x, bias.defined() ? c10::optional<torch::Tensor>(bias) : c10::nullopt, weight);
}

std::vector<torch::Tensor> nf4LinearSavedTensors(const torch::Tensor& output)
{
    auto* node = dynamic_cast<torch::autograd::CppNode<Nf4LinearFunction>*>(output.grad_fn().get());
    if (node == nullptr)
        throw Error("nf4LinearSavedTensors: the tensor was not made by nf4Linear with a gradient to compute");
    return node->ctx_.get_saved_variables();
}

} // namespace lw::quant

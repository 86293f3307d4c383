#pragma once
// A change to one of the model's linear maps, for parameter-efficient fine-tuning: a
// low-rank update (LoRA, DoRA) or a base weight held in another form (4-bit NF4). The
// model calls the adapter instead of its own linear map wherever one is attached. An
// adapter's parameters are not registered in the model: the model's checkpoint and
// named_parameters() stay those of the base, and the fine-tune owns the adapter's.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

namespace lw::model {

class TransformerImpl;

class LinearAdapter {
public:
    virtual ~LinearAdapter() = default;
    // The adapted map of x (..., in) -> (..., out), replacing x @ weight^T + bias.
    // `weight` (out, in) and `bias` (out, or undefined) are the model's own, frozen; the
    // weight may be empty when the adapter keeps the base in its own form.
    virtual torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias) = 0;
    // The dense weight (out, in) of the adapted map, in float32 and without gradient, for
    // paths that multiply weights directly (the fused decoder, merging). The bias is
    // never changed by an adapter.
    virtual torch::Tensor mergedWeight(const torch::Tensor& weight) const = 0;
};
using LinearAdapterPtr = std::shared_ptr<LinearAdapter>;

// Which linear map of a layer a site is. Qkv is the fused query/key/value projection
// (its output rows: queries, then keys, then values).
enum class LinearRole { Qkv, AttentionOutput, Up, Gate, Down, OutputHead };

const char* linearRoleName(LinearRole role); // "qkv", "attention_output", "up", "gate", "down", "output_head"

// One linear map of the model, where an adapter may be attached.
struct LinearSite {
    std::string name;       // the parameter prefix in the model: "h.0.attn.c_attn", "output"
    LinearRole role;
    int64_t layer = -1;     // -1 for the output head
    torch::Tensor weight;   // (out, in); the token embedding when the head is tied
    torch::Tensor bias;     // undefined when the map has none
    LinearAdapterPtr* slot; // where the model looks for the adapter
};

// Every linear map of the model, layer by layer (qkv, attention output, then the MLP's
// maps in the order gate, up, down), then the output head.
std::vector<LinearSite> linearSites(TransformerImpl& model);

// The weight a site computes with: the adapter's merged weight, or `weight` itself.
inline torch::Tensor effectiveWeight(const torch::Tensor& weight, const LinearAdapterPtr& adapter)
{
    return adapter ? adapter->mergedWeight(weight) : weight;
}

// x @ weight^T + bias through `adapter` when one is attached.
inline torch::Tensor applyLinear(torch::nn::Linear& linear, const LinearAdapterPtr& adapter, const torch::Tensor& x)
{
    return adapter ? adapter->forward(x, linear->weight, linear->bias) : linear(x);
}

} // namespace lw::model

#include "core/model/causal_attention.h"

#include "core/model/causal_attention_cpu.h"
#include "core/util/error.h"

#include <torch/version.h>

namespace lw::model {

namespace {

struct PackedLayout {
    int64_t batch, length, width, headDim;
};

PackedLayout packedLayout(const torch::Tensor& qkv, int64_t nHead, int64_t nKvHead)
{
    TORCH_CHECK(qkv.dim() == 3, "attention expects packed qkv of shape (B, T, W)");
    TORCH_CHECK(nHead > 0 && nKvHead > 0 && nHead % nKvHead == 0, "n_head must be a multiple of n_kv_head");
    const int64_t width = qkv.size(2);
    const int64_t parts = nHead + 2 * nKvHead;
    TORCH_CHECK(width % parts == 0, "packed qkv width is not a multiple of the head count");
    return {qkv.size(0), qkv.size(1), width, width / parts};
}

class FusedCausalAttention : public torch::autograd::Function<FusedCausalAttention> {
public:
    // keyStart: none, or (B, T) int64 contiguous on the CPU (see keyStartsOf).
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& qkvIn, int64_t nHead,
                                 int64_t nKvHead, const c10::optional<torch::Tensor>& packedKeyStart)
    {
        const torch::Tensor keyStart = packedKeyStart.value_or(torch::Tensor());
        torch::Tensor qkv = qkvIn.contiguous();
        const PackedLayout p = packedLayout(qkv, nHead, nKvHead);
        const int64_t c = nHead * p.headDim;
        torch::Tensor out = torch::empty({p.batch, p.length, c}, qkv.options());
        torch::Tensor lse = torch::empty({p.batch, nHead, p.length}, qkv.options());
        cpu::attentionForward(shapeOf(p, nHead, nKvHead), buffersOf(qkv, out, lse, keyStart, p, nHead, nKvHead));
        ctx->save_for_backward({qkv, out, lse, keyStart});
        ctx->saved_data["n_head"] = nHead;
        ctx->saved_data["n_kv_head"] = nKvHead;
        return out;
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOutputs)
    {
        auto saved = ctx->get_saved_variables();
        const torch::Tensor& qkv = saved[0];
        const torch::Tensor& out = saved[1];
        const torch::Tensor& lse = saved[2];
        const torch::Tensor& keyStart = saved[3];
        const int64_t nHead = ctx->saved_data["n_head"].toInt();
        const int64_t nKvHead = ctx->saved_data["n_kv_head"].toInt();
        const PackedLayout p = packedLayout(qkv, nHead, nKvHead);
        torch::Tensor gradOut = gradOutputs[0].contiguous();
        torch::Tensor gradQkv = torch::empty_like(qkv);
        const int64_t c = nHead * p.headDim, kvWidth = nKvHead * p.headDim;
        cpu::AttentionGradBuffers g;
        g.gradOut = gradOut.data_ptr<float>();
        g.gradOutBatchStride = p.length * c;
        g.gradOutRowStride = c;
        g.gradQ = gradQkv.data_ptr<float>();
        g.gradK = g.gradQ + c;
        g.gradV = g.gradQ + c + kvWidth;
        g.gradBatchStride = p.length * p.width;
        g.gradRowStride = p.width;
        cpu::attentionBackward(shapeOf(p, nHead, nKvHead),
                               buffersOf(qkv, const_cast<torch::Tensor&>(out), const_cast<torch::Tensor&>(lse),
                                         keyStart, p, nHead, nKvHead),
                               g);
        return {gradQkv, torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }

private:
    static cpu::AttentionShape shapeOf(const PackedLayout& p, int64_t nHead, int64_t nKvHead)
    {
        cpu::AttentionShape s;
        s.batch = p.batch;
        s.nHead = nHead;
        s.nKvHead = nKvHead;
        s.headDim = p.headDim;
        s.queryLength = p.length;
        s.keyLength = p.length;
        return s;
    }

    static cpu::AttentionBuffers buffersOf(const torch::Tensor& qkv, const torch::Tensor& out, const torch::Tensor& lse,
                                           const torch::Tensor& keyStart, const PackedLayout& p, int64_t nHead,
                                           int64_t nKvHead)
    {
        const int64_t c = nHead * p.headDim, kvWidth = nKvHead * p.headDim;
        cpu::AttentionBuffers b;
        const float* base = qkv.data_ptr<float>();
        b.q = base;
        b.k = base + c;
        b.v = base + c + kvWidth;
        b.qBatchStride = b.kBatchStride = b.vBatchStride = p.length * p.width;
        b.qRowStride = b.kRowStride = b.vRowStride = p.width;
        b.out = const_cast<float*>(out.data_ptr<float>());
        b.outBatchStride = p.length * c;
        b.outRowStride = c;
        b.logSumExp = const_cast<float*>(lse.data_ptr<float>());
        b.keyStart = keyStart.defined() ? keyStart.data_ptr<int64_t>() : nullptr;
        return b;
    }
};

// Splits packed qkv into (B, heads, T, hd) tensors, with kv heads repeated for GQA.
std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> splitHeads(const torch::Tensor& qkv, int64_t nHead,
                                                                  int64_t nKvHead)
{
    const PackedLayout p = packedLayout(qkv, nHead, nKvHead);
    const int64_t c = nHead * p.headDim, kvWidth = nKvHead * p.headDim;
    auto q = qkv.narrow(2, 0, c).view({p.batch, p.length, nHead, p.headDim}).transpose(1, 2);
    auto k = qkv.narrow(2, c, kvWidth).view({p.batch, p.length, nKvHead, p.headDim}).transpose(1, 2);
    auto v = qkv.narrow(2, c + kvWidth, kvWidth).view({p.batch, p.length, nKvHead, p.headDim}).transpose(1, 2);
    if (nKvHead != nHead) {
        k = k.repeat_interleave(nHead / nKvHead, 1);
        v = v.repeat_interleave(nHead / nKvHead, 1);
    }
    return {q, k, v};
}

// The first key each token may see, t - positions[b][t], as (B, T) int64 contiguous on
// the CPU. Checks what the kernel's memory accesses depend on: 0 <= start <= t.
torch::Tensor keyStartsOf(const torch::Tensor& positions, int64_t batch, int64_t length)
{
    if (positions.dim() != 2 || positions.size(0) != batch || positions.size(1) != length)
        throw Error::inField("positions", "expected shape (" + std::to_string(batch) + ", " + std::to_string(length) +
                                              "), got " + c10::str(positions.sizes()));
    if (!c10::isIntegralType(positions.scalar_type(), /*includeBool=*/false))
        throw Error::inField("positions", "expected integer positions");
    const torch::Tensor index = torch::arange(length, torch::kLong).unsqueeze(0);
    const torch::Tensor cpuPositions = positions.to(torch::kCPU, torch::kLong);
    torch::Tensor starts = index - cpuPositions;
    if (starts.numel() > 0 && (cpuPositions.lt(0).any().item<bool>() || starts.lt(0).any().item<bool>()))
        throw Error::inField("positions", "each position must lie in [0, its index in the row]");
    return starts.contiguous();
}

// True where query i must not see key j: j > i, or j before the start of i's example.
// (T, T) without positions, (B, 1, T, T) with them.
torch::Tensor maskedKeys(const torch::Tensor& positions, int64_t batch, int64_t length, torch::Device device)
{
    auto boolOptions = torch::TensorOptions().dtype(torch::kBool).device(device);
    if (!positions.defined())
        return torch::ones({length, length}, boolOptions).triu(1);
    auto index = torch::arange(length, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto query = index.view({1, length, 1}), key = index.view({1, 1, length});
    auto start = keyStartsOf(positions, batch, length).to(device).unsqueeze(2); // (B, T, 1)
    return (key.gt(query) | key.lt(start)).unsqueeze(1);
}

// Softmax over the last dimension, in float32 for 16-bit inputs.
torch::Tensor softmaxInFloat(const torch::Tensor& scores)
{
    if (c10::elementSize(scores.scalar_type()) >= 4)
        return torch::softmax(scores, -1);
    return torch::softmax(scores.to(torch::kFloat), -1).to(scores.scalar_type());
}

} // namespace

torch::Tensor causalSelfAttentionReference(const torch::Tensor& qkv, int64_t nHead, int64_t nKvHead,
                                           double attentionDropout, bool training, const torch::Tensor& positions)
{
    auto [q, k, v] = splitHeads(qkv, nHead, nKvHead);
    const int64_t batch = qkv.size(0), length = qkv.size(1), headDim = q.size(3);
    auto scores = torch::matmul(q, k.transpose(-2, -1)) * (1.0 / std::sqrt(double(headDim)));
    auto mask = maskedKeys(positions, batch, length, qkv.device());
    scores = scores.masked_fill(mask, -std::numeric_limits<double>::infinity());
    auto weights = softmaxInFloat(scores);
    weights = torch::dropout(weights, attentionDropout, training);
    auto y = torch::matmul(weights, v); // (B, H, T, hd)
    return y.transpose(1, 2).reshape({batch, length, nHead * headDim});
}

torch::Tensor causalSelfAttention(const torch::Tensor& qkv, int64_t nHead, int64_t nKvHead, double attentionDropout,
                                  bool training, const torch::Tensor& positions)
{
    const bool dropoutActive = training && attentionDropout > 0.0;
    const bool fused = qkv.device().is_cpu() && qkv.scalar_type() == torch::kFloat && !dropoutActive;
    if (positions.defined()) {
        if (!fused)
            return causalSelfAttentionReference(qkv, nHead, nKvHead, attentionDropout, training, positions);
        TORCH_CHECK(qkv.dim() == 3, "attention expects packed qkv of shape (B, T, W)");
        return FusedCausalAttention::apply(qkv, nHead, nKvHead,
                                          c10::optional<torch::Tensor>(keyStartsOf(positions, qkv.size(0), qkv.size(1))));
    }
    if (fused)
        return FusedCausalAttention::apply(qkv, nHead, nKvHead, c10::nullopt);
#if TORCH_VERSION_MAJOR >= 2
    {
        auto [q, k, v] = splitHeads(qkv, nHead, nKvHead);
        auto y = at::scaled_dot_product_attention(q, k, v, {}, dropoutActive ? attentionDropout : 0.0, true);
        return y.transpose(1, 2).reshape({qkv.size(0), qkv.size(1), nHead * q.size(3)});
    }
#else
    return causalSelfAttentionReference(qkv, nHead, nKvHead, attentionDropout, training);
#endif
}

torch::Tensor cachedAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, int64_t nHead,
                              int64_t nKvHead)
{
    TORCH_CHECK(q.dim() == 3 && k.dim() == 3 && v.dim() == 3, "cachedAttention expects (B, T, width) tensors");
    const int64_t batch = q.size(0), tq = q.size(1), tk = k.size(1);
    const int64_t headDim = q.size(2) / nHead;
    TORCH_CHECK(tk >= tq, "cachedAttention needs at least as many keys as queries");
    if (q.device().is_cpu() && q.scalar_type() == torch::kFloat && q.stride(2) == 1 && k.stride(2) == 1 &&
        v.stride(2) == 1) {
        torch::Tensor out = torch::empty({batch, tq, nHead * headDim}, q.options());
        cpu::AttentionShape s;
        s.batch = batch;
        s.nHead = nHead;
        s.nKvHead = nKvHead;
        s.headDim = headDim;
        s.queryLength = tq;
        s.keyLength = tk;
        cpu::AttentionBuffers b;
        b.q = q.data_ptr<float>();
        b.qBatchStride = q.stride(0);
        b.qRowStride = q.stride(1);
        b.k = k.data_ptr<float>();
        b.kBatchStride = k.stride(0);
        b.kRowStride = k.stride(1);
        b.v = v.data_ptr<float>();
        b.vBatchStride = v.stride(0);
        b.vRowStride = v.stride(1);
        b.out = out.data_ptr<float>();
        b.outBatchStride = tq * nHead * headDim;
        b.outRowStride = nHead * headDim;
        cpu::attentionForward(s, b);
        return out;
    }
    // Generic path: explicit scores with the causal offset mask.
    auto qh = q.reshape({batch, tq, nHead, headDim}).transpose(1, 2);
    auto kh = k.reshape({batch, tk, nKvHead, headDim}).transpose(1, 2);
    auto vh = v.reshape({batch, tk, nKvHead, headDim}).transpose(1, 2);
    if (nKvHead != nHead) {
        kh = kh.repeat_interleave(nHead / nKvHead, 1);
        vh = vh.repeat_interleave(nHead / nKvHead, 1);
    }
    auto scores = torch::matmul(qh, kh.transpose(-2, -1)) * (1.0 / std::sqrt(double(headDim)));
    auto mask = torch::ones({tq, tk}, torch::TensorOptions().dtype(torch::kBool).device(q.device())).triu(tk - tq + 1);
    scores = scores.masked_fill(mask, -std::numeric_limits<double>::infinity());
    auto y = torch::matmul(softmaxInFloat(scores), vh);
    return y.transpose(1, 2).reshape({batch, tq, nHead * headDim});
}

} // namespace lw::model

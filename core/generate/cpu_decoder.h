#pragma once
// The fused CPU forward pass for generation. A decode step reads every weight of the
// model once (about 500 MB for GPT-2 124M in float32), so on a CPU its speed is the
// memory bandwidth; this path keeps everything else off that budget: no LibTorch op
// dispatch, no allocation per token (activations and the KV cache are allocated once
// and written in place), residual adds fused into the projections, and all slots of a
// step multiplied against each weight row while it is in cache. It computes the same
// function as model::Transformer::forward (the tests compare the two).
#include "core/generate/cpu_kernels.h"
#include "core/generate/cached_attention_rows.h"
#include "core/generate/model_runner.h"
#include "core/gguf_model/gguf_stored_matrix.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lw::generate {

// Views of a CPU model's weights in the layout the kernels read: the model's own
// float32 tensors (no copy), bfloat16 copies of its matrices, or the matrices of a
// quantized GGUF file in their stored format (block formats, int8, NF4; no float copy).
// Immutable and shared by every runner made from it; holds references that keep the
// tensors and the file's map alive.
class CpuDecoderWeights {
public:
    CpuDecoderWeights(model::Transformer model, kernels::WeightType matrixType);
    // The matrices from `stored` (the same model's file), the norms, biases and position
    // embedding from `model`. A matrix with an adapter attached is taken from the model
    // (float32) with its adapter folded in; a stored type the kernels do not read (f16)
    // is converted to float32. lw::Error when a matrix is missing from `stored` or its
    // shape differs from the model's.
    CpuDecoderWeights(model::Transformer model, std::shared_ptr<const gguf_model::GgufStoredMatrices> stored);

    // Empty when the fused path can run `model`, else why not (device, dtype).
    static std::string unsupportedReason(const model::Transformer& model);

    const model::ModelConfig& config() const { return m_config; }
    kernels::WeightType matrixType() const { return m_matrixType; }
    // "q4_K, q6_K": the stored formats of the matrices, "" when they are all float.
    std::string storedFormats() const;
    // The same, one name per format.
    const std::vector<std::string>& storedTypes() const { return m_storedTypes; }
    // Weight bytes one decode step reads: every matrix (output projection included) plus
    // one embedding row, norms and biases.
    int64_t bytesPerStep() const { return m_bytesPerStep; }

    // Rows [rowStart, rowStart + matrix.rows) of a matrix whose rows are stored in
    // several parts (q, k and v of a GGUF file, possibly in different formats).
    struct MatrixSlice {
        int64_t rowStart = 0;
        kernels::WeightMatrix matrix;
    };
    struct Layer {
        std::vector<MatrixSlice> qkv; // one slice, or q, k and v
        kernels::WeightMatrix proj, up, down, gate; // gate: Llama only
        const float* qkvBias = nullptr;
        const float* projBias = nullptr;
        const float* upBias = nullptr;
        const float* downBias = nullptr;
        const float* norm1Gain = nullptr;
        const float* norm1Bias = nullptr;
        const float* norm2Gain = nullptr;
        const float* norm2Bias = nullptr;
    };
    std::vector<Layer> layers;
    kernels::WeightMatrix tokenEmbedding, output;
    const float* positionEmbedding = nullptr; // (context, d_model), GPT-2 only
    const float* finalGain = nullptr;
    const float* finalBias = nullptr;
    std::vector<float> ropeCos, ropeSin; // (context, head_dim / 2), Llama only

private:
    const float* floatVector(const torch::Tensor& t);
    kernels::WeightMatrix matrix(const torch::Tensor& t);
    // The parameter `name` of `model` as stored slices, or as one float32 slice of
    // `weight` (its adapter folded in) when `adapted` or absent from m_stored.
    std::vector<MatrixSlice> slices(const std::string& name, const torch::Tensor& weight, bool adapted);
    kernels::WeightMatrix single(const std::string& name, const torch::Tensor& weight, bool adapted);
    kernels::WeightMatrix storedMatrix(const gguf_model::StoredMatrix& m);
    void build(model::Transformer& model);

    model::ModelConfig m_config;
    kernels::WeightType m_matrixType;
    std::shared_ptr<const gguf_model::GgufStoredMatrices> m_stored;
    std::vector<std::string> m_storedTypes; // the stored formats in use, for description()
    std::map<std::string, std::vector<int64_t>> m_shapes; // every parameter's, from the configuration
    int64_t m_bytesPerStep = 0;
    std::vector<torch::Tensor> m_tensors;
};

class CpuModelRunner : public ModelRunner {
public:
    CpuModelRunner(std::shared_ptr<const CpuDecoderWeights> weights, int64_t slots, int64_t capacity);

    const model::ModelConfig& config() const override { return m_weights->config(); }
    int64_t slotCount() const override { return int64_t(m_lengths.size()); }
    int64_t capacity() const override { return m_capacity; }
    int64_t length(int64_t slot) const override { return m_lengths.at(size_t(slot)); }
    void forward(const std::vector<SlotInput>& inputs, float* logits) override;
    void truncate(int64_t slot, int64_t length) override;
    void copySlot(int64_t from, int64_t to) override;
    std::string description() const override;

private:
    struct RowSpan {
        int64_t slot, start, count; // rows [start, start+count) of this step, from position length(slot)
    };
    void ensureRows(int64_t rows);
    void embed(const std::vector<SlotInput>& inputs, const std::vector<RowSpan>& spans);
    void attention(int64_t layer, const std::vector<RowSpan>& spans);
    void applyRotary(const std::vector<RowSpan>& spans);
    float* keys(int64_t layer, int64_t slot) const;
    float* values(int64_t layer, int64_t slot) const;

    std::shared_ptr<const CpuDecoderWeights> m_weights;
    int64_t m_capacity, m_queryWidth, m_kvWidth, m_qkvWidth, m_ffWidth;
    std::vector<int64_t> m_lengths;
    std::vector<std::unique_ptr<float[]>> m_keys, m_values; // per layer: (slots, capacity, kv width)
    int64_t m_rowsAllocated = 0;
    std::vector<float> m_x, m_norm, m_qkv, m_att, m_hidden, m_gate, m_last;
    std::vector<kernels::CachedAttentionRow> m_attentionRows;
};

} // namespace lw::generate

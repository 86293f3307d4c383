#include "core/generate/cpu_decoder.h"

#include "core/generate/cpu_kernels_quant.h"
#include "core/model/causal_attention_cpu.h"
#include "core/model/rotary.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace lw::generate {

namespace {

// Rows of one sequence at least this long use the model's blocked attention kernel
// (BLAS products over query blocks); shorter ones, decode steps above all, the per-row kernel.
constexpr int64_t kBlockedAttentionRows = 64;

bool isGpt2(const model::ModelConfig& c)
{
    return c.family == model::Family::Gpt2;
}

} // namespace

std::string CpuDecoderWeights::unsupportedReason(const model::Transformer& model)
{
    const torch::Tensor first = model->parameters().front();
    if (!first.device().is_cpu())
        return "the model is on " + first.device().str();
    for (const auto& p : model->parameters())
        if (p.scalar_type() != torch::kFloat && p.scalar_type() != torch::kBFloat16)
            return std::string("the model's weights are ") + c10::toString(p.scalar_type());
    return {};
}

const float* CpuDecoderWeights::floatVector(const torch::Tensor& t)
{
    if (!t.defined())
        return nullptr;
    m_tensors.push_back(t.detach().to(torch::kFloat).contiguous());
    m_bytesPerStep += m_tensors.back().numel() * 4;
    return m_tensors.back().data_ptr<float>();
}

kernels::WeightMatrix CpuDecoderWeights::matrix(const torch::Tensor& t)
{
    if (t.size(0) == 0)
        throw Error("fused CPU decoder: a matrix of the model has no rows (left out of the float model)");
    const bool f32 = m_matrixType == kernels::WeightType::F32;
    m_tensors.push_back(t.detach().to(f32 ? torch::kFloat : torch::kBFloat16).contiguous());
    kernels::WeightMatrix w;
    w.data = m_tensors.back().data_ptr();
    w.type = m_matrixType;
    w.rows = t.size(0);
    w.cols = t.size(1);
    return w;
}

CpuDecoderWeights::CpuDecoderWeights(model::Transformer model, kernels::WeightType matrixType)
    : m_config(model->config()), m_matrixType(matrixType)
{
    build(model);
}

CpuDecoderWeights::CpuDecoderWeights(model::Transformer model,
                                     std::shared_ptr<const gguf_model::GgufStoredMatrices> stored)
    : m_config(model->config()), m_matrixType(kernels::WeightType::F32), m_stored(std::move(stored))
{
    if (!m_stored)
        throw Error("fused CPU decoder: no stored matrices given");
    build(model);
}

kernels::WeightMatrix CpuDecoderWeights::storedMatrix(const gguf_model::StoredMatrix& m)
{
    using kernels::WeightType;
    using gguf::GgmlType;
    kernels::WeightMatrix w;
    w.rows = m.rows;
    w.cols = m.cols;
    w.data = m.data;
    if (m.layout != gguf_model::StoredLayout::Ggml) {
        w.type = m.layout == gguf_model::StoredLayout::Int8Rows ? WeightType::I8Rows : WeightType::NF4;
        w.scales = m.scales.data();
        return w;
    }
    static const std::pair<GgmlType, WeightType> direct[] = {
        {GgmlType::F32, WeightType::F32},   {GgmlType::BF16, WeightType::BF16}, {GgmlType::Q8_0, WeightType::Q8_0},
        {GgmlType::Q4_0, WeightType::Q4_0}, {GgmlType::Q4_1, WeightType::Q4_1}, {GgmlType::Q5_0, WeightType::Q5_0},
        {GgmlType::Q5_1, WeightType::Q5_1}, {GgmlType::Q4_K, WeightType::Q4_K}, {GgmlType::Q5_K, WeightType::Q5_K},
        {GgmlType::Q6_K, WeightType::Q6_K}};
    for (const auto& [ggml, ours] : direct)
        if (m.type == ggml) {
            w.type = ours;
            return w;
        }
    // A type the kernels do not read (f16): as float32.
    std::vector<float> values = gguf_model::storedMatrixValues(m);
    m_tensors.push_back(torch::from_blob(values.data(), {m.rows, m.cols}, torch::kFloat).clone());
    w.data = m_tensors.back().data_ptr();
    w.type = WeightType::F32;
    return w;
}

std::vector<CpuDecoderWeights::MatrixSlice> CpuDecoderWeights::slices(const std::string& name,
                                                                      const torch::Tensor& weight, bool adapted)
{
    const std::vector<gguf_model::GgufStoredMatrices::Slice>* stored =
        m_stored && !adapted ? m_stored->find(name) : nullptr;
    if (!stored) {
        if (m_stored && !adapted)
            throw Error("fused CPU decoder: " + m_stored->path() + " holds no matrix for " + name);
        return {MatrixSlice{0, matrix(weight)}};
    }
    // The shape from the configuration: a matrix left out of the float model has no rows.
    const std::vector<int64_t>& shape = m_shapes.at(name);
    std::vector<MatrixSlice> out;
    int64_t rows = 0;
    for (const auto& s : *stored) {
        out.push_back({s.rowStart, storedMatrix(s.matrix)});
        rows += s.matrix.rows;
        if (s.matrix.cols != shape[1])
            throw Error("fused CPU decoder: " + name + " has " + std::to_string(s.matrix.cols) + " columns in " +
                        m_stored->path() + ", the model " + std::to_string(shape[1]));
        const std::string type = kernels::weightTypeName(out.back().matrix.type);
        if (std::find(m_storedTypes.begin(), m_storedTypes.end(), type) == m_storedTypes.end())
            m_storedTypes.push_back(type);
    }
    if (rows != shape[0])
        throw Error("fused CPU decoder: " + name + " has " + std::to_string(rows) + " rows in " + m_stored->path() +
                    ", the model " + std::to_string(shape[0]));
    return out;
}

kernels::WeightMatrix CpuDecoderWeights::single(const std::string& name, const torch::Tensor& weight, bool adapted)
{
    std::vector<MatrixSlice> s = slices(name, weight, adapted);
    if (s.size() != 1)
        throw Error("fused CPU decoder: " + name + " is stored in " + std::to_string(s.size()) + " parts");
    return s.front().matrix;
}

std::string CpuDecoderWeights::storedFormats() const
{
    std::string out;
    for (const std::string& t : m_storedTypes)
        out += (out.empty() ? "" : ", ") + t;
    return out;
}

void CpuDecoderWeights::build(model::Transformer& model)
{
    if (std::string why = unsupportedReason(model); !why.empty())
        throw Error("fused CPU decoder: " + why);
    if (!m_stored)
        model->requireAllMatrices(std::string("the fused CPU decoder on ") + kernels::weightTypeName(m_matrixType) +
                                  " weights");
    for (auto& [name, shape] : model::parameterShapes(m_config))
        m_shapes[name] = shape;
    torch::NoGradGuard noGrad;
    const model::ModelConfig& c = m_config;
    const bool gpt2 = isGpt2(c);
    // An adapter folds into the float matrix, which a model loaded for generation lacks.
    auto weight = [&model](const torch::Tensor& w, const model::LinearAdapterPtr& adapter) {
        if (adapter && w.size(0) == 0)
            model->requireAllMatrices("an adapter on the fused CPU decoder's matrices");
        return model::effectiveWeight(w, adapter);
    };
    for (int64_t i = 0; i < c.n_layer; ++i) {
        auto block = model->layers[size_t(i)]->as<model::Block>();
        auto& a = block->attention;
        auto& f = block->feedForward;
        const std::string prefix = (gpt2 ? "h." : "layers.") + std::to_string(i) + ".";
        Layer l;
        l.norm1Gain = floatVector(block->norm1->weight);
        l.norm1Bias = floatVector(block->norm1->bias);
        l.qkv = slices(prefix + (gpt2 ? "attn.c_attn.weight" : "attention.wqkv.weight"),
                       weight(a->qkv->weight, a->qkvAdapter), bool(a->qkvAdapter));
        l.qkvBias = floatVector(a->qkv->bias);
        l.proj = single(prefix + (gpt2 ? "attn.c_proj.weight" : "attention.wo.weight"),
                        weight(a->proj->weight, a->projAdapter), bool(a->projAdapter));
        l.projBias = floatVector(a->proj->bias);
        l.norm2Gain = floatVector(block->norm2->weight);
        l.norm2Bias = floatVector(block->norm2->bias);
        l.up = single(prefix + (gpt2 ? "mlp.c_fc.weight" : "feed_forward.w3.weight"), weight(f->up->weight, f->upAdapter),
                      bool(f->upAdapter));
        l.upBias = floatVector(f->up->bias);
        l.down = single(prefix + (gpt2 ? "mlp.c_proj.weight" : "feed_forward.w2.weight"),
                        weight(f->down->weight, f->downAdapter), bool(f->downAdapter));
        l.downBias = floatVector(f->down->bias);
        if (f->gate)
            l.gate = single(prefix + "feed_forward.w1.weight", weight(f->gate->weight, f->gateAdapter),
                            bool(f->gateAdapter));
        for (const MatrixSlice& s : l.qkv)
            m_bytesPerStep += s.matrix.bytes();
        m_bytesPerStep += l.proj.bytes() + l.up.bytes() + l.down.bytes() + l.gate.bytes();
        layers.push_back(l);
    }
    finalGain = floatVector(model->finalNorm->weight);
    finalBias = floatVector(model->finalNorm->bias);
    const std::string embeddingName = gpt2 ? "wte.weight" : "tok_embeddings.weight";
    tokenEmbedding = single(embeddingName, model->tokenEmbedding->weight, false);
    // An adapted head is a matrix of its own even when the embedding is tied.
    output = c.tie_embeddings && !model->headAdapter
                 ? tokenEmbedding
                 : single(gpt2 ? "lm_head.weight" : "output.weight",
                          weight(model->outputWeight(), model->headAdapter), bool(model->headAdapter));
    m_bytesPerStep += output.bytes() + tokenEmbedding.bytes() / tokenEmbedding.rows;
    if (model->positionEmbedding) {
        m_tensors.push_back(model->positionEmbedding->weight.detach().to(torch::kFloat).contiguous());
        positionEmbedding = m_tensors.back().data_ptr<float>();
        m_bytesPerStep += c.d_model * 4;
    }
    if (!isGpt2(c)) {
        // The same table as model::RotaryTable: angles in double, rounded to float.
        const int64_t half = c.headDim() / 2;
        const std::vector<double> inverse = model::ropeInverseFrequencies(c);
        ropeCos.resize(size_t(c.context_length * half));
        ropeSin.resize(size_t(c.context_length * half));
        for (int64_t p = 0; p < c.context_length; ++p)
            for (int64_t i = 0; i < half; ++i) {
                const double angle = double(p) * inverse[size_t(i)];
                ropeCos[size_t(p * half + i)] = float(std::cos(angle));
                ropeSin[size_t(p * half + i)] = float(std::sin(angle));
            }
    }
}

CpuModelRunner::CpuModelRunner(std::shared_ptr<const CpuDecoderWeights> weights, int64_t slots, int64_t capacity)
    : m_weights(std::move(weights))
{
    const model::ModelConfig& c = m_weights->config();
    if (slots <= 0)
        throw Error("model runner: needs at least one slot");
    m_capacity = capacity > 0 ? std::min(capacity, c.context_length) : c.context_length;
    m_queryWidth = c.queryWidth();
    m_kvWidth = c.kvWidth();
    m_qkvWidth = m_queryWidth + 2 * m_kvWidth;
    m_ffWidth = c.ffDim();
    m_lengths.assign(size_t(slots), 0);
    // Left uninitialised: pages are only touched as positions are written.
    const size_t perLayer = size_t(slots * m_capacity * m_kvWidth);
    for (int64_t i = 0; i < c.n_layer; ++i) {
        m_keys.emplace_back(new float[perLayer]);
        m_values.emplace_back(new float[perLayer]);
    }
}

float* CpuModelRunner::keys(int64_t layer, int64_t slot) const
{
    return m_keys[size_t(layer)].get() + slot * m_capacity * m_kvWidth;
}

float* CpuModelRunner::values(int64_t layer, int64_t slot) const
{
    return m_values[size_t(layer)].get() + slot * m_capacity * m_kvWidth;
}

void CpuModelRunner::ensureRows(int64_t rows)
{
    if (rows <= m_rowsAllocated)
        return;
    const model::ModelConfig& c = m_weights->config();
    m_rowsAllocated = rows;
    m_x.resize(size_t(rows * c.d_model));
    m_norm.resize(size_t(rows * c.d_model));
    m_qkv.resize(size_t(rows * m_qkvWidth));
    m_att.resize(size_t(rows * m_queryWidth));
    m_hidden.resize(size_t(rows * m_ffWidth));
    if (!isGpt2(c))
        m_gate.resize(size_t(rows * m_ffWidth));
    m_last.resize(size_t(rows * c.d_model));
}

void CpuModelRunner::embed(const std::vector<SlotInput>& inputs, const std::vector<RowSpan>& spans)
{
    const CpuDecoderWeights& w = *m_weights;
    const int64_t d = w.config().d_model, vocab = w.config().vocab_size;
    for (size_t i = 0; i < inputs.size(); ++i)
        for (int64_t j = 0; j < spans[i].count; ++j) {
            const int32_t token = inputs[i].tokens[size_t(j)];
            if (token < 0 || token >= vocab)
                throw Error("token id " + std::to_string(token) + " is outside the model's vocabulary of " +
                            std::to_string(vocab));
            float* row = m_x.data() + (spans[i].start + j) * d;
            kernels::weightRow(w.tokenEmbedding, token, row);
            if (w.positionEmbedding)
                kernels::addInPlace(row, w.positionEmbedding + (m_lengths[size_t(spans[i].slot)] + j) * d, d);
        }
}

void CpuModelRunner::applyRotary(const std::vector<RowSpan>& spans)
{
    const CpuDecoderWeights& w = *m_weights;
    const model::ModelConfig& c = w.config();
    const int64_t hd = c.headDim(), half = hd / 2, heads = c.n_head + c.kvHeads(); // q and k heads
    for (const RowSpan& s : spans)
        for (int64_t j = 0; j < s.count; ++j) {
            const int64_t position = m_lengths[size_t(s.slot)] + j;
            const float* cosRow = w.ropeCos.data() + position * half;
            const float* sinRow = w.ropeSin.data() + position * half;
            float* row = m_qkv.data() + (s.start + j) * m_qkvWidth;
            for (int64_t h = 0; h < heads; ++h) {
                float* x1 = row + h * hd;
                float* x2 = x1 + half;
                for (int64_t i = 0; i < half; ++i) {
                    const float a = x1[i], b = x2[i];
                    x1[i] = a * cosRow[i] - b * sinRow[i];
                    x2[i] = b * cosRow[i] + a * sinRow[i];
                }
            }
        }
}

void CpuModelRunner::attention(int64_t layer, const std::vector<RowSpan>& spans)
{
    const model::ModelConfig& c = m_weights->config();
    const int64_t q = m_queryWidth, hd = c.headDim();
    // Store the new keys and values in place, then attend.
    for (const RowSpan& s : spans)
        for (int64_t j = 0; j < s.count; ++j) {
            const float* row = m_qkv.data() + (s.start + j) * m_qkvWidth;
            const int64_t position = m_lengths[size_t(s.slot)] + j;
            std::memcpy(keys(layer, s.slot) + position * m_kvWidth, row + q, sizeof(float) * size_t(m_kvWidth));
            std::memcpy(values(layer, s.slot) + position * m_kvWidth, row + q + m_kvWidth,
                        sizeof(float) * size_t(m_kvWidth));
        }
    m_attentionRows.clear();
    for (const RowSpan& s : spans) {
        const int64_t start = m_lengths[size_t(s.slot)];
        if (s.count >= kBlockedAttentionRows) {
            model::cpu::AttentionShape shape;
            shape.batch = 1;
            shape.nHead = c.n_head;
            shape.nKvHead = c.kvHeads();
            shape.headDim = hd;
            shape.queryLength = s.count;
            shape.keyLength = start + s.count;
            model::cpu::AttentionBuffers b;
            b.q = m_qkv.data() + s.start * m_qkvWidth;
            b.qRowStride = m_qkvWidth;
            b.k = keys(layer, s.slot);
            b.kRowStride = m_kvWidth;
            b.v = values(layer, s.slot);
            b.vRowStride = m_kvWidth;
            b.out = m_att.data() + s.start * q;
            b.outRowStride = q;
            model::cpu::attentionForward(shape, b);
            continue;
        }
        for (int64_t j = 0; j < s.count; ++j) {
            kernels::CachedAttentionRow row;
            row.q = m_qkv.data() + (s.start + j) * m_qkvWidth;
            row.keys = keys(layer, s.slot);
            row.values = values(layer, s.slot);
            row.keyCount = start + j + 1;
            row.out = m_att.data() + (s.start + j) * q;
            m_attentionRows.push_back(row);
        }
    }
    if (!m_attentionRows.empty())
        kernels::cachedAttentionRows(m_attentionRows.data(), int64_t(m_attentionRows.size()), c.n_head, c.kvHeads(), hd,
                                     m_kvWidth);
}

void CpuModelRunner::forward(const std::vector<SlotInput>& inputs, float* logits)
{
    const CpuDecoderWeights& w = *m_weights;
    const model::ModelConfig& c = w.config();
    const int64_t d = c.d_model;
    const float eps = float(c.norm_eps);
    const bool gpt2 = isGpt2(c);

    std::vector<RowSpan> spans;
    int64_t rows = 0;
    for (const SlotInput& in : inputs) {
        if (in.slot < 0 || in.slot >= slotCount())
            throw Error("model runner: no slot " + std::to_string(in.slot));
        if (in.tokens.empty())
            throw Error("model runner: empty input for slot " + std::to_string(in.slot));
        const int64_t count = int64_t(in.tokens.size());
        if (m_lengths[size_t(in.slot)] + count > m_capacity)
            throw Error("model runner: slot " + std::to_string(in.slot) + " would hold " +
                        std::to_string(m_lengths[size_t(in.slot)] + count) + " positions, more than its " +
                        std::to_string(m_capacity));
        for (const RowSpan& s : spans)
            if (s.slot == in.slot)
                throw Error("model runner: slot " + std::to_string(in.slot) + " given twice in one step");
        spans.push_back({in.slot, rows, count});
        rows += count;
    }
    ensureRows(rows);
    embed(inputs, spans);

    auto norm = [&](const float* x, float* y, int64_t n, const float* gain, const float* bias) {
        if (gpt2)
            kernels::layerNorm(x, y, n, d, gain, bias, eps);
        else
            kernels::rmsNorm(x, y, n, d, gain, eps);
    };
    for (int64_t i = 0; i < c.n_layer; ++i) {
        const CpuDecoderWeights::Layer& l = w.layers[size_t(i)];
        norm(m_x.data(), m_norm.data(), rows, l.norm1Gain, l.norm1Bias);
        for (const CpuDecoderWeights::MatrixSlice& s : l.qkv)
            kernels::linear(m_norm.data(), rows, d, s.matrix, l.qkvBias ? l.qkvBias + s.rowStart : nullptr,
                            m_qkv.data() + s.rowStart, m_qkvWidth, false);
        if (!gpt2)
            applyRotary(spans);
        attention(i, spans);
        kernels::linear(m_att.data(), rows, m_queryWidth, l.proj, l.projBias, m_x.data(), d, true);
        norm(m_x.data(), m_norm.data(), rows, l.norm2Gain, l.norm2Bias);
        kernels::linear(m_norm.data(), rows, d, l.up, l.upBias, m_hidden.data(), m_ffWidth, false);
        if (gpt2) {
            kernels::geluTanhInPlace(m_hidden.data(), rows * m_ffWidth);
        } else {
            kernels::linear(m_norm.data(), rows, d, l.gate, nullptr, m_gate.data(), m_ffWidth, false);
            kernels::siluMultiplyInPlace(m_gate.data(), m_hidden.data(), rows * m_ffWidth);
            std::swap(m_gate, m_hidden);
        }
        kernels::linear(m_hidden.data(), rows, m_ffWidth, l.down, l.downBias, m_x.data(), d, true);
    }
    // Only the last position of each input needs logits.
    for (size_t i = 0; i < spans.size(); ++i)
        std::memcpy(m_last.data() + int64_t(i) * d, m_x.data() + (spans[i].start + spans[i].count - 1) * d,
                    sizeof(float) * size_t(d));
    const int64_t n = int64_t(spans.size());
    norm(m_last.data(), m_norm.data(), n, w.finalGain, w.finalBias);
    kernels::linear(m_norm.data(), n, d, w.output, nullptr, logits, c.vocab_size, false);
    for (const RowSpan& s : spans)
        m_lengths[size_t(s.slot)] += s.count;
}

void CpuModelRunner::truncate(int64_t slot, int64_t length)
{
    if (length < 0 || length > m_lengths.at(size_t(slot)))
        throw Error("model runner: cannot truncate slot " + std::to_string(slot) + " to " + std::to_string(length));
    m_lengths[size_t(slot)] = length;
}

void CpuModelRunner::copySlot(int64_t from, int64_t to)
{
    if (from == to)
        return;
    const int64_t length = m_lengths.at(size_t(from));
    (void)m_lengths.at(size_t(to)); // bounds check before writing
    for (int64_t i = 0; i < m_weights->config().n_layer; ++i) {
        std::memcpy(keys(i, to), keys(i, from), sizeof(float) * size_t(length * m_kvWidth));
        std::memcpy(values(i, to), values(i, from), sizeof(float) * size_t(length * m_kvWidth));
    }
    m_lengths[size_t(to)] = length;
}

namespace {

// The instruction sets of the kernels that run the stored formats: the quantized
// kernels' for block, int8 and NF4 matrices, the float kernels' for f32 and bf16 ones.
std::string kernelsInUse(const std::vector<std::string>& storedTypes)
{
    bool quantized = false, floating = storedTypes.empty();
    for (const std::string& type : storedTypes)
        (type == "f32" || type == "bf16" ? floating : quantized) = true;
    if (!quantized)
        return kernels::kernelName();
    const std::string quant = kernels::quantKernelName() + " quantized";
    return floating ? quant + " and " + kernels::kernelName() + " float" : quant;
}

} // namespace

std::string CpuModelRunner::description() const
{
    const std::string stored = m_weights->storedFormats();
    const std::string weights = !stored.empty() ? stored
                                : m_weights->matrixType() == kernels::WeightType::F32 ? "fp32"
                                                                                      : "bf16";
    return "fused CPU, " + weights + " weights, " + kernelsInUse(m_weights->storedTypes()) + " kernels";
}

} // namespace lw::generate

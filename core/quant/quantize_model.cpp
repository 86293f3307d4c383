#include "core/quant/quantize_model.h"

#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/quant/calibrated_method.h"
#include "core/quant/nf4.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <numeric>

namespace lw::quant {

namespace {

using gguf_model::StoredLayout;
using Clock = std::chrono::steady_clock;

// Rows per task of the parallel loops: enough work to pay for a task.
int64_t rowGrain(int64_t cols)
{
    return std::max<int64_t>(1, 65536 / std::max<int64_t>(cols, 1));
}

// Counts finished matrices and reports; shared by every tensor's writer callback.
class ProgressCounter {
public:
    ProgressCounter(int64_t tensors, int64_t bytes, QuantizeProgressFn fn) : m_fn(std::move(fn)), m_start(Clock::now())
    {
        m_state.tensorsTotal = tensors;
        m_state.bytesTotal = bytes;
    }
    void tensorDone(int64_t floatBytes)
    {
        m_state.tensorsDone += 1;
        m_state.bytesDone += floatBytes;
        m_state.seconds = std::chrono::duration<double>(Clock::now() - m_start).count();
        m_state.etaSeconds = m_state.bytesDone > 0 ? m_state.seconds *
                                                         double(m_state.bytesTotal - m_state.bytesDone) /
                                                         double(m_state.bytesDone)
                                                   : 0;
        if (m_fn && !m_fn(m_state))
            throw Error("cancelled");
    }
    double seconds() const { return std::chrono::duration<double>(Clock::now() - m_start).count(); }

private:
    QuantizeProgressFn m_fn;
    Clock::time_point m_start;
    QuantizeProgress m_state;
};

template <class T>
void writeVector(gguf::GgufTensorSink& sink, const std::vector<T>& v)
{
    sink.write(v.data(), v.size() * sizeof(T));
}

void writeTensor(gguf::GgufTensorSink& sink, const torch::Tensor& t)
{
    sink.write(t.data_ptr(), size_t(t.numel() * t.element_size()));
}

int64_t ggmlRowBytes(gguf::GgmlType type, int64_t cols)
{
    uint64_t bytes = 0;
    if (!gguf::ggmlByteSize(type, uint64_t(cols), bytes))
        throw Error::inField("cols", std::to_string(cols) + " columns are not whole " +
                                         gguf::ggmlTypeInfo(type).name + " blocks");
    return int64_t(bytes);
}

// Refuses precomputed blocks and importance vectors that do not fit the plan, naming them.
void checkCalibrationInputs(const std::vector<MatrixPlan>& plans, const QuantizeOptions& options)
{
    std::map<std::string, const MatrixPlan*> byOurs, byTensor;
    std::map<std::string, int64_t> ourRows;
    for (const MatrixPlan& p : plans) {
        byTensor[p.tensor] = &p;
        byOurs[p.ours] = &p;
        ourRows[p.ours] += p.rows;
    }
    for (const auto& [name, pre] : options.precomputed) {
        auto it = byOurs.find(name);
        if (it == byOurs.end())
            throw Error::inField(name, "precomputed blocks for a matrix the model does not have");
        const int64_t expected = ourRows.at(name) * ggmlRowBytes(pre.type, it->second->cols);
        if (!pre.blocks.defined() || pre.blocks.scalar_type() != torch::kUInt8 || !pre.blocks.is_contiguous() ||
            pre.blocks.numel() != expected)
            throw Error::inField(name, "precomputed " + std::string(gguf::ggmlTypeInfo(pre.type).name) +
                                           " blocks must be " + std::to_string(expected) + " contiguous bytes");
    }
    for (const auto& [tensor, pre] : options.precomputedTensors) {
        auto it = byTensor.find(tensor);
        if (it == byTensor.end())
            throw Error::inField(tensor, "precomputed blocks for a tensor the model does not have");
        const int64_t expected = it->second->rows * ggmlRowBytes(pre.type, it->second->cols);
        if (!pre.blocks.defined() || pre.blocks.scalar_type() != torch::kUInt8 || !pre.blocks.is_contiguous() ||
            pre.blocks.numel() != expected)
            throw Error::inField(tensor, "precomputed " + std::string(gguf::ggmlTypeInfo(pre.type).name) +
                                             " blocks must be " + std::to_string(expected) + " contiguous bytes");
    }
    for (const auto& [tensor, weights] : options.importance) {
        auto it = byTensor.find(tensor);
        if (it == byTensor.end())
            throw Error::inField(tensor, "an importance vector for a matrix the model does not have");
        checkImportanceVector(*it->second, weights);
    }
}

// The part's rows of precomputed blocks that start at our row `blocksRowStart`, in the
// file's row order. Rows are independent in every block format, so a row slice of the
// blocks is exactly the blocks of the row slice, and so is a permutation of rows.
std::vector<uint8_t> precomputedPartBlocks(const PrecomputedBlocks& pre, const gguf_model::GgufTensorPart& part,
                                           int64_t rows, int64_t rowBytes, int64_t blocksRowStart)
{
    std::vector<int64_t> order(static_cast<size_t>(rows));
    std::iota(order.begin(), order.end(), int64_t(0));
    if (part.permuteHeads > 0) {
        // The permutation of the values applied to the row indices themselves.
        std::vector<float> index(order.begin(), order.end()), permuted(static_cast<size_t>(rows));
        gguf_model::permuteRotaryRows(index.data(), permuted.data(), part.permuteHeads, rows, 1, true);
        for (int64_t r = 0; r < rows; ++r)
            order[size_t(r)] = int64_t(permuted[size_t(r)]);
    }
    const int64_t start = (part.rows >= 0 ? part.rowStart : 0) - blocksRowStart;
    const uint8_t* source = pre.blocks.data_ptr<uint8_t>();
    std::vector<uint8_t> out(size_t(rows * rowBytes));
    for (int64_t r = 0; r < rows; ++r)
        std::memcpy(out.data() + r * rowBytes, source + (start + order[size_t(r)]) * rowBytes, size_t(rowBytes));
    return out;
}

// Block-format rows weighted by `importance` (gguf::quantizeWeighted), rows split across threads.
std::vector<uint8_t> quantizeImportanceWeighted(const float* values, int64_t rows, int64_t cols, gguf::GgmlType type,
                                                const std::vector<float>& importance)
{
    const int64_t rowBytes = ggmlRowBytes(type, cols);
    std::vector<uint8_t> out(size_t(rows * rowBytes));
    at::parallel_for(0, rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
        gguf::quantizeWeighted(type, values + begin * cols, out.data() + begin * rowBytes, end - begin, cols,
                               importance.data());
    });
    return out;
}

} // namespace

void checkImportanceVector(const MatrixPlan& plan, const std::vector<float>& importance)
{
    if (int64_t(importance.size()) != plan.cols)
        throw Error::inField(plan.tensor, "the importance vector has " + std::to_string(importance.size()) +
                                              " values; the matrix has " + std::to_string(plan.cols) +
                                              " input columns");
}

void quantizeInt8Rows(const float* values, int64_t rows, int64_t cols, int8_t* codes, float* scales)
{
    at::parallel_for(0, rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
        for (int64_t r = begin; r < end; ++r) {
            const float* row = values + r * cols;
            float maxAbs = 0;
            for (int64_t c = 0; c < cols; ++c)
                maxAbs = std::max(maxAbs, std::fabs(row[c]));
            const float scale = maxAbs / 127.0f;
            scales[r] = scale;
            for (int64_t c = 0; c < cols; ++c)
                codes[r * cols + c] = scale > 0 ? int8_t(std::round(row[c] / scale)) : int8_t(0);
        }
    });
}

std::vector<uint8_t> quantizeMatrix(const float* values, int64_t rows, int64_t cols, const MatrixEncoding& encoding)
{
    if (encoding.layout == StoredLayout::Int8Rows) {
        std::vector<uint8_t> codes(static_cast<size_t>(rows * cols));
        std::vector<float> scales(static_cast<size_t>(rows));
        quantizeInt8Rows(values, rows, cols, reinterpret_cast<int8_t*>(codes.data()), scales.data());
        return codes;
    }
    if (encoding.layout == StoredLayout::Nf4) {
        const torch::Tensor w = torch::from_blob(const_cast<float*>(values), {rows, cols}, torch::kFloat);
        const Nf4Tensor t = quantizeNf4(w, "matrix");
        const auto* p = t.codes.data_ptr<uint8_t>();
        return std::vector<uint8_t>(p, p + t.codes.numel());
    }
    const int64_t rowBytes = encodedBytes(encoding, 1, cols);
    std::vector<uint8_t> out(size_t(rows * rowBytes));
    at::parallel_for(0, rows, rowGrain(cols), [&](int64_t begin, int64_t end) {
        gguf::quantize(encoding.type, values + begin * cols, out.data() + begin * rowBytes,
                       uint64_t((end - begin) * cols));
    });
    return out;
}

QuantizeResult quantizeModel(model::Transformer& model, const tokenizer::Tokenizer* tokenizer, const std::string& path,
                             const QuantizeOptions& options, const QuantizeProgressFn& progress)
{
    const model::ModelConfig& config = model->config();
    const std::string rounding = roundingMethod(options.method);
    std::vector<MatrixPlan> plans = planMatrices(config, rounding);
    checkCalibrationInputs(plans, options);
    std::map<std::string, MatrixPlan> planOf;
    nlohmann::json types = nlohmann::json::object();
    int64_t matrixBytes = 0;
    for (MatrixPlan& p : plans) {
        auto pre = options.precomputed.find(p.ours);
        auto preTensor = options.precomputedTensors.find(p.tensor);
        if (preTensor != options.precomputedTensors.end())
            p.encoding = MatrixEncoding{StoredLayout::Ggml, preTensor->second.type};
        else if (pre != options.precomputed.end())
            p.encoding = MatrixEncoding{StoredLayout::Ggml, pre->second.type};
        else if (p.encoding.layout == StoredLayout::Ggml && !gguf::ggmlTypeInfo(p.encoding.type).quantizable)
            throw Error::inField("method", options.method + " stores " + p.tensor + " as " + p.encoding.name() +
                                               ", which this build cannot write yet");
        planOf[p.tensor] = p;
        types[p.encoding.name()] = types.value(p.encoding.name(), 0) + 1;
        matrixBytes += p.rows * p.cols * 4;
    }
    QuantizeResult result;
    result.settings = {{"method", options.method}, {"matrix_types", types}};
    if (!options.importance.empty())
        result.settings["importance_matrices"] = options.importance.size();
    if (!options.precomputed.empty() || !options.precomputedTensors.empty())
        result.settings["precomputed_matrices"] = options.precomputed.size() + options.precomputedTensors.size();
    result.settings.update(options.extraSettings);

    gguf::GgufWriter writer = gguf_model::ggufModelWriter(config, tokenizer, options.chatTemplate, options.name,
                                                          quantizationFileType(rounding));
    writer.add(gguf_model::kQuantizationKey, gguf::GgufValue::string(options.method));
    writer.add(gguf_model::kQuantizationSourceKey, gguf::GgufValue::string(options.source));
    writer.add(gguf_model::kQuantizationSettingsKey, gguf::GgufValue::string(result.settings.dump()));

    const std::map<std::string, torch::Tensor> parameters = gguf_model::parametersByName(model);
    const std::vector<gguf_model::GgufTensorPart> parts =
        gguf_model::ggufTensorParts(config, gguf_model::ggufArchitectureFor(config));
    auto counter = std::make_shared<ProgressCounter>(int64_t(parts.size()), matrixBytes, progress);
    for (const gguf_model::GgufTensorPart& part : parts) {
        const torch::Tensor source = parameters.at(part.ours);
        const std::vector<uint64_t> dims = gguf_model::ggufPartDims(part, source);
        auto planIt = planOf.find(part.gguf);
        if (planIt == planOf.end()) {
            writer.addTensor(part.gguf, dims, gguf::GgmlType::F32, [source, part, counter](gguf::GgufTensorSink& sink) {
                writeVector(sink, gguf_model::ggufPartValues(source, part));
                counter->tensorDone(0);
            });
            continue;
        }
        const MatrixPlan plan = planIt->second;
        const int64_t floatBytes = plan.rows * plan.cols * 4;
        auto pre = options.precomputed.find(part.ours);
        auto preTensor = options.precomputedTensors.find(part.gguf);
        if (preTensor != options.precomputedTensors.end() || pre != options.precomputed.end()) {
            const bool ofTensor = preTensor != options.precomputedTensors.end();
            const PrecomputedBlocks blocks = ofTensor ? preTensor->second : pre->second;
            const int64_t blocksRowStart = ofTensor ? plan.rowStart : 0;
            writer.addTensor(part.gguf, dims, blocks.type,
                             [blocks, part, plan, floatBytes, counter, blocksRowStart](auto& sink) {
                                 writeVector(sink, precomputedPartBlocks(blocks, part, plan.rows,
                                                                         ggmlRowBytes(blocks.type, plan.cols),
                                                                         blocksRowStart));
                                 counter->tensorDone(floatBytes);
                             });
            continue;
        }
        auto weights = options.importance.find(part.gguf);
        if (plan.encoding.layout == StoredLayout::Ggml && weights != options.importance.end()) {
            const std::vector<float> importance = weights->second;
            writer.addTensor(part.gguf, dims, plan.encoding.type,
                             [source, part, plan, floatBytes, counter, importance](auto& sink) {
                                 const std::vector<float> values = gguf_model::ggufPartValues(source, part);
                                 writeVector(sink, quantizeImportanceWeighted(values.data(), plan.rows, plan.cols,
                                                                              plan.encoding.type, importance));
                                 counter->tensorDone(floatBytes);
                             });
        } else if (plan.encoding.layout == StoredLayout::Ggml) {
            writer.addTensor(part.gguf, dims, plan.encoding.type, [source, part, plan, floatBytes, counter](auto& sink) {
                const std::vector<float> values = gguf_model::ggufPartValues(source, part);
                writeVector(sink, quantizeMatrix(values.data(), plan.rows, plan.cols, plan.encoding));
                counter->tensorDone(floatBytes);
            });
        } else if (plan.encoding.layout == StoredLayout::Int8Rows) {
            auto scales = std::make_shared<std::vector<float>>(size_t(plan.rows));
            writer.addTensor(part.gguf, dims, gguf::GgmlType::I8,
                             [source, part, plan, floatBytes, counter, scales](gguf::GgufTensorSink& sink) {
                                 const std::vector<float> values = gguf_model::ggufPartValues(source, part);
                                 std::vector<int8_t> codes(values.size());
                                 quantizeInt8Rows(values.data(), plan.rows, plan.cols, codes.data(), scales->data());
                                 writeVector(sink, codes);
                                 counter->tensorDone(floatBytes);
                             });
            // Written after the codes, whose callback fills it.
            writer.addTensor(part.gguf + gguf_model::kInt8ScaleSuffix, {uint64_t(plan.rows)}, gguf::GgmlType::F32,
                             [scales](gguf::GgufTensorSink& sink) { writeVector(sink, *scales); });
        } else {
            auto nf4 = std::make_shared<Nf4Tensor>();
            writer.addTensor(part.gguf, {uint64_t(plan.cols / 2), uint64_t(plan.rows)}, gguf::GgmlType::I8,
                             [source, part, plan, floatBytes, counter, nf4](gguf::GgufTensorSink& sink) {
                                 std::vector<float> values = gguf_model::ggufPartValues(source, part);
                                 *nf4 = quantizeNf4(torch::from_blob(values.data(), {plan.rows, plan.cols}), part.gguf);
                                 writeTensor(sink, nf4->codes);
                                 counter->tensorDone(floatBytes);
                             });
            const int64_t blocks = plan.rows * plan.cols / kNf4BlockSize;
            writer.addTensor(part.gguf + gguf_model::kNf4AbsmaxSuffix, {uint64_t(blocks)}, gguf::GgmlType::I8,
                             [nf4](gguf::GgufTensorSink& sink) { writeTensor(sink, nf4->absmaxCodes); });
            writer.addTensor(part.gguf + gguf_model::kNf4AbsmaxScaleSuffix,
                             {uint64_t((blocks + kNf4AbsmaxBlockSize - 1) / kNf4AbsmaxBlockSize)}, gguf::GgmlType::F32,
                             [nf4](gguf::GgufTensorSink& sink) { writeTensor(sink, nf4->absmaxScales); });
            writer.addTensor(part.gguf + gguf_model::kNf4AbsmaxMeanSuffix, {1}, gguf::GgmlType::F32,
                             [nf4](gguf::GgufTensorSink& sink) { sink.write(&nf4->absmaxMean, sizeof(float)); });
        }
    }
    torch::NoGradGuard noGrad;
    writer.write(path);
    result.path = path;
    result.fileBytes = int64_t(std::filesystem::file_size(path));
    result.parameters = config.parameterCount();
    result.bitsPerWeight = result.parameters > 0 ? 8.0 * double(result.fileBytes) / double(result.parameters) : 0;
    result.seconds = counter->seconds();
    return result;
}

} // namespace lw::quant

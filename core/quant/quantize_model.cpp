#include "core/quant/quantize_model.h"

#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/quant/nf4.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>

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

} // namespace

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
    const std::vector<MatrixPlan> plans = planMatrices(config, options.method);
    std::map<std::string, MatrixPlan> planOf;
    nlohmann::json types = nlohmann::json::object();
    int64_t matrixBytes = 0;
    for (const MatrixPlan& p : plans) {
        if (p.encoding.layout == StoredLayout::Ggml && !gguf::ggmlTypeInfo(p.encoding.type).quantizable)
            throw Error::inField("method", options.method + " stores " + p.tensor + " as " + p.encoding.name() +
                                               ", which this build cannot write yet");
        planOf[p.tensor] = p;
        types[p.encoding.name()] = types.value(p.encoding.name(), 0) + 1;
        matrixBytes += p.rows * p.cols * 4;
    }
    QuantizeResult result;
    result.settings = {{"method", options.method}, {"matrix_types", types}};

    gguf::GgufWriter writer = gguf_model::ggufModelWriter(config, tokenizer, options.chatTemplate, options.name,
                                                          quantizationFileType(options.method));
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
        if (plan.encoding.layout == StoredLayout::Ggml) {
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

#include "core/gguf_model/gguf_stored_matrix.h"

#include "core/gguf_model/gguf_model_config.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/model/transformer.h"
#include "core/quant/nf4_values.h"
#include "core/util/error.h"

#include <cstring>

namespace lw::gguf_model {

namespace {

constexpr int64_t kNf4Block = 64;
constexpr int64_t kNf4AbsmaxBlock = 256;

const gguf::GgufTensorInfo& companion(const gguf::GgufFile& file, const std::string& name, gguf::GgmlType type,
                                      uint64_t elements, std::vector<std::string>* companions)
{
    const gguf::GgufTensorInfo* t = file.findTensor(name);
    if (!t)
        throw Error::inFile(file.path(), "tensor '" + name + "' is missing");
    if (t->type != type || t->dims.size() != 1 || t->dims[0] != elements)
        throw Error::inFile(file.path(), "tensor '" + name + "' should be " + gguf::ggmlTypeName(uint32_t(type)) +
                                             " [" + std::to_string(elements) + "], is " +
                                             gguf::ggmlTypeName(uint32_t(t->type)) + " with " +
                                             std::to_string(t->dims.size()) + " dims");
    if (companions)
        companions->push_back(name);
    return *t;
}

std::vector<float> floatsOf(const gguf::GgufTensorInfo& t)
{
    std::vector<float> out(size_t(t.elementCount));
    std::memcpy(out.data(), t.data, out.size() * sizeof(float));
    return out;
}

void checkDims(const gguf::GgufFile& file, const gguf::GgufTensorInfo& t, uint64_t inner, uint64_t rows)
{
    if (t.dims != std::vector<uint64_t>{inner, rows})
        throw Error::inFile(file.path(), "tensor '" + t.name + "' has " + std::to_string(t.dims.size()) +
                                             " dims, expected [" + std::to_string(inner) + ", " +
                                             std::to_string(rows) + "] for its " +
                                             gguf::ggmlTypeName(uint32_t(t.type)) + " layout");
}

} // namespace

int64_t StoredMatrix::rowBytes() const
{
    switch (layout) {
    case StoredLayout::Int8Rows: return cols;
    case StoredLayout::Nf4: return cols / 2;
    case StoredLayout::Ggml: break;
    }
    const gguf::GgmlTypeInfo& info = gguf::ggmlTypeInfo(type);
    return cols / info.blockSize * info.bytesPerBlock;
}

int64_t StoredMatrix::bytes() const
{
    return rows * rowBytes() + int64_t(scales.size() * sizeof(float));
}

std::string extensionMethod(const gguf::GgufFile& file)
{
    const gguf::GgufValue* v = file.find(kQuantizationKey);
    if (!v || v->type() != gguf::GgufValueType::String)
        return "";
    const std::string method = v->as<std::string>(kQuantizationKey);
    return method == "int8" || method == "nf4" ? method : "";
}

StoredMatrix readStoredMatrix(const gguf::GgufFile& file, const std::string& name, int64_t rows, int64_t cols,
                              std::vector<std::string>* companions)
{
    const gguf::GgufTensorInfo& t = file.tensor(name);
    StoredMatrix m;
    m.rows = rows;
    m.cols = cols;
    m.type = t.type;
    m.data = t.data;
    const std::string method = t.type == gguf::GgmlType::I8 ? extensionMethod(file) : "";
    if (method == "int8") {
        m.layout = StoredLayout::Int8Rows;
        checkDims(file, t, uint64_t(cols), uint64_t(rows));
        m.scales = floatsOf(companion(file, name + kInt8ScaleSuffix, gguf::GgmlType::F32, uint64_t(rows), companions));
        return m;
    }
    if (method == "nf4") {
        m.layout = StoredLayout::Nf4;
        if (cols % kNf4Block != 0)
            throw Error::inFile(file.path(), "tensor '" + name + "' is NF4 with " + std::to_string(cols) +
                                                 " columns, not whole blocks of 64");
        checkDims(file, t, uint64_t(cols / 2), uint64_t(rows));
        const uint64_t blocks = uint64_t(rows * cols / kNf4Block);
        const uint64_t scaleCount = (blocks + kNf4AbsmaxBlock - 1) / kNf4AbsmaxBlock;
        const auto& codes = companion(file, name + kNf4AbsmaxSuffix, gguf::GgmlType::I8, blocks, companions);
        const std::vector<float> scales =
            floatsOf(companion(file, name + kNf4AbsmaxScaleSuffix, gguf::GgmlType::F32, scaleCount, companions));
        const float mean = floatsOf(companion(file, name + kNf4AbsmaxMeanSuffix, gguf::GgmlType::F32, 1, companions))[0];
        m.scales.resize(blocks);
        const auto* absmaxCodes = reinterpret_cast<const int8_t*>(codes.data);
        for (uint64_t i = 0; i < blocks; ++i)
            m.scales[i] = mean + float(absmaxCodes[i]) * scales[i / kNf4AbsmaxBlock];
        return m;
    }
    if (!gguf::ggmlTypeInfo(t.type).dequantizable)
        throw Error::inFile(file.path(), "tensor '" + name + "' is stored as " + gguf::ggmlTypeName(uint32_t(t.type)) +
                                             ", which we cannot convert to float");
    checkDims(file, t, uint64_t(cols), uint64_t(rows));
    return m;
}

std::vector<float> storedMatrixValues(const StoredMatrix& m)
{
    std::vector<float> out(size_t(m.rows * m.cols));
    if (m.layout == StoredLayout::Ggml) {
        gguf::dequantize(m.type, m.data, out.data(), uint64_t(out.size()));
    } else if (m.layout == StoredLayout::Int8Rows) {
        const auto* q = reinterpret_cast<const int8_t*>(m.data);
        for (int64_t r = 0; r < m.rows; ++r)
            for (int64_t c = 0; c < m.cols; ++c)
                out[size_t(r * m.cols + c)] = m.scales[size_t(r)] * float(q[r * m.cols + c]);
    } else {
        for (size_t i = 0; i < out.size(); i += 2) {
            const uint8_t byte = m.data[i / 2];
            const float absmax = m.scales[i / kNf4Block];
            out[i] = quant::kNf4Values[byte >> 4] * absmax;
            out[i + 1] = quant::kNf4Values[byte & 15] * absmax;
        }
    }
    return out;
}

std::shared_ptr<const GgufStoredMatrices> GgufStoredMatrices::open(const std::string& path, bool keepBf16)
{
    auto file = std::make_shared<gguf::GgufFile>(path);
    const model::ModelConfig config = modelConfigFromGguf(*file);
    const std::string arch = file->get<std::string>("general.architecture");
    std::map<std::string, std::vector<int64_t>> shapes;
    for (auto& [name, shape] : model::parameterShapes(config))
        shapes[name] = shape;
    auto out = std::shared_ptr<GgufStoredMatrices>(new GgufStoredMatrices());
    out->m_file = file;
    if (const gguf::GgufValue* v = file->find(kQuantizationKey); v && v->type() == gguf::GgufValueType::String)
        out->m_method = v->as<std::string>(kQuantizationKey);
    bool quantized = false, worthKeeping = false;
    for (const GgufTensorPart& part : ggufTensorParts(config, arch)) {
        const std::vector<int64_t>& shape = shapes.at(part.ours);
        // Matrices only; the position embedding is added as floats.
        if (shape.size() != 2 || part.ours == "wpe.weight")
            continue;
        const int64_t rows = part.rows >= 0 ? part.rows : shape[0], cols = shape[1];
        Slice slice{part.rowStart, readStoredMatrix(*file, part.gguf, rows, cols)};
        StoredMatrix& m = slice.matrix;
        quantized |= m.layout != StoredLayout::Ggml ||
                     (m.type != gguf::GgmlType::F32 && m.type != gguf::GgmlType::F16 && m.type != gguf::GgmlType::BF16);
        worthKeeping |= keepBf16 && m.layout == StoredLayout::Ggml && m.type == gguf::GgmlType::BF16;
        if (part.permuteHeads > 0) {
            // Whole rows move: where each of our rows is in the file, then the bytes (and
            // per-row scales) in our order.
            std::vector<float> index(static_cast<size_t>(rows)), fileRowOf(static_cast<size_t>(rows));
            for (int64_t r = 0; r < rows; ++r)
                index[size_t(r)] = float(r);
            permuteRotaryRows(index.data(), fileRowOf.data(), part.permuteHeads, rows, 1, false);
            const int64_t rowBytes = m.rowBytes();
            const int64_t scalesPerRow = int64_t(m.scales.size()) / rows;
            std::vector<uint8_t> bytes(size_t(rows * rowBytes));
            std::vector<float> scales(m.scales.size());
            for (int64_t r = 0; r < rows; ++r) {
                const int64_t from = int64_t(fileRowOf[size_t(r)]);
                std::memcpy(bytes.data() + r * rowBytes, m.data + from * rowBytes, size_t(rowBytes));
                std::copy(m.scales.begin() + from * scalesPerRow, m.scales.begin() + (from + 1) * scalesPerRow,
                          scales.begin() + r * scalesPerRow);
            }
            out->m_reordered.push_back(std::move(bytes));
            m.data = out->m_reordered.back().data();
            m.scales = std::move(scales);
        }
        out->m_bytes += m.bytes();
        out->m_matrices[part.ours].push_back(std::move(slice));
    }
    if (!quantized && !worthKeeping)
        return nullptr;
    return out;
}

const std::vector<GgufStoredMatrices::Slice>* GgufStoredMatrices::find(const std::string& name) const
{
    auto it = m_matrices.find(name);
    return it == m_matrices.end() ? nullptr : &it->second;
}

std::vector<std::string> GgufStoredMatrices::names() const
{
    std::vector<std::string> out;
    for (const auto& item : m_matrices)
        out.push_back(item.first);
    return out;
}

} // namespace lw::gguf_model

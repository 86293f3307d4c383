#include "core/quant/quant_mix.h"

#include "core/gguf_model/gguf_tensor_map.h"
#include "core/model/transformer.h"
#include "core/util/error.h"

#include <map>

namespace lw::quant {

namespace {

using gguf::GgmlType;
using gguf_model::StoredLayout;

constexpr int64_t kNf4Block = 64;

// A mix: its base type and how attn_v, ffn_down and attn_qkv are raised.
struct MixRule {
    const char* method;
    GgmlType base;
    GgmlType raisedType;   // what attn_v and ffn_down become where raised
    bool moreBitsLayers;   // _m: raised where useMoreBits(layer)
    int64_t attnVFirst;    // _s: attn_v raised in layers below this
    bool ffnDownFirstEighth; // _s: ffn_down raised in the first n/8 layers
    GgmlType qkvType;      // attn_qkv (gpt2); the base type when not raised
};

const MixRule kMixes[] = {
    {"q4_k_m", GgmlType::Q4_K, GgmlType::Q6_K, true, 0, false, GgmlType::Q5_K},
    {"q4_k_s", GgmlType::Q4_K, GgmlType::Q5_K, false, 4, true, GgmlType::Q4_K},
    {"q5_k_m", GgmlType::Q5_K, GgmlType::Q6_K, true, 0, false, GgmlType::Q6_K},
    {"q5_k_s", GgmlType::Q5_K, GgmlType::Q5_K, false, 0, false, GgmlType::Q5_K},
};

const std::map<std::string, GgmlType>& singleTypes()
{
    static const std::map<std::string, GgmlType> types = {
        {"q8_0", GgmlType::Q8_0}, {"q4_0", GgmlType::Q4_0}, {"q4_1", GgmlType::Q4_1}, {"q5_0", GgmlType::Q5_0},
        {"q5_1", GgmlType::Q5_1}, {"q4_k", GgmlType::Q4_K}, {"q5_k", GgmlType::Q5_K}, {"q6_k", GgmlType::Q6_K}};
    return types;
}

const MixRule* findMix(const std::string& method)
{
    for (const MixRule& m : kMixes)
        if (method == m.method)
            return &m;
    return nullptr;
}

bool useMoreBits(int64_t layer, int64_t layers)
{
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

bool endsWith(const std::string& s, const std::string& tail)
{
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int64_t layerOf(const std::string& tensor)
{
    return tensor.rfind("blk.", 0) == 0 ? std::stoll(tensor.substr(4)) : -1;
}

GgmlType mixType(const MixRule& mix, const std::string& tensor, bool isOutput, int64_t cols, int64_t layers)
{
    const int64_t layer = layerOf(tensor);
    if (isOutput)
        return cols % gguf::ggmlTypeInfo(mix.base).blockSize != 0 ? GgmlType::Q8_0 : GgmlType::Q6_K;
    if (endsWith(tensor, "attn_v.weight")) {
        if (mix.moreBitsLayers && useMoreBits(layer, layers))
            return mix.raisedType;
        if (layer < mix.attnVFirst)
            return mix.raisedType;
        return mix.base;
    }
    if (endsWith(tensor, "ffn_down.weight")) {
        if (mix.moreBitsLayers && useMoreBits(layer, layers))
            return mix.raisedType;
        if (mix.ffnDownFirstEighth && layer < layers / 8)
            return mix.raisedType;
        return mix.base;
    }
    if (endsWith(tensor, "attn_qkv.weight"))
        return mix.qkvType;
    return mix.base;
}

} // namespace

GgmlType typeFittingRows(GgmlType type, int64_t cols)
{
    if (cols % gguf::ggmlTypeInfo(type).blockSize == 0)
        return type;
    if (type == GgmlType::Q4_K)
        type = GgmlType::Q5_0;
    else if (type == GgmlType::Q5_K)
        type = GgmlType::Q5_1;
    else if (type == GgmlType::Q6_K)
        type = GgmlType::Q8_0;
    return cols % gguf::ggmlTypeInfo(type).blockSize == 0 ? type : GgmlType::F16;
}

const std::vector<std::string>& quantizationMethods()
{
    static const std::vector<std::string> methods = {"int8",   "q8_0",   "q4_0",   "q4_1",   "q5_0",
                                                     "q5_1",   "q4_k",   "q5_k",   "q6_k",   "q4_k_m",
                                                     "q4_k_s", "q5_k_m", "q5_k_s", "nf4"};
    return methods;
}

void checkQuantizationMethod(const std::string& method)
{
    for (const std::string& m : quantizationMethods())
        if (m == method)
            return;
    std::string known;
    for (const std::string& m : quantizationMethods())
        known += (known.empty() ? "" : ", ") + m;
    throw Error::inField("method", "unknown quantization method '" + method + "' (known: " + known + ")");
}

std::string MatrixEncoding::name() const
{
    if (layout == StoredLayout::Int8Rows)
        return "int8";
    if (layout == StoredLayout::Nf4)
        return "nf4";
    return gguf::ggmlTypeName(uint32_t(type));
}

int64_t encodedBytes(const MatrixEncoding& e, int64_t rows, int64_t cols)
{
    const int64_t n = rows * cols;
    if (e.layout == StoredLayout::Int8Rows)
        return n + rows * 4;
    if (e.layout == StoredLayout::Nf4) {
        const int64_t blocks = n / kNf4Block;
        return n / 2 + blocks + (blocks + 255) / 256 * 4 + 4;
    }
    uint64_t bytes = 0;
    if (!gguf::ggmlByteSize(e.type, uint64_t(n), bytes))
        throw Error("a " + e.name() + " matrix of " + std::to_string(cols) + " columns is not whole blocks");
    return int64_t(bytes);
}

std::vector<MatrixPlan> planMatrices(const model::ModelConfig& config, const std::string& method)
{
    checkQuantizationMethod(method);
    std::map<std::string, std::vector<int64_t>> shapes;
    for (auto& [name, shape] : model::parameterShapes(config))
        shapes[name] = shape;
    const std::vector<gguf_model::GgufTensorPart> parts =
        gguf_model::ggufTensorParts(config, gguf_model::ggufArchitectureFor(config));
    const MixRule* mix = findMix(method);
    std::vector<MatrixPlan> plans;
    for (const gguf_model::GgufTensorPart& part : parts) {
        const std::vector<int64_t>& shape = shapes.at(part.ours);
        if (shape.size() != 2 || part.ours == "wpe.weight")
            continue;
        MatrixPlan p;
        p.tensor = part.gguf;
        p.ours = part.ours;
        p.rowStart = part.rows >= 0 ? part.rowStart : 0;
        p.rows = part.rows >= 0 ? part.rows : shape[0];
        p.cols = shape[1];
        if (method == "int8") {
            p.encoding.layout = StoredLayout::Int8Rows;
            p.encoding.type = GgmlType::I8;
        } else if (method == "nf4" && p.cols % kNf4Block == 0) {
            p.encoding.layout = StoredLayout::Nf4;
            p.encoding.type = GgmlType::I8;
        } else if (method == "nf4") {
            p.encoding.type = GgmlType::F16;
        } else if (mix) {
            const bool isOutput = part.gguf == "output.weight" ||
                                  (config.tie_embeddings && part.gguf == "token_embd.weight");
            p.encoding.type = typeFittingRows(mixType(*mix, part.gguf, isOutput, p.cols, config.n_layer), p.cols);
        } else {
            p.encoding.type = typeFittingRows(singleTypes().at(method), p.cols);
        }
        plans.push_back(p);
    }
    return plans;
}

QuantizeEstimate estimateQuantizedSize(const model::ModelConfig& config, const std::string& method)
{
    QuantizeEstimate e;
    int64_t matrixElements = 0;
    for (const MatrixPlan& p : planMatrices(config, method)) {
        e.bytes += encodedBytes(p.encoding, p.rows, p.cols);
        matrixElements += p.rows * p.cols;
    }
    e.parameters = config.parameterCount();
    e.bytes += (e.parameters - matrixElements) * 4; // norms, biases, position embedding: f32
    if (config.rope_scaling.type == "llama3")
        e.bytes += config.headDim() / 2 * 4;
    e.bitsPerWeight = e.parameters > 0 ? 8.0 * double(e.bytes) / double(e.parameters) : 0;
    return e;
}

uint32_t quantizationFileType(const std::string& method)
{
    static const std::map<std::string, uint32_t> types = {
        {"q8_0", 7},    {"q4_0", 2},    {"q4_1", 3},    {"q5_0", 8},    {"q5_1", 9},
        {"q4_k", 14},   {"q5_k", 16},   {"q6_k", 18},   {"q4_k_m", 15}, {"q4_k_s", 14},
        {"q5_k_m", 17}, {"q5_k_s", 16}, {"int8", 0},    {"nf4", 0}};
    checkQuantizationMethod(method);
    return types.at(method);
}

} // namespace lw::quant

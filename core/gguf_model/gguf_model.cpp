#include "core/gguf_model/gguf_model.h"

#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_model_config.h"
#include "core/gguf_model/gguf_part_writer.h"
#include "core/gguf_model/gguf_stored_matrix.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/model/parameter_init.h"
#include "core/util/error.h"

#include <algorithm>
#include <cstring>
#include <set>

namespace lw::gguf_model {

namespace {

std::string dimsText(const std::vector<uint64_t>& dims)
{
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

// The GGUF dims of one part: ours is (rows, cols...) row-major, GGUF lists dims reversed.
std::vector<uint64_t> ggufDims(const GgufTensorPart& part, const std::vector<int64_t>& ourShape)
{
    std::vector<uint64_t> dims;
    for (size_t i = ourShape.size(); i-- > 0;)
        dims.push_back(uint64_t(i == 0 && part.rows >= 0 ? part.rows : ourShape[i]));
    return dims;
}

struct Plan {
    GgufModelInfo info;
    std::vector<GgufTensorPart> parts;
    std::map<std::string, std::vector<int64_t>> shapes;
};

Plan plan(const gguf::GgufFile& file)
{
    Plan p;
    GgufModelInfo& info = p.info;
    info.path = file.path();
    info.fileBytes = file.fileSize();
    info.architecture = file.get<std::string>("general.architecture");
    if (file.has("general.name"))
        info.name = file.get<std::string>("general.name");
    info.config = modelConfigFromGguf(file);
    if (file.has("tokenizer.ggml.model"))
        info.tokenizerModel = file.get<std::string>("tokenizer.ggml.model");
    if (file.has("tokenizer.chat_template"))
        info.chatTemplate = file.get<std::string>("tokenizer.chat_template");
    for (auto& [name, shape] : model::parameterShapes(info.config))
        p.shapes[name] = shape;
    p.parts = ggufTensorParts(info.config, info.architecture);
    std::set<std::string> used{"rope_freqs.weight"};
    for (const GgufTensorPart& part : p.parts) {
        const gguf::GgufTensorInfo* t = file.findTensor(part.gguf);
        if (!t)
            throw Error::inFile(file.path(), "tensor '" + part.gguf + "' is missing (needed for " + part.ours + ")");
        const std::vector<int64_t>& shape = p.shapes.at(part.ours);
        if (shape.size() == 2) {
            std::vector<std::string> companions;
            readStoredMatrix(file, part.gguf, part.rows >= 0 ? part.rows : shape[0], shape[1], &companions);
            used.insert(companions.begin(), companions.end());
            used.insert(part.gguf);
            continue;
        }
        const std::vector<uint64_t> expected = ggufDims(part, shape);
        if (t->dims != expected)
            throw Error::inFile(file.path(), "tensor '" + part.gguf + "' has dims " + dimsText(t->dims) +
                                                 ", expected " + dimsText(expected) + " from the metadata");
        if (!gguf::ggmlTypeInfo(t->type).dequantizable)
            throw Error::inFile(file.path(), "tensor '" + part.gguf + "' is stored as " +
                                                 gguf::ggmlTypeName(uint32_t(t->type)) +
                                                 ", which we cannot convert to float");
        used.insert(part.gguf);
    }
    for (const gguf::GgufTensorInfo& t : file.tensors()) {
        info.tensorTypes[gguf::ggmlTypeName(uint32_t(t.type))] += 1;
        info.tensorBytes += t.byteSize;
        if (!used.count(t.name))
            throw Error::inFile(file.path(), "unexpected tensor '" + t.name + "' for " + info.architecture);
    }
    return p;
}

} // namespace

GgufModelInfo inspectGguf(const std::string& path)
{
    gguf::GgufFile file(path);
    return plan(file).info;
}

GgufModel loadGgufModel(const std::string& path, const torch::Device& device, torch::ScalarType dtype,
                        const model::LeftOutMatrices& leftOut)
{
    gguf::GgufFile file(path);
    Plan p = plan(file);
    model::Transformer model(p.info.config, false, leftOut);
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> parameters;
    for (auto& item : model->named_parameters())
        parameters[item.key()] = item.value();
    model::ParameterFill fill;
    for (const GgufTensorPart& part : p.parts) {
        if (leftOut.names.count(part.ours))
            continue;
        torch::Tensor target = parameters.at(part.ours);
        if (part.rows >= 0)
            target = target.narrow(0, part.rowStart, part.rows);
        const int64_t rows = target.size(0), cols = target.numel() / std::max<int64_t>(rows, 1);
        std::vector<float> values = target.dim() == 2
                                        ? storedMatrixValues(readStoredMatrix(file, part.gguf, rows, cols))
                                        : file.dequantizeTensor(file.tensor(part.gguf));
        if (part.permuteHeads > 0) {
            std::vector<float> unpermuted(values.size());
            permuteRotaryRows(values.data(), unpermuted.data(), part.permuteHeads, rows, cols, false);
            values.swap(unpermuted);
        }
        target.copy_(torch::from_blob(values.data(), target.sizes(), torch::kFloat));
        fill.wrote(part.ours, target.numel());
    }
    fill.requireAll(*model, path, leftOut.names);
    model->to(device, dtype);
    model->eval();
    return GgufModel{model, std::move(p.info)};
}

uint32_t llamaFileType(gguf::GgmlType type)
{
    using T = gguf::GgmlType;
    switch (type) {
    case T::F32: return 0;
    case T::F16: return 1;
    case T::Q4_0: return 2;
    case T::Q4_1: return 3;
    case T::Q8_0: return 7;
    case T::Q5_0: return 8;
    case T::Q5_1: return 9;
    case T::BF16: return 32;
    default:
        throw Error::inField("type", "writing " + gguf::ggmlTypeName(uint32_t(type)) +
                                         " is not supported (f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1 are)");
    }
}

gguf::GgufWriter ggufModelWriter(const model::ModelConfig& c, const tokenizer::Tokenizer* tokenizer,
                                 const std::string& chatTemplate, const std::string& name, uint32_t fileType)
{
    const std::string arch = ggufArchitectureFor(c);
    gguf::GgufWriter writer;
    writer.add("general.architecture", gguf::GgufValue::string(arch));
    writer.add("general.name", gguf::GgufValue::string(name.empty() ? arch : name));
    for (auto& [key, value] : ggufModelMetadata(c, arch))
        writer.add(key, std::move(value));
    writer.add("general.file_type", gguf::GgufValue::u32(fileType));
    writer.add("general.quantization_version", gguf::GgufValue::u32(2));
    if (tokenizer)
        for (auto& [key, value] : ggufTokenizerMetadata(*tokenizer, c.vocab_size, chatTemplate))
            writer.add(key, std::move(value));
    if (c.rope_scaling.type == "llama3") {
        auto factors = std::make_shared<std::vector<float>>(llama3RopeFactors(c));
        writer.addTensor("rope_freqs.weight", {uint64_t(factors->size())}, gguf::GgmlType::F32,
                         [factors](gguf::GgufTensorSink& sink) {
                             sink.write(factors->data(), factors->size() * sizeof(float));
                         });
    }
    return writer;
}

std::vector<uint64_t> ggufPartDims(const GgufTensorPart& part, const torch::Tensor& parameter)
{
    return ggufDims(part, std::vector<int64_t>(parameter.sizes().begin(), parameter.sizes().end()));
}

std::vector<float> ggufPartValues(const torch::Tensor& parameter, const GgufTensorPart& part)
{
    torch::NoGradGuard noGrad;
    torch::Tensor t = parameter.detach();
    if (part.rows >= 0)
        t = t.narrow(0, part.rowStart, part.rows);
    t = t.to(torch::kCPU, torch::kFloat).contiguous();
    const int64_t rows = t.size(0), cols = t.numel() / std::max<int64_t>(rows, 1);
    std::vector<float> values(size_t(t.numel()));
    if (part.permuteHeads > 0)
        permuteRotaryRows(t.data_ptr<float>(), values.data(), part.permuteHeads, rows, cols, true);
    else
        std::memcpy(values.data(), t.data_ptr<float>(), values.size() * sizeof(float));
    return values;
}

std::map<std::string, torch::Tensor> parametersByName(model::Transformer& model)
{
    std::map<std::string, torch::Tensor> parameters;
    for (auto& item : model->named_parameters())
        parameters[item.key()] = item.value();
    return parameters;
}

void writeGgufModel(model::Transformer& model, const tokenizer::Tokenizer& tokenizer, const std::string& chatTemplate,
                    const std::string& path, gguf::GgmlType type, const GgufWriteProgress& progress,
                    const std::string& name)
{
    writeGgufModel(model::parameterSourceOf(model), tokenizer, chatTemplate, path, type, progress, name);
}

void writeGgufModel(const model::ParameterSource& source, const tokenizer::Tokenizer& tokenizer,
                    const std::string& chatTemplate, const std::string& path, gguf::GgmlType type,
                    const GgufWriteProgress& progress, const std::string& name)
{
    const model::ModelConfig& c = source.config;
    gguf::GgufWriter writer = ggufModelWriter(c, &tokenizer, chatTemplate, name, llamaFileType(type));
    std::map<std::string, std::vector<int64_t>> shapes;
    for (auto& [parameter, shape] : model::parameterShapes(c))
        shapes[parameter] = shape;
    // The parts of one parameter (q, k and v) come one after another: it is read once.
    const model::ParameterSource remembering = model::rememberingLastRead(source);
    const std::vector<GgufTensorPart> parts = ggufTensorParts(c, ggufArchitectureFor(c));
    // rope_freqs, written with the metadata, counts as done from the start.
    const int64_t ropeTensors = c.rope_scaling.type == "llama3" ? 1 : 0;
    const int64_t total = int64_t(parts.size()) + ropeTensors;
    auto done = std::make_shared<int64_t>(ropeTensors);
    auto step = [done, total, progress]() {
        ++*done;
        if (progress && !progress(*done, total))
            throw Error("cancelled");
    };
    for (const GgufTensorPart& part : parts) {
        const std::vector<uint64_t> dims = ggufDims(part, shapes.at(part.ours));
        gguf::GgmlType tensorType = dims.size() == 1 ? gguf::GgmlType::F32 : type;
        if (dims[0] % gguf::ggmlTypeInfo(tensorType).blockSize != 0)
            tensorType = gguf::GgmlType::F16;
        writer.addTensor(part.gguf, dims, tensorType,
                         [remembering, part, tensorType, step](gguf::GgufTensorSink& sink) {
                             writeGgufPart(sink, remembering.read(part.ours), part, tensorType);
                             step();
                         });
    }
    writer.write(path);
}

} // namespace lw::gguf_model

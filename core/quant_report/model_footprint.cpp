#include "core/quant_report/model_footprint.h"

#include "core/gguf/gguf_file.h"
#include "core/io/safetensors.h"
#include "core/util/error.h"

#include <cmath>
#include <filesystem>
#include <map>

namespace lw::quant_report {

namespace fs = std::filesystem;

namespace {

int64_t bytesOnDisk(const std::string& path)
{
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        return int64_t(fs::file_size(path));
    int64_t total = 0;
    for (const auto& entry : fs::recursive_directory_iterator(path))
        if (entry.is_regular_file())
            total += int64_t(entry.file_size());
    return total;
}

// Adds one stored tensor: every tensor counts in memory, 2-D ones also as matrices.
struct FootprintSum {
    int64_t bytes = 0, matrixBytes = 0, matrixWeights = 0;
    void add(size_t dims, int64_t elements, int64_t tensorBytes)
    {
        bytes += tensorBytes;
        if (dims == 2) {
            matrixBytes += tensorBytes;
            matrixWeights += elements;
        }
    }
};

FootprintSum ggufSum(const std::string& path)
{
    const gguf::GgufFile file(path);
    FootprintSum sum;
    for (const auto& t : file.tensors())
        sum.add(t.dims.size(), int64_t(t.elementCount), int64_t(t.byteSize));
    return sum;
}

// The safetensors files of a Hugging Face folder, as stored (often bf16 or f16, while
// the loaded model is float32).
FootprintSum safetensorsSum(const std::string& folder)
{
    FootprintSum sum;
    for (const auto& entry : fs::directory_iterator(folder)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".safetensors")
            continue;
        for (const auto& t : io::readSafetensorsHeader(entry.path().string()).entries) {
            int64_t elements = 1;
            for (int64_t d : t.shape)
                elements *= d;
            sum.add(t.shape.size(), elements, int64_t(t.end - t.begin));
        }
    }
    return sum;
}

FootprintSum parameterSum(const model::Transformer& model)
{
    FootprintSum sum;
    for (const auto& p : model->named_parameters())
        sum.add(size_t(p.value().dim()), p.value().numel(), p.value().numel() * int64_t(p.value().element_size()));
    return sum;
}

// The block of a parameter: "h.3." (GPT-2's names) or "layers.3." (Llama's).
int64_t layerOf(const std::string& name)
{
    for (const std::string prefix : {"h.", "layers."}) {
        if (name.compare(0, prefix.size(), prefix) != 0)
            continue;
        const size_t end = name.find('.', prefix.size());
        const std::string digits = name.substr(prefix.size(), end - prefix.size());
        if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos)
            return std::stoll(digits);
    }
    return -1;
}

} // namespace

ModelFootprint modelFootprint(const catalog::LoadedModel& loaded)
{
    const catalog::ModelLocation& where = loaded.location;
    FootprintSum sum;
    if (where.format == catalog::ModelFormat::Gguf)
        sum = ggufSum(where.path);
    else if (where.format == catalog::ModelFormat::HfFolder)
        sum = safetensorsSum(where.path);
    if (sum.bytes == 0) // a checkpoint, or a folder without safetensors files
        sum = parameterSum(loaded.model);
    ModelFootprint f;
    f.bytesOnDisk = bytesOnDisk(where.path);
    f.bytesInMemory = sum.bytes;
    f.matrixWeights = sum.matrixWeights;
    f.bitsPerWeight = sum.matrixWeights > 0 ? 8.0 * double(sum.matrixBytes) / double(sum.matrixWeights) : 0.0;
    return f;
}

std::vector<MatrixError> matrixErrors(model::Transformer model, model::Transformer reference)
{
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> ours;
    for (const auto& p : model->named_parameters())
        ours.emplace(p.key(), p.value());
    std::vector<MatrixError> out;
    for (const auto& p : reference->named_parameters()) {
        if (p.value().dim() != 2)
            continue;
        const auto it = ours.find(p.key());
        if (it == ours.end())
            throw Error::inField(p.key(), "the reference has this matrix and the model does not");
        if (it->second.sizes() != p.value().sizes())
            throw Error::inField(p.key(), "the model's matrix is " + c10::str(it->second.sizes()) +
                                              ", the reference's " + c10::str(p.value().sizes()));
        const auto original = p.value().to(torch::kCPU, torch::kDouble);
        const auto changed = it->second.to(torch::kCPU, torch::kDouble);
        const double norm = original.norm().item<double>();
        const double difference = (changed - original).norm().item<double>();
        MatrixError e;
        e.name = p.key();
        e.layer = layerOf(p.key());
        e.relativeError = norm > 0 ? difference / norm : (difference > 0 ? INFINITY : 0.0);
        out.push_back(e);
    }
    return out;
}

std::vector<LayerError> layerErrors(const std::vector<MatrixError>& matrices)
{
    std::map<int64_t, LayerError> byLayer;
    for (const auto& m : matrices) {
        LayerError& l = byLayer[m.layer];
        l.layer = m.layer;
        l.relativeError += m.relativeError;
        ++l.matrices;
    }
    std::vector<LayerError> out;
    for (auto& [layer, l] : byLayer) {
        l.relativeError /= double(l.matrices);
        out.push_back(l);
    }
    return out;
}

} // namespace lw::quant_report

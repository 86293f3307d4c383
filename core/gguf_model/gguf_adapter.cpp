#include "core/gguf_model/gguf_adapter.h"

#include "core/gguf/gguf_writer.h"
#include "core/gguf_model/gguf_model.h"
#include "core/gguf_model/gguf_tensor_map.h"
#include "core/util/error.h"

#include <deque>
#include <map>
#include <utility>

namespace lw::gguf_model {

namespace {

// One adapted block of rows of one of our linear maps, keyed as the base's GGUF parts
// are: (our weight's name, first row).
using PartKey = std::pair<std::string, int64_t>;

struct AdaptedRows {
    const peft::LowRankPart* part = nullptr;
    int64_t mapRows = 0; // rows of the whole linear map
};

std::map<PartKey, AdaptedRows> adaptedRowsOf(const peft::AdapterSet& adapters, const model::ModelConfig& base)
{
    std::map<PartKey, AdaptedRows> out;
    for (const auto& adapter : adapters.adapters()) {
        const peft::SiteLayout& layout = adapter->layout();
        if (layout.head && base.tie_embeddings)
            throw Error::inField("target_modules",
                                 "the adapter changes the output head (lm_head), which this base ties to its token "
                                 "embedding: llama.cpp has no separate head to apply it to (merge the adapter with "
                                 "`llmwb adapter merge` and export the merged model instead)");
        for (const peft::LowRankPart& part : adapter->parts())
            out[{layout.site + ".weight", part.where.rowOffset}] = {&part, layout.out};
    }
    return out;
}

std::vector<float> floatValues(const torch::Tensor& t)
{
    const torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

} // namespace

GgufAdapterSummary writeGgufAdapter(const peft::AdapterSet& adapters, const model::ModelConfig& base,
                                    const std::string& path, gguf::GgmlType type, const std::string& name)
{
    if (type != gguf::GgmlType::F32 && type != gguf::GgmlType::F16)
        throw Error::inField("dtype", "a GGUF adapter is written as f32 or f16, not " +
                                          gguf::ggmlTypeName(uint32_t(type)));
    const peft::AdapterSettings& settings = adapters.settings();
    if (settings.method == peft::AdapterMethod::Dora)
        throw Error::inField("use_dora", "llama.cpp applies LoRA adapters only; a DoRA adapter's magnitudes have no "
                                         "place in its adapter files (merge the adapter with `llmwb adapter merge` "
                                         "and export the merged model instead)");
    GgufAdapterSummary summary;
    summary.architecture = ggufArchitectureFor(base);
    summary.alpha = float(settings.scale() * double(settings.rank));

    gguf::GgufWriter writer;
    writer.add("general.architecture", gguf::GgufValue::string(summary.architecture));
    writer.add("general.type", gguf::GgufValue::string("adapter"));
    writer.add("general.name", gguf::GgufValue::string(name.empty() ? summary.architecture + " LoRA" : name));
    writer.add("general.file_type", gguf::GgufValue::u32(llamaFileType(type)));
    writer.add("general.quantization_version", gguf::GgufValue::u32(2));
    writer.add("adapter.type", gguf::GgufValue::string("lora"));
    writer.add("adapter.lora.alpha", gguf::GgufValue::f32(summary.alpha));

    std::map<PartKey, AdaptedRows> pending = adaptedRowsOf(adapters, base);
    std::deque<std::vector<uint8_t>> bytes; // stays put until write() has read it
    auto addTensor = [&](const std::string& tensorName, const std::vector<float>& values, uint64_t cols, uint64_t rows) {
        uint64_t size = 0;
        gguf::ggmlByteSize(type, values.size(), size);
        std::vector<uint8_t>& data = bytes.emplace_back(size);
        gguf::quantize(type, values.data(), data.data(), values.size());
        writer.addTensor(tensorName, {cols, rows}, type, data.data(), size);
        ++summary.tensors;
    };
    // In the base's tensor order, as llama.cpp lists them.
    for (const GgufTensorPart& tensor : ggufTensorParts(base, summary.architecture)) {
        auto found = pending.find({tensor.ours, tensor.rowStart});
        if (found == pending.end())
            continue;
        const peft::LowRankPart& part = *found->second.part;
        const int64_t rows = tensor.rows >= 0 ? tensor.rows : found->second.mapRows;
        if (part.where.rows != rows)
            throw Error("the adapter's " + part.where.module + " covers " + std::to_string(part.where.rows) +
                        " rows of " + tensor.ours + ", but the GGUF tensor " + tensor.gguf + " has " +
                        std::to_string(rows));
        const int64_t rank = part.a.size(0), in = part.a.size(1);
        addTensor(tensor.gguf + ".lora_a", floatValues(part.a), uint64_t(in), uint64_t(rank));
        std::vector<float> b = floatValues(part.b); // (rows, rank)
        if (tensor.permuteHeads > 0) {
            std::vector<float> permuted(b.size());
            permuteRotaryRows(b.data(), permuted.data(), tensor.permuteHeads, rows, rank, true);
            b.swap(permuted);
        }
        addTensor(tensor.gguf + ".lora_b", b, uint64_t(rank), uint64_t(rows));
        pending.erase(found);
    }
    if (!pending.empty())
        throw Error("the adapter's " + pending.begin()->second.part->where.module + " has no tensor in a " +
                    summary.architecture + " GGUF file");
    writer.write(path);
    return summary;
}

} // namespace lw::gguf_model

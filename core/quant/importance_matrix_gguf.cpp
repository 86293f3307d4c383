// llama.cpp's GGUF imatrix layout: metadata keys for provenance, and per matrix an F32
// tensor of column sums "<name>.in_sum2" (dims [columns, 1]) and one of token counts
// "<name>.counts" (dims [1, 1]). Only dense matrices (one count) are supported; the
// mixture-of-experts form with several counts is refused by name.
#include "core/quant/importance_matrix.h"

#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/util/error.h"

#include <cmath>
#include <cstring>

namespace lw::quant {

namespace {

constexpr const char* kDatasetsKey = "imatrix.datasets";
constexpr const char* kChunkCountKey = "imatrix.chunk_count";
constexpr const char* kChunkSizeKey = "imatrix.chunk_size";
const std::string kSumsSuffix = ".in_sum2";
const std::string kCountsSuffix = ".counts";

bool endsWith(const std::string& s, const std::string& suffix)
{
    return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::vector<float> floatsOf(const gguf::GgufTensorInfo& t, const std::string& path)
{
    if (t.type != gguf::GgmlType::F32)
        throw Error::inFile(path, "tensor '" + t.name + "' is " + gguf::ggmlTypeName(uint32_t(t.type)) +
                                      ", expected f32");
    std::vector<float> values(t.elementCount);
    std::memcpy(values.data(), t.data, t.byteSize);
    return values;
}

} // namespace

ImportanceMatrix ImportanceMatrix::readGguf(const std::string& path)
{
    const gguf::GgufFile file(path);
    ImportanceMatrix m;
    // llama-quantize refuses GGUF imatrix files without these three keys.
    m.datasets = file.get<std::vector<std::string>>(kDatasetsKey);
    m.chunkCount = int32_t(std::min<uint32_t>(file.get<uint32_t>(kChunkCountKey), INT32_MAX));
    m.chunkSize = int32_t(std::min<uint32_t>(file.get<uint32_t>(kChunkSizeKey), INT32_MAX));
    for (const gguf::GgufTensorInfo& sums : file.tensors()) {
        if (endsWith(sums.name, kCountsSuffix))
            continue; // read with its sums
        if (!endsWith(sums.name, kSumsSuffix))
            throw Error::inFile(path, "tensor '" + sums.name + "' is neither <name>" + kSumsSuffix + " nor <name>" +
                                          kCountsSuffix);
        const std::string name = sums.name.substr(0, sums.name.size() - kSumsSuffix.size());
        const gguf::GgufTensorInfo* counts = file.findTensor(name + kCountsSuffix);
        if (!counts)
            throw Error::inFile(path, "tensor '" + sums.name + "' has no '" + name + kCountsSuffix + "'");
        if (counts->elementCount != 1 || sums.dims.size() > 1 && sums.elementCount != sums.dims[0])
            throw Error::inFile(path, "'" + name + "' has " + std::to_string(counts->elementCount) +
                                          " counts: only matrices with one count (not experts) are supported");
        ImportanceEntry e;
        e.sumSquares = floatsOf(sums, path);
        if (e.sumSquares.empty())
            throw Error::inFile(path, "tensor '" + sums.name + "' is empty");
        const float count = floatsOf(*counts, path)[0];
        if (!std::isfinite(count) || count < 0 || count > 9e18f)
            throw Error::inFile(path, "tensor '" + counts->name + "' holds " + std::to_string(count) +
                                          ", not a token count");
        e.tokens = std::lround(count);
        m.set(name, std::move(e));
    }
    for (const gguf::GgufTensorInfo& counts : file.tensors())
        if (endsWith(counts.name, kCountsSuffix) &&
            !m.find(counts.name.substr(0, counts.name.size() - kCountsSuffix.size())))
            throw Error::inFile(path, "tensor '" + counts.name + "' has no sums");
    if (m.entries().empty())
        throw Error::inFile(path, "no importance entries");
    return m;
}

void ImportanceMatrix::writeGguf(const std::string& path) const
{
    gguf::GgufWriter w;
    w.add("general.type", gguf::GgufValue::string("imatrix"));
    w.add(kDatasetsKey, gguf::GgufValue::stringArray(datasets));
    w.add(kChunkCountKey, gguf::GgufValue::u32(uint32_t(std::max(chunkCount, 0))));
    w.add(kChunkSizeKey, gguf::GgufValue::u32(uint32_t(std::max(chunkSize, 0))));
    std::vector<float> counts;
    counts.reserve(m_entries.size());
    for (const auto& [name, e] : m_entries)
        counts.push_back(float(e.tokens));
    size_t i = 0;
    for (const auto& [name, e] : m_entries) { // std::map: sorted by name, as llama-imatrix writes
        w.addTensor(name + kSumsSuffix, {e.sumSquares.size(), 1}, gguf::GgmlType::F32, e.sumSquares.data(),
                    e.sumSquares.size() * sizeof(float));
        w.addTensor(name + kCountsSuffix, {1, 1}, gguf::GgmlType::F32, &counts[i++], sizeof(float));
    }
    w.write(path);
}

} // namespace lw::quant

#include "core/io/safetensors.h"

#include "core/io/mapped_tensor_view.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "core/util/mapped_file.h"
#include "core/util/sha256.h"

#include <cstring>

namespace lw::io {

namespace {

constexpr uint64_t kMaxHeaderBytes = 100ull << 20; // the reference implementation's limit
const std::string kZeroDigest(64, '0');

struct DtypeInfo {
    const char* name;
    torch::ScalarType type;
};

const DtypeInfo kDtypes[] = {
    {"F64", torch::kDouble}, {"F32", torch::kFloat}, {"F16", torch::kHalf},  {"BF16", torch::kBFloat16},
    {"I64", torch::kLong},   {"I32", torch::kInt},   {"I16", torch::kShort}, {"I8", torch::kChar},
    {"U8", torch::kByte},    {"BOOL", torch::kBool},
};

torch::ScalarType dtypeFromName(const std::string& name, const std::string& origin)
{
    for (const auto& d : kDtypes)
        if (name == d.name)
            return d.type;
    throw Error::inFile(origin, "unsupported tensor dtype '" + name + "'");
}

uint64_t readLittleEndian64(const uint8_t* p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

} // namespace

std::string safetensorsDtypeName(torch::ScalarType type)
{
    for (const auto& d : kDtypes)
        if (d.type == type)
            return d.name;
    throw Error(std::string("safetensors: unsupported dtype ") + c10::toString(type));
}

void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      std::map<std::string, std::string> metadata, const std::string& checksumKey)
{
    std::vector<StreamedTensor> streamed;
    streamed.reserve(tensors.size());
    for (const auto& [name, tensor] : tensors)
        streamed.push_back({name, tensor.scalar_type(), tensor.sizes().vec(), [tensor] { return tensor; }});
    writeSafetensors(path, streamed, std::move(metadata), checksumKey);
}

void writeSafetensors(const std::string& path, const std::vector<StreamedTensor>& tensors,
                      std::map<std::string, std::string> metadata, const std::string& checksumKey)
{
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!checksumKey.empty())
        metadata[checksumKey] = kZeroDigest;
    if (!metadata.empty())
        header["__metadata__"] = metadata;
    uint64_t offset = 0;
    std::vector<uint64_t> sizes;
    for (const StreamedTensor& t : tensors) {
        if (t.name == "__metadata__" || header.contains(t.name))
            throw Error(path + ": duplicate or reserved tensor name '" + t.name + "'");
        uint64_t bytes = uint64_t(c10::elementSize(t.dtype));
        for (int64_t d : t.shape)
            bytes *= uint64_t(d);
        header[t.name] = {{"dtype", safetensorsDtypeName(t.dtype)},
                          {"shape", t.shape},
                          {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        sizes.push_back(bytes);
    }
    std::string headerText = header.dump();
    // Pad with spaces so the data section starts 8-byte aligned (allowed by the format).
    while ((headerText.size() + 8) % 8 != 0)
        headerText.push_back(' ');
    uint8_t sizeBytes[8];
    for (int i = 0; i < 8; ++i)
        sizeBytes[i] = uint8_t(uint64_t(headerText.size()) >> (8 * i));

    // Only a file that carries its checksum is hashed: the hash is taken while writing,
    // and skipping it where nobody reads it keeps exports at disk speed.
    const bool hashing = !checksumKey.empty();
    util::Sha256 hash;
    util::AtomicFileWriter writer(path);
    writer.write(sizeBytes, 8);
    writer.write(headerText);
    if (hashing) {
        hash.update(sizeBytes, 8);
        hash.update(headerText);
    }
    for (size_t i = 0; i < tensors.size(); ++i) {
        const StreamedTensor& spec = tensors[i];
        const torch::Tensor t = spec.produce().detach().to(torch::kCPU).contiguous();
        if (t.scalar_type() != spec.dtype || t.sizes().vec() != spec.shape)
            throw Error(path + ": tensor '" + spec.name + "' was produced with another dtype or shape than declared");
        if (sizes[i] == 0)
            continue; // an empty tensor may have no storage
        writer.write(t.data_ptr(), size_t(sizes[i]));
        if (hashing)
            hash.update(t.data_ptr(), size_t(sizes[i]));
    }
    if (hashing) {
        const std::string digest = hash.hexDigest();
        const std::string marker = "\"" + checksumKey + "\":\"" + kZeroDigest + "\"";
        const size_t at = headerText.find(marker);
        if (at == std::string::npos)
            throw Error(path + ": internal error: checksum field not found in header");
        writer.writeAt(8 + at + marker.size() - 65, digest.data(), digest.size());
    }
    writer.commit();
}

SafetensorsHeader readSafetensorsHeader(const std::string& path)
{
    util::MappedFile file(path);
    if (file.size() < 8)
        throw Error::inFile(path, "not a safetensors file: only " + std::to_string(file.size()) + " bytes");
    SafetensorsHeader h;
    h.headerBytes = readLittleEndian64(file.data());
    if (h.headerBytes < 2 || h.headerBytes > kMaxHeaderBytes || h.headerBytes > file.size() - 8)
        throw Error::inFile(path, "corrupt or truncated safetensors file: header length " +
                                      std::to_string(h.headerBytes) + " does not fit the file");
    h.dataOffset = 8 + h.headerBytes;
    std::string_view text(reinterpret_cast<const char*>(file.data()) + 8, size_t(h.headerBytes));
    nlohmann::json header;
    try {
        header = nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::exception& e) {
        throw Error::inFile(path, std::string("corrupt safetensors header: ") + e.what());
    }
    if (!header.is_object())
        throw Error::inFile(path, "corrupt safetensors header: not a JSON object");
    const uint64_t dataBytes = file.size() - h.dataOffset;
    std::vector<std::pair<uint64_t, uint64_t>> ranges;
    for (auto it = header.begin(); it != header.end(); ++it) {
        if (it.key() == "__metadata__") {
            if (!it->is_object())
                throw Error::inFile(path, "corrupt safetensors header: __metadata__ is not an object");
            for (auto m = it->begin(); m != it->end(); ++m) {
                if (!m->is_string())
                    throw Error::inFile(path, "corrupt safetensors header: metadata value '" + m.key() +
                                                  "' is not a string");
                h.metadata[m.key()] = m->get<std::string>();
            }
            continue;
        }
        const std::string where = "tensor '" + it.key() + "'";
        const auto& e = *it;
        if (!e.is_object() || !e.contains("dtype") || !e.contains("shape") || !e.contains("data_offsets") ||
            !e["dtype"].is_string() || !e["shape"].is_array() || !e["data_offsets"].is_array() ||
            e["data_offsets"].size() != 2)
            throw Error::inFile(path, "corrupt safetensors header: " + where + " lacks dtype, shape or data_offsets");
        SafetensorsEntry entry;
        entry.name = it.key();
        entry.dtype = dtypeFromName(e["dtype"].get<std::string>(), path);
        uint64_t numel = 1;
        for (const auto& d : e["shape"]) {
            if (!d.is_number_unsigned())
                throw Error::inFile(path, "corrupt safetensors header: " + where + " has a negative or non-integer dimension");
            // Each dimension and their product stay below 2^60, so that the byte count
            // (at most 8 bytes an element) cannot overflow, even after a zero dimension.
            constexpr uint64_t kMaxElements = uint64_t(1) << 60;
            uint64_t dim = d.get<uint64_t>();
            if (dim > kMaxElements || (dim != 0 && numel > kMaxElements / dim))
                throw Error::inFile(path, "corrupt safetensors header: " + where + " is impossibly large");
            numel *= dim;
            entry.shape.push_back(int64_t(dim));
        }
        if (!e["data_offsets"][0].is_number_unsigned() || !e["data_offsets"][1].is_number_unsigned())
            throw Error::inFile(path, "corrupt safetensors header: " + where + " has invalid data_offsets");
        entry.begin = e["data_offsets"][0].get<uint64_t>();
        entry.end = e["data_offsets"][1].get<uint64_t>();
        const uint64_t expected = numel * uint64_t(c10::elementSize(entry.dtype));
        if (entry.end < entry.begin || entry.end - entry.begin != expected)
            throw Error::inFile(path, "corrupt safetensors header: " + where + " byte range does not match its shape");
        if (entry.end > dataBytes)
            throw Error::inFile(path, "truncated safetensors file: " + where + " ends at byte " +
                                          std::to_string(h.dataOffset + entry.end) + " of " +
                                          std::to_string(file.size()));
        ranges.emplace_back(entry.begin, entry.end);
        h.entries.push_back(std::move(entry));
    }
    std::sort(ranges.begin(), ranges.end());
    for (size_t i = 1; i < ranges.size(); ++i)
        if (ranges[i].first < ranges[i - 1].second)
            throw Error::inFile(path, "corrupt safetensors header: tensors overlap");
    std::sort(h.entries.begin(), h.entries.end(),
              [](const SafetensorsEntry& a, const SafetensorsEntry& b) { return a.begin < b.begin; });
    return h;
}

void verifyEmbeddedChecksum(const std::string& path, const SafetensorsHeader& header, const std::string& checksumKey)
{
    auto it = header.metadata.find(checksumKey);
    if (it == header.metadata.end() || it->second.size() != 64)
        throw Error::inFile(path, "has no checksum: not written by this application, or damaged");
    util::MappedFile file(path);
    const std::string marker = "\"" + checksumKey + "\":\"" + it->second + "\"";
    std::string headerText(reinterpret_cast<const char*>(file.data()) + 8, size_t(header.headerBytes));
    const size_t at = headerText.find(marker);
    if (at == std::string::npos)
        throw Error::inFile(path, "checksum field is malformed");
    headerText.replace(at + marker.size() - 65, 64, kZeroDigest);
    util::Sha256 hash;
    hash.update(file.data(), 8);
    hash.update(headerText);
    // In slices whose pages then leave the process: checking a large file does not hold it.
    constexpr size_t kSlice = size_t(64) << 20;
    for (size_t slice = size_t(header.dataOffset); slice < file.size(); slice += kSlice) {
        const size_t size = std::min(kSlice, file.size() - slice);
        hash.update(file.data() + slice, size);
        file.dropPages(slice, slice + size);
    }
    if (hash.hexDigest() != it->second)
        throw Error::inFile(path, "checksum mismatch: the file is corrupt (changed or truncated after it was written)");
}

torch::Tensor readMappedTensor(const util::MappedFile& file, const SafetensorsHeader& header,
                               const SafetensorsEntry& entry)
{
    requireTensorInMap(file, header, entry);
    // Offsets need not be aligned for the element type, so the bytes are copied into an
    // aligned tensor.
    torch::Tensor t = torch::empty(entry.shape, torch::TensorOptions().dtype(entry.dtype));
    if (entry.end == entry.begin)
        return t; // an empty tensor has no storage to copy into
    const size_t begin = size_t(header.dataOffset + entry.begin), size = size_t(entry.end - entry.begin);
    std::memcpy(t.data_ptr(), file.data() + begin, size);
    file.dropPages(begin, begin + size);
    return t;
}

std::map<std::string, torch::Tensor> readSafetensors(const std::string& path, SafetensorsHeader* headerOut)
{
    SafetensorsHeader header = readSafetensorsHeader(path);
    util::MappedFile file(path);
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& e : header.entries)
        tensors.emplace(e.name, readMappedTensor(file, header, e));
    if (headerOut)
        *headerOut = std::move(header);
    return tensors;
}

} // namespace lw::io

#include "core/gguf/gguf_file.h"

#include "core/util/error.h"

#include <algorithm>
#include <cstring>
#include <numeric>

namespace lw::gguf {

// Reads little-endian fields from the map, refusing any that would pass its end. (Outside
// the anonymous namespace because GgufParser, a friend of GgufFile, holds one.)
class GgufByteCursor {
public:
    GgufByteCursor(const std::string& path, const uint8_t* data, uint64_t size) : m_path(path), m_data(data), m_size(size) {}

    uint64_t pos() const { return m_pos; }
    uint64_t remaining() const { return m_size - m_pos; }

    [[noreturn]] void fail(uint64_t at, const std::string& message) const
    {
        throw Error::inFile(m_path, "offset " + std::to_string(at) + ": " + message);
    }

    template <class T>
    T read(const std::string& context, const char* field)
    {
        if (remaining() < sizeof(T))
            fail(m_pos, context + field + ": the file ends inside it (" + std::to_string(sizeof(T)) +
                            " bytes needed, " + std::to_string(remaining()) + " left)");
        T v;
        std::memcpy(&v, m_data + m_pos, sizeof v);
        m_pos += sizeof v;
        return v;
    }

    const uint8_t* take(uint64_t bytes, const std::string& context, const char* field)
    {
        if (bytes > remaining())
            fail(m_pos, context + field + ": " + std::to_string(bytes) + " bytes pass the end of the file (" +
                            std::to_string(remaining()) + " left)");
        const uint8_t* p = m_data + m_pos;
        m_pos += bytes;
        return p;
    }

    // u64 length, then that many bytes.
    std::string readString(const std::string& context, const char* field)
    {
        const uint64_t length = read<uint64_t>(context, field);
        if (length > remaining())
            fail(m_pos - 8, context + field + ": length " + std::to_string(length) + " passes the end of the file (" +
                                std::to_string(remaining()) + " bytes left)");
        const char* p = reinterpret_cast<const char*>(m_data + m_pos);
        m_pos += length;
        return std::string(p, length);
    }

private:
    const std::string& m_path;
    const uint8_t* m_data;
    uint64_t m_size;
    uint64_t m_pos = 0;
};

namespace {

// A name from the file for a message; a hostile file's names may be megabytes long.
std::string quoted(const std::string& name)
{
    constexpr size_t kShown = 80;
    return "'" + (name.size() <= kShown ? name : name.substr(0, kShown) + "...") + "'";
}

} // namespace

// Parses the map into a GgufFile, in file order.
class GgufParser {
public:
    explicit GgufParser(GgufFile& file) : m_file(file), m_in(file.path(), file.m_map.data(), file.m_map.size()) {}

    void parse()
    {
        readHeader();
        for (uint64_t i = 0; i < m_kvCount; ++i)
            readKeyValue(i);
        readAlignment();
        for (uint64_t i = 0; i < m_tensorCount; ++i)
            readTensorInfo(i);
        placeTensors();
    }

private:
    void readHeader()
    {
        const uint8_t* magic = m_in.take(4, "", "magic");
        if (std::memcmp(magic, "GGUF", 4) != 0)
            m_in.fail(0, "not a GGUF file (it does not start with \"GGUF\")");
        const uint64_t versionAt = m_in.pos();
        m_file.m_version = m_in.read<uint32_t>("", "version");
        const uint32_t version = m_file.m_version;
        if (version == 1)
            m_in.fail(versionAt, "GGUF version 1 is not supported (only versions 2 and 3)");
        if (version != 2 && version != 3)
            m_in.fail(versionAt, "unsupported GGUF version " + std::to_string(version) +
                                     ((version & 0xffff) == 0 ? " (a big-endian file?)" : " (only versions 2 and 3)"));
        const uint64_t tensorCountAt = m_in.pos();
        m_tensorCount = m_in.read<uint64_t>("", "tensor count");
        const uint64_t kvCountAt = m_in.pos();
        m_kvCount = m_in.read<uint64_t>("", "key count");
        // The smallest key takes 13 bytes (length, type, one-byte value), the smallest
        // tensor info 24 (name length, n_dims, type, offset).
        if (m_kvCount > m_in.remaining() / 13)
            m_in.fail(kvCountAt, "key count " + std::to_string(m_kvCount) + " is more than the file can hold");
        if (m_tensorCount > m_in.remaining() / 24)
            m_in.fail(tensorCountAt, "tensor count " + std::to_string(m_tensorCount) + " is more than the file can hold");
    }

    void readKeyValue(uint64_t index)
    {
        const uint64_t keyAt = m_in.pos();
        std::string key = m_in.readString("key " + std::to_string(index), " name");
        if (key.empty())
            m_in.fail(keyAt, "key " + std::to_string(index) + ": the name is empty");
        if (m_file.m_keyIndex.count(key))
            m_in.fail(keyAt, "key " + quoted(key) + " appears twice");
        const std::string context = "key " + quoted(key);
        const uint64_t typeAt = m_in.pos();
        const uint32_t type = m_in.read<uint32_t>(context, ": value type");
        if (key == kAlignmentKey)
            m_alignmentAt = typeAt;
        GgufValue value = type == static_cast<uint32_t>(GgufValueType::Array) ? readArray(context)
                                                                               : readScalar(context, type, typeAt);
        m_file.m_keyIndex.emplace(key, m_file.m_metadata.size());
        m_file.m_metadata.push_back({std::move(key), std::move(value)});
    }

    GgufValue readScalar(const std::string& context, uint32_t type, uint64_t typeAt)
    {
        if (type == static_cast<uint32_t>(GgufValueType::String))
            return GgufValue::string(m_in.readString(context, ": value"));
        const size_t size = fixedValueSize(type);
        if (size == 0)
            m_in.fail(typeAt, context + ": unknown value type " + std::to_string(type));
        const uint64_t valueAt = m_in.pos();
        const uint8_t* bytes = m_in.take(size, context, ": value");
        checkBools(bytes, 1, type, context, valueAt);
        return GgufValue::scalarFromBytes(static_cast<GgufValueType>(type),
                                          std::string(reinterpret_cast<const char*>(bytes), size));
    }

    GgufValue readArray(const std::string& context)
    {
        const uint64_t elementTypeAt = m_in.pos();
        const uint32_t element = m_in.read<uint32_t>(context, ": array element type");
        const uint64_t countAt = m_in.pos();
        const uint64_t count = m_in.read<uint64_t>(context, ": array count");
        if (element == static_cast<uint32_t>(GgufValueType::Array))
            m_in.fail(elementTypeAt, context + ": nested arrays are not supported");
        if (element == static_cast<uint32_t>(GgufValueType::String)) {
            if (count > m_in.remaining() / 8)
                m_in.fail(countAt, context + ": array count " + std::to_string(count) + " is more than the file can hold");
            std::vector<std::string> strings;
            strings.reserve(std::min<uint64_t>(count, 1 << 16)); // grows with what the file really holds
            for (uint64_t i = 0; i < count; ++i)
                strings.push_back(m_in.readString(context, ": array element"));
            return GgufValue::stringArray(std::move(strings));
        }
        const size_t size = fixedValueSize(element);
        if (size == 0)
            m_in.fail(elementTypeAt, context + ": unknown array element type " + std::to_string(element));
        if (count > m_in.remaining() / size)
            m_in.fail(countAt, context + ": array count " + std::to_string(count) + " is more than the file can hold");
        const uint64_t valuesAt = m_in.pos();
        const uint8_t* bytes = m_in.take(count * size, context, ": array elements");
        checkBools(bytes, count, element, context, valuesAt);
        return GgufValue::numericArray(static_cast<GgufValueType>(element),
                                       std::string(reinterpret_cast<const char*>(bytes), count * size));
    }

    // A bool is one byte, 0 or 1; anything else would not read back the same.
    void checkBools(const uint8_t* bytes, uint64_t count, uint32_t type, const std::string& context, uint64_t at)
    {
        if (type != static_cast<uint32_t>(GgufValueType::Bool))
            return;
        for (uint64_t i = 0; i < count; ++i)
            if (bytes[i] > 1)
                m_in.fail(at + i, context + ": bool value " + std::to_string(bytes[i]) + " is neither 0 nor 1");
    }

    void readAlignment()
    {
        const auto it = m_file.m_keyIndex.find(kAlignmentKey);
        if (it == m_file.m_keyIndex.end())
            return;
        const GgufValue& value = m_file.m_metadata[it->second].value;
        const std::string context = std::string("key '") + kAlignmentKey + "'";
        if (value.type() != GgufValueType::U32)
            m_in.fail(m_alignmentAt, context + ": is " + value.typeName() + ", expected u32");
        const uint32_t alignment = value.as<uint32_t>(kAlignmentKey);
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            m_in.fail(m_alignmentAt, context + ": " + std::to_string(alignment) + " is not a power of two");
        m_file.m_alignment = alignment;
    }

    void readTensorInfo(uint64_t index)
    {
        const uint64_t nameAt = m_in.pos();
        GgufTensorInfo t;
        t.name = m_in.readString("tensor " + std::to_string(index), " name");
        if (m_file.m_tensorIndex.count(t.name))
            m_in.fail(nameAt, "tensor " + quoted(t.name) + " appears twice");
        const std::string context = "tensor " + quoted(t.name);
        const uint64_t dimsAt = m_in.pos();
        const uint32_t nDims = m_in.read<uint32_t>(context, ": n_dims");
        if (nDims > kGgufMaxDims)
            m_in.fail(dimsAt, context + ": " + std::to_string(nDims) + " dimensions (at most 4)");
        uint64_t elements = 1;
        for (uint32_t d = 0; d < nDims; ++d) {
            const uint64_t dimAt = m_in.pos();
            const uint64_t dim = m_in.read<uint64_t>(context, ": dim");
            if (dim > uint64_t(INT64_MAX) || __builtin_mul_overflow(elements, dim, &elements) ||
                elements > uint64_t(INT64_MAX))
                m_in.fail(dimAt, context + ": dims product overflows");
            t.dims.push_back(dim);
        }
        t.elementCount = elements;
        const uint64_t typeAt = m_in.pos();
        const uint32_t typeId = m_in.read<uint32_t>(context, ": type");
        const GgmlTypeInfo* type = findGgmlType(typeId);
        if (!type)
            m_in.fail(typeAt, context + ": unknown ggml type " + std::to_string(typeId));
        t.type = type->type;
        const uint64_t rowLength = t.dims.empty() ? 1 : t.dims[0];
        if (rowLength % type->blockSize != 0)
            m_in.fail(typeAt, context + ": first dim " + std::to_string(rowLength) + " is not a whole number of " +
                                  type->name + " blocks of " + std::to_string(type->blockSize));
        if (!ggmlByteSize(t.type, t.elementCount, t.byteSize))
            m_in.fail(typeAt, context + ": byte size overflows");
        const uint64_t offsetAt = m_in.pos();
        t.offset = m_in.read<uint64_t>(context, ": offset");
        if (t.offset % m_file.m_alignment != 0)
            m_in.fail(offsetAt, context + ": offset " + std::to_string(t.offset) + " is not a multiple of the alignment " +
                                    std::to_string(m_file.m_alignment));
        m_offsetFieldAt.push_back(offsetAt);
        m_file.m_tensorIndex.emplace(t.name, m_file.m_tensors.size());
        m_file.m_tensors.push_back(std::move(t));
    }

    // The data section starts at the first aligned offset after the tensor infos; every
    // tensor lies inside it, and no two tensors share a byte.
    void placeTensors()
    {
        const uint64_t alignment = m_file.m_alignment;
        const uint64_t end = m_in.pos();
        m_file.m_dataOffset = (end + alignment - 1) / alignment * alignment;
        auto& tensors = m_file.m_tensors;
        if (tensors.empty())
            return;
        const uint64_t fileSize = m_file.m_map.size();
        if (m_file.m_dataOffset > fileSize)
            m_in.fail(end, "the data section would start at " + std::to_string(m_file.m_dataOffset) +
                               ", past the end of the file (" + std::to_string(fileSize) + " bytes)");
        const uint64_t dataSize = fileSize - m_file.m_dataOffset;
        for (size_t i = 0; i < tensors.size(); ++i) {
            const GgufTensorInfo& t = tensors[i];
            if (t.offset > dataSize || t.byteSize > dataSize - t.offset)
                m_in.fail(m_offsetFieldAt[i], "tensor " + quoted(t.name) + ": bytes " + std::to_string(t.offset) + ".." +
                                                  std::to_string(t.offset) + "+" + std::to_string(t.byteSize) +
                                                  " pass the end of the data section (" + std::to_string(dataSize) +
                                                  " bytes)");
        }
        std::vector<size_t> order(tensors.size());
        std::iota(order.begin(), order.end(), size_t(0));
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return tensors[a].offset < tensors[b].offset; });
        const GgufTensorInfo* previous = nullptr;
        for (size_t i : order) {
            const GgufTensorInfo& t = tensors[i];
            if (t.byteSize == 0)
                continue;
            if (previous && previous->offset + previous->byteSize > t.offset)
                m_in.fail(m_offsetFieldAt[i], "tensor " + quoted(t.name) + " overlaps tensor " + quoted(previous->name));
            previous = &t;
        }
        for (GgufTensorInfo& t : tensors)
            t.data = m_file.m_map.data() + m_file.m_dataOffset + t.offset;
    }

    GgufFile& m_file;
    GgufByteCursor m_in;
    uint64_t m_tensorCount = 0;
    uint64_t m_kvCount = 0;
    std::vector<uint64_t> m_offsetFieldAt;
    uint64_t m_alignmentAt = 0; // where general.alignment's type is
};

GgufFile::GgufFile(const std::string& path) : m_map(path)
{
    GgufParser(*this).parse();
}

const GgufValue* GgufFile::find(const std::string& key) const
{
    const auto it = m_keyIndex.find(key);
    return it == m_keyIndex.end() ? nullptr : &m_metadata[it->second].value;
}

const GgufValue& GgufFile::value(const std::string& key) const
{
    const GgufValue* v = find(key);
    if (!v)
        throw Error::inFile(path(), "no key '" + key + "'");
    return *v;
}

const GgufTensorInfo* GgufFile::findTensor(const std::string& name) const
{
    const auto it = m_tensorIndex.find(name);
    return it == m_tensorIndex.end() ? nullptr : &m_tensors[it->second];
}

const GgufTensorInfo& GgufFile::tensor(const std::string& name) const
{
    const GgufTensorInfo* t = findTensor(name);
    if (!t)
        throw Error::inFile(path(), "no tensor '" + name + "'");
    return *t;
}

std::vector<float> GgufFile::dequantizeTensor(const GgufTensorInfo& tensor) const
{
    std::vector<float> values(tensor.elementCount);
    try {
        dequantize(tensor.type, tensor.data, values.data(), tensor.elementCount);
    } catch (const Error& e) {
        throw Error::inFile(path(), "tensor '" + tensor.name + "': " + e.what());
    }
    return values;
}

} // namespace lw::gguf

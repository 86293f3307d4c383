#include "core/gguf/gguf_writer.h"

#include "core/gguf/gguf_file.h"
#include "core/util/atomic_file.h"
#include "core/util/background_writer.h"
#include "core/util/error.h"

#include <algorithm>

namespace lw::gguf {

namespace {

constexpr size_t kMaxTensorName = 63; // ggml's GGML_MAX_NAME less the terminating NUL

class FileOut {
public:
    explicit FileOut(util::AtomicFileWriter& file) : m_file(file) {}

    template <class T>
    void put(T v)
    {
        m_file.write(&v, sizeof v);
    }
    void putString(const std::string& s)
    {
        put<uint64_t>(s.size());
        m_file.write(s);
    }
    void bytes(const void* data, size_t size)
    {
        if (size > 0)
            m_file.write(data, size);
    }
    void padTo(uint64_t alignment)
    {
        static const char zeros[256] = {};
        uint64_t pad = (alignment - m_file.bytesWritten() % alignment) % alignment;
        while (pad > 0) {
            const uint64_t n = std::min<uint64_t>(pad, sizeof zeros);
            m_file.write(zeros, n);
            pad -= n;
        }
    }
    uint64_t written() const { return m_file.bytesWritten(); }

private:
    util::AtomicFileWriter& m_file;
};

void putValue(FileOut& out, const GgufValue& value)
{
    out.put<uint32_t>(static_cast<uint32_t>(value.type()));
    if (value.type() == GgufValueType::String) {
        out.putString(value.strings().front());
        return;
    }
    if (value.isArray()) {
        out.put<uint32_t>(static_cast<uint32_t>(value.elementType()));
        out.put<uint64_t>(value.arraySize());
        if (value.elementType() == GgufValueType::String) {
            for (const std::string& s : value.strings())
                out.putString(s);
            return;
        }
    }
    out.bytes(value.rawBytes().data(), value.rawBytes().size());
}

// Tensor bytes, handed to the writer thread and counted.
class QueueSink : public GgufTensorSink {
public:
    explicit QueueSink(util::BackgroundWriter& out) : m_out(out) {}
    void write(const void* data, size_t size) override
    {
        if (size == 0)
            return;
        const auto* bytes = static_cast<const uint8_t*>(data);
        util::ByteBuffer copy = m_out.takeBuffer(size);
        std::copy(bytes, bytes + size, copy.data());
        write(std::move(copy));
    }
    util::ByteBuffer buffer(size_t size) override { return m_out.takeBuffer(size); }
    void write(util::ByteBuffer&& bytes) override
    {
        m_count += bytes.size();
        m_out.push(std::move(bytes));
    }
    void write(std::shared_ptr<const void> owner, const void* data, size_t size) override
    {
        m_count += size;
        m_out.pushShared(std::move(owner), data, size);
    }
    uint64_t count() const { return m_count; }

private:
    util::BackgroundWriter& m_out;
    uint64_t m_count = 0;
};

void queuePadding(util::BackgroundWriter& out, uint64_t written, uint64_t alignment)
{
    static const char zeros[256] = {};
    uint64_t pad = (alignment - written % alignment) % alignment;
    while (pad > 0) {
        const uint64_t n = std::min<uint64_t>(pad, sizeof zeros);
        out.pushView(zeros, n);
        pad -= n;
    }
}

uint64_t padded(uint64_t size, uint64_t alignment)
{
    return (size + alignment - 1) / alignment * alignment;
}

} // namespace

GgufWriter GgufWriter::copyOf(const GgufFile& file)
{
    GgufWriter writer;
    writer.setVersion(file.version());
    for (const GgufKeyValue& kv : file.metadata())
        writer.add(kv.key, kv.value);
    for (const GgufTensorInfo& t : file.tensors())
        writer.addTensor(t.name, t.dims, t.type, t.data, t.byteSize);
    return writer;
}

void GgufWriter::setVersion(uint32_t version)
{
    if (version != 2 && version != 3)
        throw Error::inField("GGUF version", std::to_string(version) + " cannot be written (only 2 and 3)");
    m_version = version;
}

void GgufWriter::add(const std::string& key, GgufValue value)
{
    if (key.empty())
        throw Error::inField("GGUF key", "the name is empty");
    if (m_keys.count(key))
        throw Error::inField(key, "the key is added twice");
    if (key == kAlignmentKey) {
        const uint32_t alignment = value.as<uint32_t>(key);
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
            throw Error::inField(key, std::to_string(alignment) + " is not a power of two");
        if (!m_tensors.empty())
            throw Error::inField(key, "set the alignment before adding tensors");
        m_alignment = alignment;
    }
    m_keys.insert(key);
    m_metadata.emplace_back(key, std::move(value));
}

uint64_t GgufWriter::checkTensor(const std::string& name, const std::vector<uint64_t>& dims, GgmlType type)
{
    const std::string field = "tensor '" + name + "'";
    if (name.empty())
        throw Error::inField("tensor", "the name is empty");
    if (name.size() > kMaxTensorName)
        throw Error::inField(field, "the name is longer than " + std::to_string(kMaxTensorName) + " bytes");
    if (m_tensorNames.count(name))
        throw Error::inField(field, "the tensor is added twice");
    if (dims.size() > kGgufMaxDims)
        throw Error::inField(field, std::to_string(dims.size()) + " dimensions (at most 4)");
    const GgmlTypeInfo& info = ggmlTypeInfo(type);
    uint64_t elements = 1;
    for (uint64_t d : dims)
        if (d > uint64_t(INT64_MAX) || __builtin_mul_overflow(elements, d, &elements) || elements > uint64_t(INT64_MAX))
            throw Error::inField(field, "dims product overflows");
    const uint64_t rowLength = dims.empty() ? 1 : dims[0];
    uint64_t bytes = 0;
    if (rowLength % info.blockSize != 0 || !ggmlByteSize(type, elements, bytes))
        throw Error::inField(field, "first dim " + std::to_string(rowLength) + " is not a whole number of " +
                                        info.name + " blocks of " + std::to_string(info.blockSize));
    return bytes;
}

void GgufWriter::addTensor(const std::string& name, const std::vector<uint64_t>& dims, GgmlType type, const void* data,
                           uint64_t bytes)
{
    const uint64_t expected = checkTensor(name, dims, type);
    if (bytes != expected)
        throw Error::inField("tensor '" + name + "'", std::to_string(bytes) + " bytes given, " + std::to_string(expected) +
                                                          " expected for its dims and type");
    m_tensorNames.insert(name);
    m_tensors.push_back({name, dims, type, expected, data, nullptr});
}

void GgufWriter::addTensor(const std::string& name, const std::vector<uint64_t>& dims, GgmlType type,
                           GgufTensorProducer produce)
{
    const uint64_t expected = checkTensor(name, dims, type);
    m_tensorNames.insert(name);
    m_tensors.push_back({name, dims, type, expected, nullptr, std::move(produce)});
}

void GgufWriter::write(const std::string& path) const
{
    util::AtomicFileWriter file(path);
    FileOut out(file);
    out.bytes("GGUF", 4);
    out.put<uint32_t>(m_version);
    out.put<uint64_t>(m_tensors.size());
    out.put<uint64_t>(m_metadata.size());
    for (const auto& [key, value] : m_metadata) {
        out.putString(key);
        putValue(out, value);
    }
    uint64_t offset = 0;
    for (const Tensor& t : m_tensors) {
        out.putString(t.name);
        out.put<uint32_t>(static_cast<uint32_t>(t.dims.size()));
        for (uint64_t d : t.dims)
            out.put<uint64_t>(d);
        out.put<uint32_t>(static_cast<uint32_t>(t.type));
        out.put<uint64_t>(offset);
        offset += padded(t.byteSize, m_alignment);
    }
    out.padTo(m_alignment);
    const uint64_t headerBytes = out.written();
    util::BackgroundWriter background(file, kQueuedBytes);
    for (const Tensor& t : m_tensors) {
        if (t.produce) {
            QueueSink sink(background);
            t.produce(sink);
            if (sink.count() != t.byteSize)
                throw Error::inFile(path, "tensor '" + t.name + "': " + std::to_string(sink.count()) +
                                              " bytes written, " + std::to_string(t.byteSize) + " expected");
        } else {
            background.pushView(t.data, t.byteSize);
        }
        queuePadding(background, headerBytes + background.pushed(), m_alignment);
    }
    background.finish();
    file.commit();
}

} // namespace lw::gguf

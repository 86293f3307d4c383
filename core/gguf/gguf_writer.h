#pragma once
// Writes GGUF files that llama.cpp loads: the header, the metadata in the order added,
// the tensor infos in the order added with each tensor's offset the padded end of the
// one before, padding to the alignment, then each tensor's bytes followed by padding.
// The file is written atomically (a temporary file beside it, renamed over it), and a
// tensor's bytes may come from a callback so a large model streams to disk without a
// second copy in memory.
//
// Reading a file (GgufFile) and adding its keys and tensors in order gives the same
// bytes back for files laid out this way (as llama.cpp and gguf-py write them).
#include "core/gguf/ggml_types.h"
#include "core/gguf/gguf_value.h"
#include "core/util/byte_buffer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace lw::gguf {

class GgufFile;

// Where a tensor callback writes its bytes: they go to the file on a thread of its own
// while the callback goes on (see write()).
class GgufTensorSink {
public:
    virtual ~GgufTensorSink() = default;
    // Copies the bytes.
    virtual void write(const void* data, size_t size) = 0;
    // A buffer of `size` bytes to fill and hand to write(ByteBuffer&&), not initialised:
    // one whose bytes were written already when there is one.
    virtual util::ByteBuffer buffer(size_t size) = 0;
    // Takes the buffer as it is, without a copy.
    virtual void write(util::ByteBuffer&& bytes) = 0;
    // Writes `size` bytes at `data` without a copy, keeping `owner` (what holds them,
    // e.g. a tensor) alive until they are written.
    virtual void write(std::shared_ptr<const void> owner, const void* data, size_t size) = 0;
};
using GgufTensorProducer = std::function<void(GgufTensorSink& sink)>;

class GgufWriter {
public:
    GgufWriter() = default;
    // A writer holding a file's version, keys and tensors, in order, to edit and write
    // again; the tensor bytes are the file's map, so `file` must outlive write().
    // lw::Error when a tensor name is one the writer refuses (see addTensor).
    static GgufWriter copyOf(const GgufFile& file);

    // 3 unless set; 2 differs only in what readers accept.
    void setVersion(uint32_t version);

    // A key with its value and exact type. lw::Error for an empty or repeated key, or a
    // general.alignment that is not a u32 power of two (llama.cpp refuses those).
    void add(const std::string& key, GgufValue value);

    // A tensor with dims in GGUF order (dims[0] varies fastest), from `bytes` bytes at
    // `data`, which must stay valid until write() returns. lw::Error when the name is
    // empty, longer than 63 bytes (llama.cpp's limit) or repeated, when there are more
    // than 4 dims, dims[0] is not a whole number of blocks, or `bytes` is not the
    // tensor's size.
    void addTensor(const std::string& name, const std::vector<uint64_t>& dims, GgmlType type, const void* data,
                   uint64_t bytes);
    // The same, with bytes written by `produce` during write(); it must write exactly
    // the tensor's size.
    void addTensor(const std::string& name, const std::vector<uint64_t>& dims, GgmlType type,
                   GgufTensorProducer produce);

    uint32_t alignment() const { return m_alignment; }

    // The header is written first, then the tensors: each one's bytes go to the file on
    // a writer thread while the next callback runs, with at most kQueuedBytes waiting.
    // lw::Error naming the file when writing fails or a callback writes the wrong size;
    // the target is then left as it was.
    void write(const std::string& path) const;
    static constexpr uint64_t kQueuedBytes = 64 << 20;

private:
    struct Tensor {
        std::string name;
        std::vector<uint64_t> dims;
        GgmlType type;
        uint64_t byteSize;
        const void* data;
        GgufTensorProducer produce;
    };
    uint64_t checkTensor(const std::string& name, const std::vector<uint64_t>& dims, GgmlType type);

    uint32_t m_version = 3;
    uint32_t m_alignment = 32;
    std::vector<std::pair<std::string, GgufValue>> m_metadata;
    std::unordered_set<std::string> m_keys;
    std::vector<Tensor> m_tensors;
    std::unordered_set<std::string> m_tensorNames;
};

} // namespace lw::gguf

#pragma once
// Token files: a 64-byte header and the token ids of a whole corpus as little-endian
// uint16 (vocabularies up to 65536) or uint32. Read through a memory map, so corpora
// larger than RAM train without loading.
//
// Header: magic "LWTOK\0\0" + version byte (1), u32 bytes per token, u32 reserved,
// u64 token count, u64 vocabulary size, 32 reserved bytes.
#include "core/util/atomic_file.h"
#include "core/util/mapped_file.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lw::data {

constexpr uint64_t kTokenFileHeaderBytes = 64;

class TokenFileWriter {
public:
    TokenFileWriter(const std::string& path, uint64_t vocabSize);
    void append(const int32_t* ids, size_t count); // lw::Error for ids outside the vocabulary
    void append(const std::vector<int32_t>& ids) { append(ids.data(), ids.size()); }
    uint64_t count() const { return m_count; }
    void commit(); // writes the header and moves the file into place

private:
    util::AtomicFileWriter m_writer;
    uint64_t m_vocabSize;
    uint32_t m_bytesPerToken;
    uint64_t m_count = 0;
    std::vector<uint8_t> m_buffer;
};

class TokenFile {
public:
    explicit TokenFile(const std::string& path); // validates the header and the size
    const std::string& path() const { return m_file.path(); }
    uint64_t count() const { return m_count; }
    uint64_t vocabSize() const { return m_vocabSize; }
    uint32_t bytesPerToken() const { return m_bytesPerToken; }
    int32_t at(uint64_t index) const;
    // Copies tokens [begin, begin+n) into out as int64; lw::Error naming the file and
    // the offset if an id is outside [0, limit).
    void read(uint64_t begin, uint64_t n, int64_t* out, int64_t limit) const;

private:
    util::MappedFile m_file;
    uint64_t m_count = 0, m_vocabSize = 0;
    uint32_t m_bytesPerToken = 0;
    const uint8_t* m_tokens = nullptr;
};

} // namespace lw::data

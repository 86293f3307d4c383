#include "core/data/token_file.h"

#include "core/util/error.h"

#include <cstring>

namespace lw::data {

namespace {

const char kMagic[8] = {'L', 'W', 'T', 'O', 'K', 0, 0, 1};

void putU32(uint8_t* p, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = uint8_t(v >> (8 * i));
}

void putU64(uint8_t* p, uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        p[i] = uint8_t(v >> (8 * i));
}

uint32_t getU32(const uint8_t* p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

uint64_t getU64(const uint8_t* p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

} // namespace

TokenFileWriter::TokenFileWriter(const std::string& path, uint64_t vocabSize)
    : m_writer(path), m_vocabSize(vocabSize), m_bytesPerToken(vocabSize <= 65536 ? 2 : 4)
{
    if (vocabSize == 0 || vocabSize > (uint64_t(1) << 31))
        throw Error(path + ": invalid vocabulary size " + std::to_string(vocabSize));
    uint8_t header[kTokenFileHeaderBytes] = {};
    m_writer.write(header, sizeof header); // completed in commit()
}

void TokenFileWriter::append(const int32_t* ids, size_t count)
{
    m_buffer.resize(count * m_bytesPerToken);
    uint8_t* out = m_buffer.data();
    for (size_t i = 0; i < count; ++i) {
        const int32_t id = ids[i];
        if (id < 0 || uint64_t(id) >= m_vocabSize)
            throw Error(m_writer.path() + ": token id " + std::to_string(id) + " is outside the vocabulary of " +
                        std::to_string(m_vocabSize));
        const uint32_t u = uint32_t(id);
        for (uint32_t b = 0; b < m_bytesPerToken; ++b)
            *out++ = uint8_t(u >> (8 * b));
    }
    m_writer.write(m_buffer.data(), m_buffer.size());
    m_count += count;
}

void TokenFileWriter::commit()
{
    uint8_t header[kTokenFileHeaderBytes] = {};
    std::memcpy(header, kMagic, 8);
    putU32(header + 8, m_bytesPerToken);
    putU64(header + 16, m_count);
    putU64(header + 24, m_vocabSize);
    m_writer.writeAt(0, header, sizeof header);
    m_writer.commit();
}

TokenFile::TokenFile(const std::string& path) : m_file(path)
{
    if (m_file.size() < kTokenFileHeaderBytes || std::memcmp(m_file.data(), kMagic, 7) != 0)
        throw Error::inFile(path, "not a token file (prepare the dataset again)");
    if (m_file.data()[7] != kMagic[7])
        throw Error::inFile(path, "token file version " + std::to_string(m_file.data()[7]) + " is not supported");
    m_bytesPerToken = getU32(m_file.data() + 8);
    m_count = getU64(m_file.data() + 16);
    m_vocabSize = getU64(m_file.data() + 24);
    if (m_bytesPerToken != 2 && m_bytesPerToken != 4)
        throw Error::inFile(path, "corrupt token file header (bytes per token " + std::to_string(m_bytesPerToken) + ")");
    if (m_count > (m_file.size() - kTokenFileHeaderBytes) / m_bytesPerToken ||
        kTokenFileHeaderBytes + m_count * m_bytesPerToken != m_file.size())
        throw Error::inFile(path, "truncated or corrupt token file: the header announces " + std::to_string(m_count) +
                                      " tokens but the file has " + std::to_string(m_file.size()) + " bytes");
    m_tokens = m_file.data() + kTokenFileHeaderBytes;
}

int32_t TokenFile::at(uint64_t index) const
{
    const uint8_t* p = m_tokens + index * m_bytesPerToken;
    return m_bytesPerToken == 2 ? int32_t(uint32_t(p[0]) | uint32_t(p[1]) << 8) : int32_t(getU32(p));
}

void TokenFile::read(uint64_t begin, uint64_t n, int64_t* out, int64_t limit) const
{
    if (begin + n > m_count)
        throw Error::inFile(path(), "read past the end of the token file");
    if (m_bytesPerToken == 2) {
        const uint8_t* p = m_tokens + begin * 2;
        for (uint64_t i = 0; i < n; ++i)
            out[i] = int64_t(uint32_t(p[2 * i]) | uint32_t(p[2 * i + 1]) << 8);
    } else {
        const uint8_t* p = m_tokens + begin * 4;
        for (uint64_t i = 0; i < n; ++i)
            out[i] = int64_t(getU32(p + 4 * i));
    }
    for (uint64_t i = 0; i < n; ++i)
        if (out[i] < 0 || out[i] >= limit)
            throw Error::inFile(path(), "token " + std::to_string(out[i]) + " at position " + std::to_string(begin + i) +
                                            " is outside the model's vocabulary of " + std::to_string(limit));
}

} // namespace lw::data

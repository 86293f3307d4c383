#include "core/shape/packed_sequence_file.h"

#include "core/util/error.h"

#include <cstdio>
#include <cstring>

namespace lw::shape {

namespace {

constexpr char kMagic[7] = {'L', 'W', 'S', 'E', 'Q', 0, 0};

void putU32(uint8_t* out, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        out[i] = uint8_t(v >> (8 * i));
}

void putU64(uint8_t* out, uint64_t v)
{
    for (int i = 0; i < 8; ++i)
        out[i] = uint8_t(v >> (8 * i));
}

uint32_t getU32(const uint8_t* in)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | in[i];
    return v;
}

uint64_t getU64(const uint8_t* in)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | in[i];
    return v;
}

std::string at(uint64_t offset)
{
    return "at byte " + std::to_string(offset) + ": ";
}

} // namespace

std::string_view packedKindName(PackedKind kind)
{
    return kind == PackedKind::Preference ? "preference" : "sft";
}

// An anonymous temporary file (gone when closed, even after a crash).
struct PackedSequenceWriter::Spool {
    std::FILE* file = nullptr;
    explicit Spool(const std::string& path)
    {
        file = std::tmpfile();
        if (!file)
            throw Error::inFile(path, "cannot create a temporary file");
    }
    ~Spool() { std::fclose(file); }
    void write(const void* data, size_t size, const std::string& path)
    {
        if (size > 0 && std::fwrite(data, 1, size, file) != size)
            throw Error::inFile(path, "cannot write a temporary file (disk full?)");
    }
    void copyTo(util::AtomicFileWriter& out, const std::string& path)
    {
        if (std::fflush(file) != 0 || std::fseek(file, 0, SEEK_SET) != 0)
            throw Error::inFile(path, "cannot read back a temporary file");
        std::vector<char> buffer(1 << 20);
        size_t n = 0;
        while ((n = std::fread(buffer.data(), 1, buffer.size(), file)) > 0)
            out.write(buffer.data(), n);
        if (std::ferror(file))
            throw Error::inFile(path, "cannot read back a temporary file");
    }
};

PackedSequenceWriter::PackedSequenceWriter(std::string path, PackedKind kind, uint64_t vocabSize, int64_t eosId,
                                           uint32_t context)
    : m_path(std::move(path)), m_tokens(std::make_unique<Spool>(m_path)), m_loss(std::make_unique<Spool>(m_path))
{
    if (vocabSize == 0 || vocabSize > (uint64_t(1) << 31))
        throw Error::inFile(m_path, "vocabulary size " + std::to_string(vocabSize) + " does not fit 31-bit token ids");
    m_header.kind = kind;
    m_header.vocabSize = vocabSize;
    m_header.eosId = eosId;
    m_header.context = context;
}

PackedSequenceWriter::~PackedSequenceWriter() = default;

void PackedSequenceWriter::addRow(uint64_t rowIndex, const std::vector<const std::vector<int32_t>*>& ids,
                                  const std::vector<const std::vector<uint8_t>*>& loss)
{
    const size_t expected = m_header.kind == PackedKind::Preference ? 2 : 1;
    if (ids.size() != expected || loss.size() != expected)
        throw Error::inFile(m_path, "a " + std::string(packedKindName(m_header.kind)) + " row has " +
                                        std::to_string(expected) + " sequence(s), not " + std::to_string(ids.size()));
    if (!m_rowIndex.empty() && rowIndex <= m_rowIndex.back())
        throw Error::inFile(m_path, "row indexes must increase");
    std::vector<uint8_t> bytes;
    for (size_t s = 0; s < expected; ++s) {
        const auto& tokens = *ids[s];
        const auto& flags = *loss[s];
        if (tokens.size() != flags.size())
            throw Error::inFile(m_path, "a sequence has " + std::to_string(tokens.size()) + " tokens but " +
                                            std::to_string(flags.size()) + " loss flags");
        bytes.resize(tokens.size() * 4);
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (tokens[i] < 0 || uint64_t(tokens[i]) >= m_header.vocabSize)
                throw Error::inFile(m_path, "token id " + std::to_string(tokens[i]) + " is outside the vocabulary of " +
                                                std::to_string(m_header.vocabSize));
            putU32(bytes.data() + 4 * i, uint32_t(tokens[i]));
        }
        for (uint8_t f : flags)
            if (f > 1)
                throw Error::inFile(m_path, "a loss flag must be 0 or 1");
        m_tokens->write(bytes.data(), bytes.size(), m_path);
        m_loss->write(flags.data(), flags.size(), m_path);
        m_offsets.push_back(m_offsets.back() + tokens.size());
    }
    m_rowIndex.push_back(rowIndex);
}

void PackedSequenceWriter::commit()
{
    m_header.rows = m_rowIndex.size();
    m_header.sequences = m_offsets.size() - 1;
    m_header.tokens = m_offsets.back();
    uint8_t header[kPackedHeaderBytes] = {};
    std::memcpy(header, kMagic, sizeof kMagic);
    header[7] = kPackedFormatVersion;
    putU32(header + 8, uint32_t(m_header.kind));
    putU32(header + 12, m_header.context);
    putU64(header + 16, m_header.rows);
    putU64(header + 24, m_header.sequences);
    putU64(header + 32, m_header.tokens);
    putU64(header + 40, m_header.vocabSize);
    putU64(header + 48, m_header.eosId < 0 ? 0 : uint64_t(m_header.eosId) + 1);
    util::AtomicFileWriter out(m_path);
    out.write(header, sizeof header);
    std::vector<uint8_t> table(8 * (m_offsets.size() + m_rowIndex.size()));
    size_t k = 0;
    for (uint64_t v : m_offsets)
        putU64(table.data() + 8 * k++, v);
    for (uint64_t v : m_rowIndex)
        putU64(table.data() + 8 * k++, v);
    out.write(table.data(), table.size());
    m_tokens->copyTo(out, m_path);
    m_loss->copyTo(out, m_path);
    out.commit();
}

PackedSequenceFile::PackedSequenceFile(const std::string& path) : m_file(path)
{
    const uint8_t* d = m_file.data();
    const uint64_t size = m_file.size();
    if (size < kPackedHeaderBytes)
        throw Error::inFile(path, "too short for a packed sequence file: " + std::to_string(size) + " bytes, the header alone is " +
                                      std::to_string(kPackedHeaderBytes));
    if (std::memcmp(d, kMagic, sizeof kMagic) != 0)
        throw Error::inFile(path, "not a packed sequence file (magic bytes at offset 0)");
    if (d[7] != kPackedFormatVersion)
        throw Error::inFile(path, at(7) + "format version " + std::to_string(d[7]) + " is not supported (expected " +
                                      std::to_string(kPackedFormatVersion) + ")");
    const uint32_t kind = getU32(d + 8);
    if (kind != uint32_t(PackedKind::Sft) && kind != uint32_t(PackedKind::Preference))
        throw Error::inFile(path, at(8) + "unknown kind " + std::to_string(kind) + " (1 = sft, 2 = preference)");
    m_header.kind = PackedKind(kind);
    m_header.context = getU32(d + 12);
    m_header.rows = getU64(d + 16);
    m_header.sequences = getU64(d + 24);
    m_header.tokens = getU64(d + 32);
    m_header.vocabSize = getU64(d + 40);
    const uint64_t eosPlusOne = getU64(d + 48);
    for (uint64_t i = 56; i < kPackedHeaderBytes; ++i)
        if (d[i] != 0)
            throw Error::inFile(path, at(i) + "reserved header bytes must be zero");
    if (m_header.vocabSize == 0 || m_header.vocabSize > (uint64_t(1) << 31))
        throw Error::inFile(path, at(40) + "vocabulary size " + std::to_string(m_header.vocabSize) + " is invalid");
    if (eosPlusOne > m_header.vocabSize)
        throw Error::inFile(path, at(48) + "end-of-sequence id " + std::to_string(eosPlusOne - 1) +
                                      " is outside the vocabulary");
    m_header.eosId = int64_t(eosPlusOne) - 1;
    // Every count is bounded by the file size before it is multiplied, so no product overflows.
    const uint64_t remaining = size - kPackedHeaderBytes;
    if (m_header.rows > remaining / 8 || m_header.sequences >= remaining / 8 || m_header.tokens > remaining / 5)
        throw Error::inFile(path, "truncated: the header promises more than the file's " + std::to_string(size) + " bytes");
    if (m_header.sequences != m_header.rows * sequencesPerRow())
        throw Error::inFile(path, at(24) + std::to_string(m_header.sequences) + " sequences for " +
                                      std::to_string(m_header.rows) + " rows of kind " +
                                      std::string(packedKindName(m_header.kind)));
    const uint64_t expected =
        kPackedHeaderBytes + 8 * (m_header.sequences + 1) + 8 * m_header.rows + 5 * m_header.tokens;
    if (size != expected)
        throw Error::inFile(path, (size < expected ? "truncated: " : "trailing bytes: ") + std::to_string(size) +
                                      " bytes, the header says " + std::to_string(expected));
    m_offsets = d + kPackedHeaderBytes;
    m_rowIndex = m_offsets + 8 * (m_header.sequences + 1);
    m_tokens = m_rowIndex + 8 * m_header.rows;
    m_loss = m_tokens + 4 * m_header.tokens;
    uint64_t previous = 0;
    for (uint64_t i = 0; i <= m_header.sequences; ++i) {
        const uint64_t o = offset(i);
        const uint64_t where = kPackedHeaderBytes + 8 * i;
        if ((i == 0 && o != 0) || o < previous || o > m_header.tokens)
            throw Error::inFile(path, at(where) + "sequence offset " + std::to_string(o) + " is out of order or past the " +
                                          std::to_string(m_header.tokens) + " tokens");
        previous = o;
    }
    if (previous != m_header.tokens)
        throw Error::inFile(path, "the last sequence offset " + std::to_string(previous) + " is not the token count " +
                                      std::to_string(m_header.tokens));
    for (uint64_t r = 0; r < m_header.rows; ++r)
        if (r > 0 && rowIndex(r) <= rowIndex(r - 1))
            throw Error::inFile(path, at(uint64_t(m_rowIndex - d) + 8 * r) + "row indexes must increase");
    for (uint64_t t = 0; t < m_header.tokens; ++t) {
        if (getU32(m_tokens + 4 * t) >= m_header.vocabSize)
            throw Error::inFile(path, at(uint64_t(m_tokens - d) + 4 * t) + "token id " +
                                          std::to_string(getU32(m_tokens + 4 * t)) + " is outside the vocabulary of " +
                                          std::to_string(m_header.vocabSize));
        if (m_loss[t] > 1)
            throw Error::inFile(path, at(uint64_t(m_loss - d) + t) + "loss flag " + std::to_string(m_loss[t]) +
                                          " is neither 0 nor 1");
    }
}

uint64_t PackedSequenceFile::offset(uint64_t index) const
{
    return getU64(m_offsets + 8 * index);
}

uint64_t PackedSequenceFile::begin(uint64_t sequence) const
{
    if (sequence >= m_header.sequences)
        throw Error::inFile(path(), "sequence " + std::to_string(sequence) + " does not exist (the file holds " +
                                        std::to_string(m_header.sequences) + ")");
    return offset(sequence);
}

uint64_t PackedSequenceFile::rowIndex(uint64_t row) const
{
    if (row >= m_header.rows)
        throw Error::inFile(path(), "row " + std::to_string(row) + " does not exist (the file holds " +
                                        std::to_string(m_header.rows) + ")");
    return getU64(m_rowIndex + 8 * row);
}

uint64_t PackedSequenceFile::length(uint64_t sequence) const
{
    const uint64_t b = begin(sequence);
    return offset(sequence + 1) - b;
}

std::vector<int32_t> PackedSequenceFile::tokens(uint64_t sequence) const
{
    const uint64_t b = begin(sequence), e = offset(sequence + 1);
    std::vector<int32_t> out(e - b);
    for (uint64_t t = b; t < e; ++t)
        out[t - b] = int32_t(getU32(m_tokens + 4 * t));
    return out;
}

std::vector<uint8_t> PackedSequenceFile::loss(uint64_t sequence) const
{
    const uint64_t b = begin(sequence), e = offset(sequence + 1);
    return std::vector<uint8_t>(m_loss + b, m_loss + e);
}

} // namespace lw::shape

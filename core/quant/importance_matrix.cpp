// Accumulation, the importance handed to the quantizer, and llama.cpp's legacy binary
// imatrix layout. The GGUF layout is in importance_matrix_gguf.cpp.
#include "core/quant/importance_matrix.h"

#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <cmath>
#include <cstring>

namespace lw::quant {

namespace {

constexpr char kGgufMagic[4] = {'G', 'G', 'U', 'F'};

// Little-endian fields read from a file in memory; every read checks the bytes left and
// errors name the file and the byte offset.
class LegacyReader {
public:
    LegacyReader(const std::string& path, const std::string& bytes) : m_path(path), m_bytes(bytes) {}

    size_t offset() const { return m_offset; }
    size_t left() const { return m_bytes.size() - m_offset; }

    [[noreturn]] void fail(const std::string& message, size_t at) const
    {
        throw Error::inFile(m_path, "byte " + std::to_string(at) + ": " + message);
    }

    int32_t i32(const char* what)
    {
        if (left() < 4)
            fail(std::string("file ends inside ") + what, m_offset);
        uint32_t u = 0;
        for (int i = 0; i < 4; ++i)
            u |= uint32_t(uint8_t(m_bytes[m_offset + i])) << (8 * i);
        m_offset += 4;
        int32_t v;
        std::memcpy(&v, &u, sizeof v);
        return v;
    }

    std::string text(int32_t length, const char* what)
    {
        const size_t at = m_offset - 4;
        if (length < 0 || size_t(length) > left())
            fail(std::string(what) + " length " + std::to_string(length) + " exceeds the " + std::to_string(left()) +
                     " bytes left",
                 at);
        std::string s = m_bytes.substr(m_offset, size_t(length));
        m_offset += size_t(length);
        return s;
    }

    std::vector<float> floats(int32_t count, const char* what)
    {
        const size_t at = m_offset - 4;
        if (count < 1 || uint64_t(count) * 4 > left())
            fail(std::string(what) + " count " + std::to_string(count) + " does not fit the " +
                     std::to_string(left()) + " bytes left",
                 at);
        std::vector<float> values(static_cast<size_t>(count));
        std::memcpy(values.data(), m_bytes.data() + m_offset, values.size() * 4); // little-endian host
        m_offset += values.size() * 4;
        return values;
    }

private:
    std::string m_path;
    const std::string& m_bytes;
    size_t m_offset = 0;
};

void appendI32(std::string& out, int32_t v)
{
    uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    for (int i = 0; i < 4; ++i)
        out.push_back(char(uint8_t(u >> (8 * i))));
}

} // namespace

void ImportanceMatrix::accumulate(const std::string& name, const float* activations, int64_t tokens,
                                  int64_t columns)
{
    if (tokens < 0 || columns <= 0)
        throw Error("importance of '" + name + "': " + std::to_string(tokens) + " tokens of " +
                    std::to_string(columns) + " columns");
    ImportanceEntry& e = m_entries[name];
    if (e.sumSquares.empty())
        e.sumSquares.assign(size_t(columns), 0.0f);
    else if (e.sumSquares.size() != size_t(columns))
        throw Error("importance of '" + name + "': " + std::to_string(columns) + " columns, earlier " +
                    std::to_string(e.sumSquares.size()));
    float* sums = e.sumSquares.data();
    for (int64_t t = 0; t < tokens; ++t) {
        const float* x = activations + t * columns;
        for (int64_t j = 0; j < columns; ++j)
            sums[j] += x[j] * x[j];
    }
    for (int64_t j = 0; j < columns; ++j)
        if (!std::isfinite(sums[j]))
            throw Error("importance of '" + name + "': the sum of squares of column " + std::to_string(j) +
                        " is not finite");
    e.tokens += tokens;
}

const ImportanceEntry* ImportanceMatrix::find(const std::string& name) const
{
    const auto it = m_entries.find(name);
    return it == m_entries.end() ? nullptr : &it->second;
}

void ImportanceMatrix::set(const std::string& name, ImportanceEntry entry)
{
    m_entries[name] = std::move(entry);
}

std::vector<float> ImportanceMatrix::importance(const std::string& name) const
{
    const ImportanceEntry* e = find(name);
    if (!e)
        return {};
    if (e->tokens <= 0)
        return std::vector<float>(e->sumSquares.size(), 1.0f);
    const float count = float(e->tokens);
    std::vector<float> out(e->sumSquares.size());
    for (size_t j = 0; j < out.size(); ++j)
        out[j] = e->sumSquares[j] / count;
    return out;
}

ImportanceMatrix ImportanceMatrix::read(const std::string& path)
{
    const std::string head = util::readFile(path).substr(0, 4);
    return head == std::string(kGgufMagic, 4) ? readGguf(path) : readLegacy(path);
}

ImportanceMatrix ImportanceMatrix::readLegacy(const std::string& path)
{
    const std::string bytes = util::readFile(path);
    LegacyReader in(path, bytes);
    ImportanceMatrix m;
    const int32_t entries = in.i32("the entry count");
    // Each entry takes at least 13 bytes: three i32 fields, a name byte, no values.
    if (entries < 1 || uint64_t(entries) * 13 > in.left())
        in.fail("entry count " + std::to_string(entries) + " does not fit the file", 0);
    for (int32_t i = 0; i < entries; ++i) {
        const std::string entry = "entry " + std::to_string(i);
        const size_t start = in.offset();
        const int32_t nameLength = in.i32("a name length");
        if (nameLength < 1)
            in.fail(entry + ": name length " + std::to_string(nameLength), start);
        std::string name = in.text(nameLength, (entry + ": name").c_str());
        const size_t ncallAt = in.offset();
        const int32_t ncall = in.i32("a call count");
        if (ncall < 0)
            in.fail(entry + " '" + name + "': call count " + std::to_string(ncall), ncallAt);
        const int32_t count = in.i32("a value count");
        ImportanceEntry e;
        e.sumSquares = in.floats(count, (entry + " '" + name + "': value").c_str());
        e.tokens = ncall == 0 ? 1 : ncall;
        if (m.find(name))
            in.fail(entry + ": '" + name + "' appears twice", start);
        m.set(name, std::move(e));
    }
    if (in.left() > 0) { // optional: chunk count, then the dataset's name
        m.chunkCount = in.i32("the chunk count");
        const int32_t length = in.i32("the dataset name length");
        std::string dataset = in.text(length, "dataset name");
        if (!dataset.empty())
            m.datasets.push_back(std::move(dataset));
        if (in.left() > 0)
            in.fail(std::to_string(in.left()) + " unexpected bytes after the dataset name", in.offset());
    }
    return m;
}

void ImportanceMatrix::writeLegacy(const std::string& path) const
{
    if (chunkSize <= 0)
        throw Error::inFile(path, "chunk size " + std::to_string(chunkSize) + " is not positive");
    std::string out;
    int32_t stored = 0;
    for (const auto& [name, e] : m_entries)
        stored += e.tokens > 0 ? 1 : 0;
    appendI32(out, stored);
    for (const auto& [name, e] : m_entries) { // std::map: sorted by name
        if (e.tokens <= 0)
            continue;
        appendI32(out, int32_t(name.size()));
        out += name;
        const int64_t ncall = (e.tokens + chunkSize - 1) / chunkSize;
        appendI32(out, int32_t(ncall));
        appendI32(out, int32_t(e.sumSquares.size()));
        const float count = float(e.tokens);
        for (float sum : e.sumSquares) {
            const float v = (sum / count) * float(ncall);
            uint32_t u;
            std::memcpy(&u, &v, sizeof u);
            appendI32(out, int32_t(u));
        }
    }
    appendI32(out, chunkCount);
    const std::string dataset = datasets.empty() ? std::string() : datasets.back();
    appendI32(out, int32_t(dataset.size()));
    out += dataset;
    util::writeFileAtomic(path, out);
}

} // namespace lw::quant

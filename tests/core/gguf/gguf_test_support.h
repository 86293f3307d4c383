#pragma once
// Shared by the GGUF tests: where the fixtures are (written by fixtures/make_fixtures.py
// with llama.cpp's gguf-py), their expected values, and a small byte builder that lays
// out GGUF files field by field, written from the format description independently of
// core/gguf's writer, for files a writer must never produce.
#include "core/gguf/ggml_types.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "test_paths.h"

#include <nlohmann/json.hpp>

#include <QFile>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace lw::test::gguf {

inline std::string fixturePath(const std::string& name)
{
    return std::string(lw::test::sourceDir()) + "/tests/core/gguf/fixtures/" + name;
}

// expected.json: per fixture file, its alignment, keys (type, value) and tensors (dims,
// type, file of gguf-py's dequantized values).
inline const nlohmann::json& expectedFixtures()
{
    static const nlohmann::json expected = nlohmann::json::parse(util::readFile(fixturePath("expected.json")));
    return expected;
}

inline std::vector<float> readFloats(const std::string& path)
{
    const std::string bytes = util::readFile(path);
    std::vector<float> values(bytes.size() / sizeof(float));
    std::memcpy(values.data(), bytes.data(), values.size() * sizeof(float));
    return values;
}

inline std::vector<uint32_t> bitsOf(const std::vector<float>& values)
{
    std::vector<uint32_t> bits(values.size());
    std::memcpy(bits.data(), values.data(), values.size() * sizeof(float));
    return bits;
}

// The message of the lw::Error `call` throws, or "no error".
template <typename Call>
std::string errorMessageOf(Call call)
{
    try {
        call();
    } catch (const lw::Error& e) {
        return e.what();
    }
    return "no error";
}

// Plain write, no fsync: the hostile-file loops write thousands of files.
inline void writeBytes(const std::string& path, const std::string& bytes)
{
    QFile file(QString::fromStdString(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()))
        qFatal("cannot write %s", path.c_str());
}

// Little-endian GGUF fields appended one by one.
class GgufBytes {
public:
    GgufBytes& raw(const std::string& bytes)
    {
        m_bytes += bytes;
        return *this;
    }
    GgufBytes& u8(uint8_t v) { return put(v); }
    GgufBytes& u32(uint32_t v) { return put(v); }
    GgufBytes& u64(uint64_t v) { return put(v); }
    GgufBytes& str(const std::string& s)
    {
        u64(s.size());
        return raw(s);
    }
    // "GGUF", version, tensor count, key count.
    GgufBytes& header(uint64_t tensors, uint64_t keys, uint32_t version = 3)
    {
        return raw("GGUF").u32(version).u64(tensors).u64(keys);
    }
    GgufBytes& keyU32(const std::string& key, uint32_t v) { return str(key).u32(4).u32(v); }
    GgufBytes& tensorInfo(const std::string& name, const std::vector<uint64_t>& dims, uint32_t type, uint64_t offset)
    {
        str(name).u32(static_cast<uint32_t>(dims.size()));
        for (uint64_t d : dims)
            u64(d);
        return u32(type).u64(offset);
    }
    GgufBytes& padTo(size_t alignment)
    {
        while (m_bytes.size() % alignment != 0)
            m_bytes.push_back('\0');
        return *this;
    }
    GgufBytes& zeros(size_t n)
    {
        m_bytes.append(n, '\0');
        return *this;
    }
    const std::string& bytes() const { return m_bytes; }

private:
    template <class T>
    GgufBytes& put(T v)
    {
        char b[sizeof v];
        std::memcpy(b, &v, sizeof v);
        m_bytes.append(b, sizeof v);
        return *this;
    }
    std::string m_bytes;
};

} // namespace lw::test::gguf

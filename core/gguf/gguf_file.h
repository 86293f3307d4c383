#pragma once
// A GGUF file (llama.cpp's model format, versions 2 and 3, little-endian) read through a
// memory map: the metadata keys and values in file order, and the tensors with their
// data as pointers into the map (no copy; valid while the GgufFile lives).
//
// Layout: "GGUF", u32 version, u64 tensor count, u64 key count; each key (u64 length,
// bytes), u32 value type, value (arrays: u32 element type, u64 count, elements); each
// tensor info (name, u32 n_dims, n_dims u64 dims with the fastest-varying first, u32
// ggml type, u64 offset into the data section); padding to the alignment (the u32 key
// general.alignment, 32 by default); the data section.
//
// The file is untrusted: every count, length, dimension, type, offset and size is
// checked before use, and a bad file gets one lw::Error naming the file, the byte
// offset and the field ("model.gguf: offset 1234: tensor 'x': ...").
#include "core/gguf/ggml_types.h"
#include "core/gguf/gguf_value.h"
#include "core/util/mapped_file.h"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace lw::gguf {

inline constexpr uint32_t kGgufDefaultAlignment = 32;
inline constexpr uint32_t kGgufMaxDims = 4;
inline constexpr const char* kAlignmentKey = "general.alignment";

struct GgufKeyValue {
    std::string key;
    GgufValue value;
};

struct GgufTensorInfo {
    std::string name;
    std::vector<uint64_t> dims; // GGUF order: dims[0] varies fastest (ggml's ne[0])
    GgmlType type = GgmlType::F32;
    uint64_t offset = 0;        // from the start of the data section
    uint64_t elementCount = 0;
    uint64_t byteSize = 0;
    const uint8_t* data = nullptr; // into the map
};

class GgufFile {
public:
    explicit GgufFile(const std::string& path);

    const std::string& path() const { return m_map.path(); }
    uint32_t version() const { return m_version; }
    uint32_t alignment() const { return m_alignment; }
    uint64_t dataOffset() const { return m_dataOffset; } // file offset of the data section
    uint64_t fileSize() const { return m_map.size(); }

    const std::vector<GgufKeyValue>& metadata() const { return m_metadata; }
    const GgufValue* find(const std::string& key) const; // nullptr when absent
    bool has(const std::string& key) const { return find(key) != nullptr; }
    // lw::Error naming the file and key when absent.
    const GgufValue& value(const std::string& key) const;
    // The value as T, whose type must match exactly (see GgufValue::as); lw::Error naming
    // the file, the key and the actual type otherwise.
    template <class T>
    T get(const std::string& key) const
    {
        return value(key).as<T>(path() + ": key '" + key + "'");
    }

    const std::vector<GgufTensorInfo>& tensors() const { return m_tensors; }
    const GgufTensorInfo* findTensor(const std::string& name) const; // nullptr when absent
    const GgufTensorInfo& tensor(const std::string& name) const;     // lw::Error when absent
    // The tensor's values as floats (see dequantize()); lw::Error naming the tensor when
    // its type cannot be converted.
    std::vector<float> dequantizeTensor(const GgufTensorInfo& tensor) const;

private:
    util::MappedFile m_map;
    uint32_t m_version = 0;
    uint32_t m_alignment = kGgufDefaultAlignment;
    uint64_t m_dataOffset = 0;
    std::vector<GgufKeyValue> m_metadata;
    std::unordered_map<std::string, size_t> m_keyIndex;
    std::vector<GgufTensorInfo> m_tensors;
    std::unordered_map<std::string, size_t> m_tensorIndex;

    friend class GgufParser;
};

} // namespace lw::gguf

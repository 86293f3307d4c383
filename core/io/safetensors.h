#pragma once
// The safetensors format (an 8-byte little-endian header length, a JSON header naming
// each tensor's dtype, shape and byte range, then the raw little-endian data). Used for
// checkpoints and exports, so Python tools read our files directly. Files are treated
// as untrusted input: every offset, size and dtype is checked before anything is read.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <torch/torch.h>
#include <vector>

namespace lw::util {
class MappedFile;
}

namespace lw::io {

struct SafetensorsEntry {
    std::string name;
    torch::ScalarType dtype;
    std::vector<int64_t> shape;
    uint64_t begin = 0, end = 0; // byte range inside the data section
};

struct SafetensorsHeader {
    std::map<std::string, std::string> metadata;
    std::vector<SafetensorsEntry> entries; // in file order
    uint64_t headerBytes = 0;              // the JSON header's length (after the 8-byte size)
    uint64_t dataOffset = 0;               // 8 + headerBytes
};

std::string safetensorsDtypeName(torch::ScalarType type);

// A tensor whose header fields are known up front and whose bytes are produced when
// the file gets to it, so that a model is written one tensor at a time.
struct StreamedTensor {
    std::string name;
    torch::ScalarType dtype;
    std::vector<int64_t> shape;
    // The values, in `dtype` with `shape` (any device, any strides); lw::Error when not.
    std::function<torch::Tensor()> produce;
};

// Writes tensors (moved to CPU, made contiguous) with metadata, atomically. When
// `checksumKey` is non-empty, metadata[checksumKey] is set to the sha256 of the whole
// file as written with that value replaced by 64 '0' characters (see verifyEmbeddedChecksum).
void writeSafetensors(const std::string& path, const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                      std::map<std::string, std::string> metadata, const std::string& checksumKey = {});
// The same bytes, each tensor produced (and released) in turn.
void writeSafetensors(const std::string& path, const std::vector<StreamedTensor>& tensors,
                      std::map<std::string, std::string> metadata, const std::string& checksumKey = {});

// Reads and validates the header; lw::Error naming the file and the problem.
SafetensorsHeader readSafetensorsHeader(const std::string& path);

// Recomputes the embedded checksum; lw::Error naming the file when it does not match
// (a flipped bit anywhere, a truncated file) or when there is no checksum.
void verifyEmbeddedChecksum(const std::string& path, const SafetensorsHeader& header, const std::string& checksumKey);

// A copy of one tensor of a memory-mapped file whose header was read (CPU, its stored
// dtype). The tensor's pages then leave the process (util::MappedFile::dropPages): a
// model read tensor by tensor does not hold its file in resident memory as well.
torch::Tensor readMappedTensor(const util::MappedFile& file, const SafetensorsHeader& header,
                               const SafetensorsEntry& entry);

// Loads every tensor (CPU). Validates the header first.
std::map<std::string, torch::Tensor> readSafetensors(const std::string& path, SafetensorsHeader* headerOut = nullptr);

} // namespace lw::io

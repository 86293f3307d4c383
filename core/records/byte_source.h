#pragma once
// Sequential reading of a user file, decompressing .zst and .gz on the fly, so that big
// corpora stream through a fixed buffer instead of being loaded.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace lw::records {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Up to `capacity` bytes of the (decompressed) content; 0 at the end. lw::Error
    // naming the file on a read or decompression failure.
    virtual size_t read(char* buffer, size_t capacity) = 0;
    // Bytes of the file on disk consumed so far (for progress against its size).
    virtual int64_t fileBytesRead() const = 0;
};

// Chooses the decoder from the name: *.zst (zstd), *.gz (gzip), otherwise plain bytes.
std::unique_ptr<ByteSource> openByteSource(const std::string& path);

// The file name without a trailing .zst or .gz ("a.jsonl.zst" -> "a.jsonl").
std::string withoutCompressionSuffix(const std::string& path);

int64_t fileSize(const std::string& path); // lw::Error if missing

} // namespace lw::records

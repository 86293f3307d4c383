// safetensors files (core/io/safetensors.h): the header, every tensor's byte range, and
// the embedded checksum. What is read must be exactly the file's bytes, and must write
// back to a file that reads the same.
#include "core/io/safetensors.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

#include <cstring>

namespace {

using lw::fuzz::invariantBroken;

std::string_view bytesOf(const torch::Tensor& t)
{
    return {static_cast<const char*>(t.data_ptr()), size_t(t.numel()) * t.element_size()};
}

void fuzzSafetensors(std::string_view input)
{
    const std::string path = lw::fuzz::writeScratchFile("input.safetensors", input);
    lw::io::SafetensorsHeader header;
    const auto tensors = lw::io::readSafetensors(path, &header);
    if (tensors.size() != header.entries.size())
        invariantBroken("tensor count differs from the header's entries");
    for (const auto& entry : header.entries) {
        const torch::Tensor& t = tensors.at(entry.name);
        if (t.sizes().vec() != entry.shape || t.scalar_type() != entry.dtype)
            invariantBroken("tensor '" + entry.name + "' does not have the header's shape or dtype");
        const std::string_view stored = input.substr(header.dataOffset + entry.begin, entry.end - entry.begin);
        if (bytesOf(t) != stored)
            invariantBroken("tensor '" + entry.name + "' does not hold the file's bytes");
    }
    try {
        lw::io::verifyEmbeddedChecksum(path, header, "checksum");
    } catch (const lw::Error&) {
        // most inputs have no valid checksum; the call must only fail cleanly
    }

    // What was read writes back to a file that reads the same.
    std::vector<std::pair<std::string, torch::Tensor>> list(tensors.begin(), tensors.end());
    const std::string copy = lw::fuzz::scratchFolder() + "/copy.safetensors";
    lw::io::writeSafetensors(copy, list, header.metadata, "checksum");
    lw::io::SafetensorsHeader copyHeader;
    const auto reread = lw::io::readSafetensors(copy, &copyHeader);
    lw::io::verifyEmbeddedChecksum(copy, copyHeader, "checksum");
    auto expectedMetadata = header.metadata;
    expectedMetadata.erase("checksum");
    copyHeader.metadata.erase("checksum");
    if (copyHeader.metadata != expectedMetadata || reread.size() != tensors.size())
        invariantBroken("a written copy does not read back the same");
    for (const auto& [name, t] : tensors) {
        const torch::Tensor& again = reread.at(name);
        if (again.sizes() != t.sizes() || again.scalar_type() != t.scalar_type() || bytesOf(again) != bytesOf(t))
            invariantBroken("tensor '" + name + "' changed in a written copy");
    }
}

} // namespace

LW_FUZZ_HARNESS(safetensors, fuzzSafetensors)

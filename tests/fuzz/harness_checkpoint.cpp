// Checkpoints (core/train/checkpoint.h): a safetensors file with an embedded sha256,
// metadata JSON (model config, train config, trainer state) and a table of tensors.
// Most mutated files fail the checksum, so the first option bit seals the checksum
// again after mutation: the metadata and the tensor table are then what gets fuzzed.
#include "core/train/checkpoint.h"
#include "core/util/error.h"
#include "core/util/sha256.h"
#include "fuzz_harness.h"

namespace {

// Recomputes the embedded "checksum" metadata value the way writeSafetensors does:
// sha256 of the file with the 64 hex digits replaced by '0'. Leaves files without one as
// they are.
void sealChecksum(std::string& file)
{
    if (file.size() < 8)
        return;
    uint64_t headerBytes = 0;
    for (int i = 7; i >= 0; --i)
        headerBytes = (headerBytes << 8) | static_cast<unsigned char>(file[i]);
    if (headerBytes > file.size() - 8)
        return;
    const std::string key = "\"checksum\":\"";
    const size_t at = std::string_view(file).substr(8, headerBytes).find(key);
    if (at == std::string_view::npos || at + key.size() + 64 > headerBytes)
        return;
    const size_t digest = 8 + at + key.size();
    file.replace(digest, 64, std::string(64, '0'));
    file.replace(digest, 64, lw::util::sha256Hex(file));
}

void fuzzCheckpoint(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    std::string file(input);
    if (options & 1)
        sealChecksum(file);
    const std::string path = lw::fuzz::writeScratchFile("input.ckpt", file);
    if (options & 2) {
        // What generate, chat and serve do: build the model the checkpoint describes.
        lw::train::Checkpoint metadata;
        lw::model::Transformer model = lw::train::loadModelForInference(path, torch::kCPU, &metadata);
        if (model->config() != metadata.modelConfig)
            lw::fuzz::invariantBroken("the model built differs from the checkpoint's config");
        return;
    }
    const lw::train::Checkpoint checkpoint = lw::train::loadCheckpoint(path, options & 4);
    (void)checkpoint.state.toJson().dump();
}

} // namespace

LW_FUZZ_HARNESS(checkpoint, fuzzCheckpoint)

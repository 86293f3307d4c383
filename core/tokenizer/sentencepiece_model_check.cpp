#include "core/tokenizer/sentencepiece_model_check.h"

#include "core/tokenizer/protobuf_wire.h"
#include "core/tokenizer/sentencepiece_model_fields.h"
#include "core/util/error.h"

#include <cstdint>
#include <cstring>

namespace lw::tokenizer {
namespace {

using wire::Field;
using wire::kLengthDelimited;
using wire::walkMessage;
using spm_proto::kModelDenormalizerSpec;
using spm_proto::kModelNormalizerSpec;
using spm_proto::kModelPieces;
using spm_proto::kNormalizerPrecompiledCharsmap;

uint32_t readLittleEndian32(const char* p)
{
    uint8_t b[4];
    std::memcpy(b, p, 4);
    return uint32_t(b[0]) | uint32_t(b[1]) << 8 | uint32_t(b[2]) << 16 | uint32_t(b[3]) << 24;
}

// The precompiled character map: [uint32 trie size][darts-clone trie][NUL-terminated
// replacement strings]. Unit layout as in darts-clone's DoubleArrayUnit.
std::string checkCharsMap(std::string_view blob)
{
    if (blob.empty())
        return {}; // no map: sentencepiece skips normalisation
    if (blob.size() <= 4)
        return "normalization map is too short";
    const uint32_t trieBytes = readLittleEndian32(blob.data());
    if (trieBytes >= blob.size() - 4 || trieBytes % 4 != 0 || trieBytes == 0)
        return "normalization map has an invalid trie size";
    const uint64_t units = trieBytes / 4;
    const std::string_view replacements = blob.substr(4 + trieBytes);
    if (replacements.back() != '\0')
        return "normalization map's strings are not terminated";
    auto unitAt = [&](uint64_t i) { return readLittleEndian32(blob.data() + 4 + i * 4); };
    auto offsetOf = [](uint32_t u) { return (u >> 10) << ((u & (1u << 9)) >> 6); };
    auto hasLeaf = [](uint32_t u) { return ((u >> 8) & 1) == 1; };
    auto valueOf = [](uint32_t u) { return u & ((1u << 31) - 1); };
    auto isLeafUnit = [](uint32_t u) { return (u >> 31) != 0; }; // a label with the high bit never matches a byte
    // Any unit the search can stand on (the root, or one whose label can match a byte)
    // sends it to base ^ byte for all 256 bytes and reads a value at base.
    for (uint64_t p = 0; p < units; ++p) {
        const uint32_t u = unitAt(p);
        if (p != 0 && isLeafUnit(u))
            continue;
        const uint64_t base = p ^ offsetOf(u);
        if ((base | 0xFF) >= units)
            return "normalization trie points outside itself (unit " + std::to_string(p) + ")";
        if (hasLeaf(u) && valueOf(unitAt(base)) >= replacements.size())
            return "normalization trie points outside its strings (unit " + std::to_string(p) + ")";
    }
    return {};
}

std::string checkNormalizerSpec(std::string_view spec)
{
    return walkMessage(spec, [](const Field& f) -> std::string {
        if (f.number == kNormalizerPrecompiledCharsmap && f.wireType == kLengthDelimited)
            return checkCharsMap(f.payload);
        return {};
    });
}

} // namespace

void checkSentencePieceModel(std::string_view bytes, const std::string& path)
{
    if (bytes.empty())
        throw Error::inFile(path, "the file is empty, expected a sentencepiece model");
    int64_t pieces = 0;
    std::string problem = walkMessage(bytes, [&](const Field& f) -> std::string {
        if (f.number == kModelPieces && f.wireType == kLengthDelimited)
            ++pieces;
        if ((f.number == kModelNormalizerSpec || f.number == kModelDenormalizerSpec) && f.wireType == kLengthDelimited)
            return checkNormalizerSpec(f.payload);
        return {};
    });
    if (problem.empty() && pieces == 0)
        problem = "the model has no pieces";
    if (!problem.empty())
        throw Error::inFile(path, "not a valid sentencepiece model: " + problem);
}

} // namespace lw::tokenizer

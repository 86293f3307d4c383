// The sentencepiece model check (core/tokenizer/sentencepiece_model_check.h). It
// promises that a model it passes never sends sentencepiece's normaliser outside the
// precompiled character map: so for a model that passes, this walks every part of each
// map that darts-clone's lookup can reach, on bounds-checked copies.
#include "core/tokenizer/protobuf_wire.h"
#include "core/tokenizer/sentencepiece_model_check.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

#include <cstdint>
#include <cstring>
#include <vector>

namespace {

namespace wire = lw::tokenizer::wire;

uint32_t littleEndian32(const char* p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(p[i]);
    return v;
}

// Every unit darts-clone's commonPrefixSearch (what sentencepiece's normaliser calls)
// can reach from the root, whatever the text: the unit array and the replacement
// strings sit in exactly sized vectors read through at(), so a step outside them
// throws std::out_of_range, which is a bug in the check.
void walkCharsMap(std::string_view blob)
{
    const uint32_t trieBytes = littleEndian32(blob.data());
    std::vector<uint32_t> units(trieBytes / 4);
    std::memcpy(units.data(), blob.data() + 4, trieBytes);
    const std::string_view stringsView = blob.substr(4 + trieBytes);
    const std::vector<char> strings(stringsView.begin(), stringsView.end());
    auto offset = [](uint32_t u) { return (u >> 10) << ((u & (1u << 9)) >> 6); };
    auto label = [](uint32_t u) { return u & ((1u << 31) | 0xFF); };
    auto hasLeaf = [](uint32_t u) { return ((u >> 8) & 1) == 1; };
    auto value = [](uint32_t u) { return u & ((1u << 31) - 1); };
    std::vector<char> visited(units.size(), 0);
    std::vector<size_t> bases = {size_t(offset(units.at(0)))}; // the root is unit 0
    while (!bases.empty()) {
        const size_t base = bases.back();
        bases.pop_back();
        for (uint32_t byte = 0; byte < 256; ++byte) {
            const size_t child = base ^ byte;
            const uint32_t unit = units.at(child);
            if (label(unit) != byte || visited[child])
                continue;
            visited[child] = 1;
            const size_t next = child ^ offset(unit);
            if (hasLeaf(unit)) // the replacement is read as a C string from this offset
                for (size_t at = value(units.at(next)); strings.at(at) != '\0'; ++at) {
                }
            bases.push_back(next);
        }
    }
}

void fuzzSentencePieceModel(std::string_view input)
{
    lw::tokenizer::checkSentencePieceModel(input, lw::fuzz::scratchFolder() + "/input.model");
    // Passed: every character map must be safe to walk, whatever text is normalised.
    wire::walkMessage(input, [&](const wire::Field& model) -> std::string {
        if ((model.number == 3 || model.number == 5) && model.wireType == wire::kLengthDelimited)
            wire::walkMessage(model.payload, [&](const wire::Field& spec) -> std::string {
                if (spec.number == 2 && spec.wireType == wire::kLengthDelimited && !spec.payload.empty())
                    walkCharsMap(spec.payload);
                return {};
            });
        return {};
    });
}

} // namespace

LW_FUZZ_HARNESS(sentencepiece_model, fuzzSentencePieceModel)

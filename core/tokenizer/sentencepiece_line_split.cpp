#include "core/tokenizer/sentencepiece_line_split.h"

#include "core/tokenizer/protobuf_wire.h"
#include "core/tokenizer/sentencepiece_model_fields.h"

namespace lw::tokenizer {
namespace {

using wire::Field;
using wire::kLengthDelimited;
using wire::kVarint;

using namespace spm_proto;

// What the decision needs, with the proto's defaults. A field that occurs twice takes
// its last value, and two copies of an embedded message merge, as protobuf reads them.
struct ModelFacts {
    uint64_t modelType = kModelTypeUnigram;
    bool treatWhitespaceAsSuffix = false;
    bool byteFallback = false;
    bool hasCharsMap = false;
    bool addDummyPrefix = true;
    bool removeExtraWhitespaces = true;
    bool pieceWithNewline = false;
};

std::string readTrainerSpec(std::string_view spec, ModelFacts& facts)
{
    return wire::walkMessage(spec, [&](const Field& f) -> std::string {
        if (f.wireType != kVarint)
            return {};
        if (f.number == kTrainerModelType)
            facts.modelType = f.value;
        else if (f.number == kTrainerTreatWhitespaceAsSuffix)
            facts.treatWhitespaceAsSuffix = f.value != 0;
        else if (f.number == kTrainerByteFallback)
            facts.byteFallback = f.value != 0;
        return {};
    });
}

std::string readNormalizerSpec(std::string_view spec, ModelFacts& facts)
{
    return wire::walkMessage(spec, [&](const Field& f) -> std::string {
        if (f.number == kNormalizerPrecompiledCharsmap && f.wireType == kLengthDelimited)
            facts.hasCharsMap = !f.payload.empty();
        else if (f.number == kNormalizerAddDummyPrefix && f.wireType == kVarint)
            facts.addDummyPrefix = f.value != 0;
        else if (f.number == kNormalizerRemoveExtraWhitespaces && f.wireType == kVarint)
            facts.removeExtraWhitespaces = f.value != 0;
        return {};
    });
}

std::string readPiece(std::string_view piece, ModelFacts& facts)
{
    return wire::walkMessage(piece, [&](const Field& f) -> std::string {
        if (f.number == kPieceText && f.wireType == kLengthDelimited && f.payload.find('\n') != std::string_view::npos)
            facts.pieceWithNewline = true;
        return {};
    });
}

} // namespace

SentencePieceLineSplit sentencePieceLineSplit(std::string_view modelBytes)
{
    ModelFacts facts;
    std::string problem = wire::walkMessage(modelBytes, [&](const Field& f) -> std::string {
        if (f.wireType != kLengthDelimited)
            return {};
        if (f.number == kModelPieces)
            return readPiece(f.payload, facts);
        if (f.number == kModelTrainerSpec)
            return readTrainerSpec(f.payload, facts);
        if (f.number == kModelNormalizerSpec)
            return readNormalizerSpec(f.payload, facts);
        return {};
    });
    SentencePieceLineSplit split;
    split.addsDummyPrefix = facts.addDummyPrefix;
    split.byteFallback = facts.byteFallback;
    split.allowed = problem.empty() && (facts.modelType == kModelTypeUnigram || facts.modelType == kModelTypeBpe) &&
                    !facts.treatWhitespaceAsSuffix && !facts.hasCharsMap && !facts.removeExtraWhitespaces &&
                    !facts.pieceWithNewline;
    return split;
}

std::string modelWithoutDummyPrefix(std::string_view modelBytes)
{
    std::string out;
    out.reserve(modelBytes.size() + 4);
    wire::walkMessage(modelBytes, [&](const Field& f) -> std::string {
        if (f.number == kModelSelfTestData)
            return {};
        if (f.number != kModelNormalizerSpec || f.wireType != kLengthDelimited) {
            out.append(f.raw);
            return {};
        }
        std::string spec;
        wire::walkMessage(f.payload, [&](const Field& inner) -> std::string {
            if (inner.number != kNormalizerAddDummyPrefix)
                spec.append(inner.raw);
            return {};
        });
        wire::appendVarintField(spec, kNormalizerAddDummyPrefix, 0);
        wire::appendLengthDelimited(out, kModelNormalizerSpec, spec);
        return {};
    });
    return out;
}

} // namespace lw::tokenizer

#pragma once
// Field numbers and enum values of sentencepiece_model.proto (ModelProto and the
// messages inside it) that the core reads or writes without linking protobuf.
#include <cstdint>

namespace lw::tokenizer::spm_proto {

// ModelProto
constexpr uint32_t kModelPieces = 1;
constexpr uint32_t kModelTrainerSpec = 2;
constexpr uint32_t kModelNormalizerSpec = 3;
constexpr uint32_t kModelSelfTestData = 4;
constexpr uint32_t kModelDenormalizerSpec = 5;
// ModelProto.SentencePiece
constexpr uint32_t kPieceText = 1;
// TrainerSpec
constexpr uint32_t kTrainerModelType = 3;
constexpr uint32_t kTrainerTreatWhitespaceAsSuffix = 24;
constexpr uint32_t kTrainerByteFallback = 35;
constexpr uint64_t kModelTypeUnigram = 1; // the default
constexpr uint64_t kModelTypeBpe = 2;
// NormalizerSpec
constexpr uint32_t kNormalizerPrecompiledCharsmap = 2;
constexpr uint32_t kNormalizerAddDummyPrefix = 3;
constexpr uint32_t kNormalizerRemoveExtraWhitespaces = 4;

} // namespace lw::tokenizer::spm_proto

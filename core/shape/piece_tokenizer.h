#pragma once
// Tokenizes a rendered training sequence given as pieces (prompt text, answer text, and
// tokens placed as they are, such as the end-of-sequence after an answer) so that the
// ids are exactly those of tokenizing the whole text, and every token carries the loss
// flag and answer of the pieces it covers.
//
// How: the text between placed tokens is tokenized in one call, and each token's bytes
// (Tokenizer::tokenBytes) are laid end to end to find which bytes of the text it
// covers. A token that covers bytes of two pieces (" Paris" after a cue "Answer:")
// receives loss if any of its bytes do: the model must emit that token to write the
// answer, so it has to learn it. It belongs to the first answer it covers.
// sentencepiece's dummy prefix (a space before the first piece that the text lacks) is
// recognised and has no bytes of its own. When the token bytes do not spell the text
// at all (a model that normalises text, or <unk> pieces), the pieces are tokenized one
// by one instead: the ids may then differ from whole-text tokenization at piece
// boundaries, but each flag is still exact; `wholeText` says which happened.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lw::tokenizer {
class Tokenizer;
}

namespace lw::shape {

struct RenderPiece {
    std::string text;             // empty for a placed token
    std::optional<int32_t> token; // a token placed as it is (not tokenized from text)
    bool loss = false;
    int32_t answer = -1; // index of the answer the piece belongs to; -1: prompt
};

struct TokenizedPieces {
    std::vector<int32_t> ids;
    std::vector<uint8_t> loss;     // 1: the token receives loss
    std::vector<int32_t> answerOf; // per token: the answer it belongs to, or -1
    bool wholeText = true;         // false when some text was tokenized piece by piece
};

// With allowSpecial, special-token text ("<|endoftext|>") in the pieces maps to its id,
// as Tokenizer::encode does (sentencepiece never matches such text).
TokenizedPieces tokenizePieces(const std::vector<RenderPiece>& pieces, const tokenizer::Tokenizer& tokenizer,
                               bool allowSpecial);

} // namespace lw::shape

#pragma once
// A dataset record rendered for training: the exact text the model sees, its tokens,
// and for every token whether it receives loss.
//
//   chat:        the conversation through the chat template (system, user, assistant turns)
//   preference:  two sequences, prompt + chosen and prompt + rejected, through the template
//   choice:      the conversation of multiple_choice_prompt.h through the template
//   text:        the plain text, then the end-of-sequence token; no template. Every token
//                receives loss in both modes (there is no prompt to leave out).
//
// Loss mode `assistant` trains on each answer: an assistant message's content and the
// end marker after it (ChatSegment::assistant), plus the end-of-sequence token when one
// is placed there. For preference records only the chosen or rejected answer counts;
// assistant turns inside the prompt are context. Mode `all` trains on every token.
//
// End of an answer: the end marker is the template's stop string that its assistant
// format writes after {content} (chatml "<|im_end|>", llama3 "<|eot_id|>"). When the
// tokenizer maps that marker to a single special token, the model learns to emit it
// and nothing is added. Otherwise (GPT-2's vocabulary has no "<|im_end|>", alpaca has no
// marker, sentencepiece never matches marker text) the tokenizer's end-of-sequence
// token is placed after each assistant message's end text, so that generation stops.
// A tokenizer without one leaves the answers without an end (shape_checks.h counts them).
//
// Tokens are those of tokenizing the rendered text in one piece, split only at placed
// end-of-sequence tokens; see piece_tokenizer.h for tokens that straddle a boundary.
#include "core/generate/chat_template.h"
#include "core/records/record.h"
#include "core/shape/piece_tokenizer.h"
#include "core/shape/shape_options.h"

#include <optional>
#include <string>
#include <vector>

namespace lw::tokenizer {
class Tokenizer;
}

namespace lw::shape {

struct ShapedSequence {
    std::string text;              // the rendered text; a placed token shows as its bytes ("<|endoftext|>")
    std::vector<int32_t> ids;      // at most `context` tokens
    std::vector<uint8_t> loss;     // per token, 1: receives loss
    std::vector<int32_t> answerOf; // per token: index of the answer it belongs to, or -1
    int32_t answers = 0;           // answers in the sequence (before truncation)
    int64_t fullLength = 0;        // tokens before truncation
    bool truncated = false;
    bool wholeText = true; // see piece_tokenizer.h

    int64_t lossTokens() const;
};

struct ShapedRecord {
    records::RecordKind kind = records::RecordKind::Text;
    std::vector<ShapedSequence> sequences; // one; preference: chosen, then rejected
};

// What ends an answer for one template and tokenizer (see above).
struct AnswerEnd {
    std::string marker;            // "" when the assistant format writes no stop string after {content}
    bool markerIsSpecial = false;  // the tokenizer maps the marker to one special token
    bool placeEos = false;         // an end-of-sequence token follows each assistant message
    std::optional<int32_t> eosId;  // the tokenizer's, if it has one
};

class TrainingRenderer {
public:
    // No template: only text records can be rendered.
    TrainingRenderer(std::optional<generate::ChatTemplate> chatTemplate, const tokenizer::Tokenizer& tokenizer,
                     ShapeOptions options);

    // lw::Error naming the record's source file and line when it cannot be rendered
    // (a chat record and no template, a role the template has no format for).
    ShapedRecord render(const records::Record& record) const;

    const AnswerEnd& answerEnd() const { return m_answerEnd; }
    const std::optional<generate::ChatTemplate>& chatTemplate() const { return m_template; }
    const tokenizer::Tokenizer& tokenizer() const { return m_tokenizer; }
    const ShapeOptions& options() const { return m_options; }

private:
    ShapedRecord renderRecord(const records::Record& record) const;
    // `firstAnswerMessage`: messages before it are prompt (their answers are not trained
    // on in assistant mode).
    ShapedSequence renderConversation(const std::vector<records::Message>& messages, size_t firstAnswerMessage) const;
    ShapedSequence renderText(const std::string& text) const;
    ShapedSequence finish(const std::vector<RenderPiece>& pieces, int32_t answers, bool allowSpecial) const;

    std::optional<generate::ChatTemplate> m_template;
    const tokenizer::Tokenizer& m_tokenizer;
    ShapeOptions m_options;
    AnswerEnd m_answerEnd;
};

// The end marker of a template: the stop string that occurs first in the text its
// assistant format writes after {content}; "" when none does.
std::string answerEndMarker(const generate::ChatTemplate& chatTemplate);

} // namespace lw::shape

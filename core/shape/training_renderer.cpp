#include "core/shape/training_renderer.h"

#include "core/shape/multiple_choice_prompt.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

namespace lw::shape {

namespace {

bool isSingleSpecialToken(const tokenizer::Tokenizer& tokenizer, const std::string& text)
{
    const auto special = tokenizer.encode(text, true);
    return special.size() == 1 && tokenizer.encode(text, false) != special;
}

std::vector<generate::ChatMessage> chatMessages(const std::vector<records::Message>& messages, size_t begin,
                                                size_t end)
{
    std::vector<generate::ChatMessage> out;
    for (size_t i = begin; i < end; ++i) {
        const records::Message& m = messages[i];
        if (m.role != "system" && m.role != "user" && m.role != "assistant")
            throw Error::inField("messages[" + std::to_string(i) + "].role",
                                 "chat templates have no format for role '" + m.role + "'");
        out.push_back({m.role, m.content});
    }
    return out;
}

} // namespace

int64_t ShapedSequence::lossTokens() const
{
    int64_t n = 0;
    for (uint8_t flag : loss)
        n += flag;
    return n;
}

// What the template writes after an answer's content: for a placeholder template the
// assistant format past {content}; for a Jinja template the rest of the assistant span
// of a two-message conversation.
std::string textAfterAnswer(const generate::ChatTemplate& chatTemplate)
{
    if (!chatTemplate.isJinja()) {
        const std::string cue = chatTemplate.generationPrompt();
        const std::string empty = generate::fillChatFormat(chatTemplate.assistant, "assistant", "");
        return empty.substr(cue.size());
    }
    const std::string answer = "Answer";
    for (const auto& segment : chatTemplate.renderSegments({{"user", "Question"}, {"assistant", answer}}, false)) {
        if (!segment.assistant)
            continue;
        const size_t at = segment.text.find(answer);
        return at == std::string::npos ? segment.text : segment.text.substr(at + answer.size());
    }
    return {};
}

std::string answerEndMarker(const generate::ChatTemplate& chatTemplate)
{
    const std::string end = textAfterAnswer(chatTemplate);
    std::string marker;
    size_t best = std::string::npos;
    for (const auto& stop : chatTemplate.stop) {
        const size_t at = end.find(stop);
        if (at != std::string::npos && (best == std::string::npos || at < best)) {
            best = at;
            marker = stop;
        }
    }
    return marker;
}

TrainingRenderer::TrainingRenderer(std::optional<generate::ChatTemplate> chatTemplate,
                                   const tokenizer::Tokenizer& tokenizer, ShapeOptions options)
    : m_template(std::move(chatTemplate)), m_tokenizer(tokenizer), m_options(options)
{
    if (m_options.context < 0)
        throw Error::inField("context", "must be 0 (no limit) or a number of tokens");
    if (m_template) {
        m_template->validate();
        m_answerEnd.marker = answerEndMarker(*m_template);
    }
    m_answerEnd.eosId = tokenizer.eosId();
    m_answerEnd.markerIsSpecial = !m_answerEnd.marker.empty() && isSingleSpecialToken(tokenizer, m_answerEnd.marker);
    m_answerEnd.placeEos = !m_answerEnd.markerIsSpecial && m_answerEnd.eosId.has_value();
}

ShapedRecord TrainingRenderer::render(const records::Record& record) const
{
    try {
        return renderRecord(record);
    } catch (const Error& e) {
        throw Error::inFile(record.source.file.empty() ? "record" : record.source.file, e.what(), record.source.line);
    }
}

ShapedRecord TrainingRenderer::renderRecord(const records::Record& record) const
{
    ShapedRecord shaped;
    shaped.kind = record.kind;
    switch (record.kind) {
    case records::RecordKind::Text:
        shaped.sequences.push_back(renderText(record.text));
        break;
    case records::RecordKind::Chat:
        shaped.sequences.push_back(renderConversation(record.messages, 0));
        break;
    case records::RecordKind::Choice:
        shaped.sequences.push_back(renderConversation(choiceConversation(record), 0));
        break;
    case records::RecordKind::Preference:
        for (const auto* answer : {&record.chosen, &record.rejected}) {
            std::vector<records::Message> all = record.messages;
            all.insert(all.end(), answer->begin(), answer->end());
            shaped.sequences.push_back(renderConversation(all, record.messages.size()));
        }
        break;
    }
    return shaped;
}

ShapedSequence TrainingRenderer::renderText(const std::string& text) const
{
    std::vector<RenderPiece> pieces;
    pieces.push_back({text, std::nullopt, true, 0});
    if (m_answerEnd.eosId)
        pieces.push_back({"", m_answerEnd.eosId, true, 0});
    // Text is data: special-token text in it stays text, as `llmwb data prepare` does.
    ShapedSequence sequence = finish(pieces, 1, false);
    return sequence;
}

ShapedSequence TrainingRenderer::renderConversation(const std::vector<records::Message>& messages,
                                                    size_t firstAnswerMessage) const
{
    if (!m_template)
        throw Error::inField("template", "a chat template is needed to render conversations");
    const auto segments = m_template->renderSegments(chatMessages(messages, 0, messages.size()), false);
    // The prompt renders as the same leading segments on its own, so the segments from
    // there on are the answer's.
    const size_t promptSegments =
        firstAnswerMessage == 0 ? 0 : m_template->renderSegments(chatMessages(messages, 0, firstAnswerMessage), false).size();
    const bool all = m_options.loss == LossMode::All;
    std::vector<RenderPiece> pieces;
    int32_t answers = 0;
    for (size_t i = 0; i < segments.size(); ++i) {
        const generate::ChatSegment& s = segments[i];
        const bool trained = s.assistant && i >= promptSegments;
        const int32_t answer = trained ? answers++ : -1;
        pieces.push_back({s.text, std::nullopt, all || trained, answer});
        if (s.assistant && m_answerEnd.placeEos)
            pieces.push_back({"", m_answerEnd.eosId, all || trained, answer});
    }
    return finish(pieces, answers, true);
}

ShapedSequence TrainingRenderer::finish(const std::vector<RenderPiece>& pieces, int32_t answers, bool allowSpecial) const
{
    TokenizedPieces tokens = tokenizePieces(pieces, m_tokenizer, allowSpecial);
    ShapedSequence sequence;
    for (const RenderPiece& p : pieces)
        sequence.text += p.token ? m_tokenizer.tokenBytes(*p.token) : p.text;
    sequence.answers = answers;
    sequence.wholeText = tokens.wholeText;
    sequence.fullLength = int64_t(tokens.ids.size());
    if (m_options.context > 0 && sequence.fullLength > m_options.context) {
        sequence.truncated = true;
        const auto keep = size_t(m_options.context);
        tokens.ids.resize(keep);
        tokens.loss.resize(keep);
        tokens.answerOf.resize(keep);
    }
    sequence.ids = std::move(tokens.ids);
    sequence.loss = std::move(tokens.loss);
    sequence.answerOf = std::move(tokens.answerOf);
    return sequence;
}

} // namespace lw::shape

#include "core/generate/token_stream.h"

namespace lw::generate {

TokenStream::TokenStream(const tokenizer::Tokenizer* tokenizer, std::vector<std::string> stops, size_t sequence,
                         const TokenCallback& onToken)
    : m_tokenizer(tokenizer), m_filter(std::move(stops)), m_sequence(sequence), m_onToken(onToken)
{
    if (m_tokenizer)
        m_detokenizer.emplace(*m_tokenizer);
}

void TokenStream::describe(GeneratedToken& token) const
{
    if (!m_tokenizer)
        return;
    token.piece = m_tokenizer->tokenBytes(token.token);
    for (TokenAlternative& a : token.alternatives)
        a.piece = m_tokenizer->tokenBytes(a.token);
}

bool TokenStream::add(GeneratedToken token, GenerationResult& result)
{
    std::string released;
    if (m_detokenizer && !m_filter.stopped()) {
        released = m_filter.push(m_detokenizer->push(token.token));
        if (m_filter.stopped())
            result.stopSequence = m_filter.matchedStop();
    }
    result.text += released;
    result.tokens.push_back(std::move(token));
    if (!m_onToken)
        return true;
    TokenEvent event;
    event.sequence = m_sequence;
    event.index = result.tokens.size() - 1;
    event.token = &result.tokens.back();
    event.text = std::move(released);
    return m_onToken(event);
}

void TokenStream::finish(GenerationResult& result)
{
    if (!m_detokenizer || m_filter.stopped())
        return;
    std::string tail = m_filter.push(m_detokenizer->finish());
    if (m_filter.stopped()) {
        result.stopReason = StopReason::StopSequence;
        result.stopSequence = m_filter.matchedStop();
    }
    tail += m_filter.finish();
    if (tail.empty())
        return;
    result.text += tail;
    if (m_onToken) {
        TokenEvent event;
        event.sequence = m_sequence;
        event.index = result.tokens.size();
        event.text = std::move(tail);
        m_onToken(event);
    }
}

} // namespace lw::generate

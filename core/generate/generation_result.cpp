#include "core/generate/generation_result.h"

namespace lw::generate {

namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is not one.
size_t validSequenceAt(const std::string& text, size_t i)
{
    const unsigned char c = static_cast<unsigned char>(text[i]);
    size_t need = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (need == 0 || i + need > text.size())
        return 0;
    for (size_t k = 1; k < need; ++k)
        if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80)
            return 0;
    return need;
}

// Strings in JSON must be UTF-8: invalid bytes become U+FFFD, and the exact bytes go
// along as a list so nothing is lost.
void putText(nlohmann::json& object, const char* key, const std::string& text)
{
    std::string clean;
    bool valid = true;
    for (size_t i = 0; i < text.size();) {
        const size_t n = validSequenceAt(text, i);
        if (n == 0) {
            clean += "\xEF\xBF\xBD";
            valid = false;
            ++i;
        } else {
            clean.append(text, i, n);
            i += n;
        }
    }
    object[key] = clean;
    if (!valid) {
        nlohmann::json bytes = nlohmann::json::array();
        for (unsigned char c : text)
            bytes.push_back(int(c));
        object[std::string(key) + "_bytes"] = bytes;
    }
}

} // namespace

std::string stopReasonName(StopReason reason)
{
    switch (reason) {
    case StopReason::MaxTokens:
        return "max_tokens";
    case StopReason::EndOfText:
        return "eos";
    case StopReason::StopSequence:
        return "stop_sequence";
    case StopReason::ContextFull:
        return "context_full";
    case StopReason::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

nlohmann::json tokenToJson(const GeneratedToken& t)
{
    nlohmann::json j = {{"id", t.token},
                        {"probability", t.probability},
                        {"sampling_probability", t.samplingProbability},
                        {"elapsed_ms", t.elapsedMs}};
    putText(j, "text", t.piece);
    if (!t.alternatives.empty()) {
        nlohmann::json alternatives = nlohmann::json::array();
        for (const TokenAlternative& a : t.alternatives) {
            nlohmann::json item = {{"id", a.token}, {"probability", a.probability}};
            putText(item, "text", a.piece);
            alternatives.push_back(item);
        }
        j["alternatives"] = alternatives;
    }
    return j;
}

nlohmann::json GenerationStats::toJson() const
{
    return {{"prompt_tokens", promptTokens},
            {"prompt_tokens_dropped", promptTokensDropped},
            {"prompt_tokens_reused", promptTokensReused},
            {"generated_tokens", generatedTokens},
            {"time_to_first_token_ms", timeToFirstTokenMs},
            {"prefill_ms", prefillMs},
            {"prefill_tokens_per_s", prefillTokensPerS},
            {"decode_ms_per_token", decodeMsPerToken},
            {"decode_tokens_per_s", decodeTokensPerS},
            {"total_ms", totalMs}};
}

nlohmann::json GenerationResult::toJson() const
{
    nlohmann::json j;
    putText(j, "text", text);
    j["stop_reason"] = stopReasonName(stopReason);
    if (!stopSequence.empty())
        putText(j, "stop_sequence", stopSequence);
    nlohmann::json list = nlohmann::json::array();
    for (const GeneratedToken& t : tokens)
        list.push_back(tokenToJson(t));
    j["tokens"] = list;
    if (beamScore != 0)
        j["beam_score"] = beamScore;
    j["stats"] = stats.toJson();
    return j;
}

} // namespace lw::generate

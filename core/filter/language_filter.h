#pragma once
// The `language` step: keeps texts that CLD2 identifies as one of the `keep` languages
// (ISO 639-1 codes as CLD2 spells them: "en", "vi", "fr", "de", "ja", "zh", "zh-Hant")
// with at least `min_confidence`.
//   {"step": "language", "keep": ["en", "vi"], "min_confidence": 0.5}
//
// Confidence is CLD2's share of the text for the top language (percent / 100), halved
// when CLD2 says the guess is not reliable (short or mixed text). So the default 0.5
// keeps a reliable guess covering half the text or more, and drops every unreliable
// guess unless the user lowers the threshold (0.4 keeps short texts CLD2 still gets
// mostly right; 0 keeps every text in a kept language).
#include "core/filter/decision.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lw::filter {

struct LanguageGuess {
    const char* code = "un"; // CLD2's code; "un" when unknown (static storage, no allocation)
    double confidence = 0;
    bool reliable = false;
};

// Invalid UTF-8 is not guessed: it gives "un" with confidence 0.
LanguageGuess detectLanguage(std::string_view text);

// Whether `code` is a language code CLD2 knows (and can therefore ever report).
bool isKnownLanguageCode(const std::string& code);

class LanguageFilter {
public:
    static LanguageFilter fromJson(const nlohmann::json& step, const std::string& where);

    Decision check(std::string_view text) const;

    const std::vector<std::string>& keep() const { return m_keep; }
    double minConfidence() const { return m_minConfidence; }
    const std::string& field() const { return m_field; }

private:
    std::vector<std::string> m_keep;
    double m_minConfidence = 0.5;
    std::string m_field;
};

} // namespace lw::filter

#include "core/filter/language_filter.h"

#include "core/filter/step_fields.h"
#include "core/filter/step_names.h"
#include "core/util/error.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <fmt/format.h>

#include <algorithm>
#include <climits>
#include <cstring>

namespace lw::filter {

LanguageGuess detectLanguage(std::string_view text)
{
    LanguageGuess guess;
    // CLD2 takes an int length; the start of a longer text decides as well as the whole.
    const int length = static_cast<int>(std::min<size_t>(text.size(), INT_MAX));
    if (length == 0)
        return guess;
    CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
    CLD2::Language top3[3];
    int percent3[3] = {0, 0, 0};
    double normalizedScore3[3];
    int textBytes = 0;
    bool reliable = false;
    int validPrefixBytes = 0;
    const CLD2::Language language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
        text.data(), length, /*is_plain_text=*/true, &hints, /*flags=*/0, top3, percent3,
        normalizedScore3, /*resultchunkvector=*/nullptr, &textBytes, &reliable, &validPrefixBytes);
    if (validPrefixBytes < length || language == CLD2::UNKNOWN_LANGUAGE)
        return guess;
    guess.code = CLD2::LanguageCode(language);
    guess.reliable = reliable;
    guess.confidence = percent3[0] / 100.0 * (reliable ? 1.0 : 0.5);
    return guess;
}

bool isKnownLanguageCode(const std::string& code)
{
    const CLD2::Language language = CLD2::GetLanguageFromName(code.c_str());
    return language != CLD2::UNKNOWN_LANGUAGE && code == CLD2::LanguageCode(language);
}

LanguageFilter LanguageFilter::fromJson(const nlohmann::json& step, const std::string& where)
{
    checkStepFields(step, where, allowedFields("language"));
    LanguageFilter filter;
    filter.m_field = readString(step, "field", where, "");
    filter.m_keep = readStringList(step, "keep", where);
    if (filter.m_keep.empty())
        throw Error::inField(where, "field 'keep': list at least one language code, such as \"en\" or \"vi\"");
    for (const std::string& code : filter.m_keep) {
        if (!isKnownLanguageCode(code))
            throw Error::inField(where, fmt::format("field 'keep': '{}' is not a language code CLD2 knows "
                                                    "(use ISO 639-1 codes such as \"en\", \"vi\", \"fr\")", code));
    }
    // null switches the confidence test off, like every other threshold.
    filter.m_minConfidence = readLimit(step, "min_confidence", where, 0.5, 0.0, 1.0).value_or(0.0);
    return filter;
}

Decision LanguageFilter::check(std::string_view text) const
{
    const LanguageGuess guess = detectLanguage(text);
    const bool kept = std::any_of(m_keep.begin(), m_keep.end(),
                                  [&](const std::string& code) { return code == guess.code; });
    if (!kept)
        return Decision::dropped(fmt::format("language {} (confidence {:.2f}) is not kept", guess.code,
                                             guess.confidence));
    if (guess.confidence < m_minConfidence)
        return Decision::dropped(fmt::format("language {} confidence {:.2f} < min {:.2f}", guess.code,
                                             guess.confidence, m_minConfidence));
    return Decision::kept();
}

} // namespace lw::filter

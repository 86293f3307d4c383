#include "core/filter/quality_settings.h"

#include "core/filter/step_fields.h"
#include "core/filter/step_names.h"
#include "core/filter/stop_words.h"
#include "core/util/error.h"

#include <fmt/format.h>

namespace lw::filter {

namespace {

constexpr double kLargeCount = 1e15;

// The thresholds that are one number each: JSON key, member, largest value allowed.
struct LimitField {
    const char* key;
    std::optional<double> QualitySettings::*member;
    double largest;
};
const LimitField kLimitFields[] = {
    {"min_words", &QualitySettings::minWords, kLargeCount},
    {"max_words", &QualitySettings::maxWords, kLargeCount},
    {"min_mean_word_length", &QualitySettings::minMeanWordLength, kLargeCount},
    {"max_mean_word_length", &QualitySettings::maxMeanWordLength, kLargeCount},
    {"max_symbol_word_ratio", &QualitySettings::maxSymbolWordRatio, kLargeCount},
    {"max_bullet_lines", &QualitySettings::maxBulletLines, 1},
    {"max_ellipsis_lines", &QualitySettings::maxEllipsisLines, 1},
    {"min_alpha_words", &QualitySettings::minAlphaWords, 1},
    {"max_duplicate_lines", &QualitySettings::maxDuplicateLines, 1},
    {"max_duplicate_line_chars", &QualitySettings::maxDuplicateLineChars, 1},
    {"max_duplicate_paragraphs", &QualitySettings::maxDuplicateParagraphs, 1},
    {"max_duplicate_paragraph_chars", &QualitySettings::maxDuplicateParagraphChars, 1},
    {"max_digit_fraction", &QualitySettings::maxDigitFraction, 1},
};

struct FlagField {
    const char* key;
    bool QualitySettings::*member;
};
const FlagField kFlagFields[] = {
    {"drop_empty", &QualitySettings::dropEmpty},
    {"lorem_ipsum", &QualitySettings::loremIpsum},
    {"javascript", &QualitySettings::javascript},
    {"curly_brace", &QualitySettings::curlyBrace},
};

nlohmann::json limitJson(const std::optional<double>& limit)
{
    return limit ? nlohmann::json(*limit) : nlohmann::json(nullptr);
}

template <size_t N>
nlohmann::json ngramJson(const std::array<std::optional<double>, N>& limits, int minN, int maxN)
{
    nlohmann::json out = nlohmann::json::object();
    for (int n = minN; n <= maxN; ++n)
        out[std::to_string(n)] = limitJson(limits[n]);
    return out;
}

// {"2": 0.2, "3": null} sets or clears single n; null clears every n.
template <size_t N>
void readNgramLimits(const nlohmann::json& step, const char* key, const std::string& where, int minN, int maxN,
                     std::array<std::optional<double>, N>& limits)
{
    auto it = step.find(key);
    if (it == step.end())
        return;
    if (it->is_null()) {
        limits.fill(std::nullopt);
        return;
    }
    if (!it->is_object())
        throw Error::inField(where, fmt::format("field '{}': expected an object such as {{\"{}\": 0.2}} or null, got {}",
                                                key, minN, it->dump()));
    for (const auto& item : it->items()) {
        int n = 0;
        const std::string& name = item.key();
        const bool digitsOnly = !name.empty() && name.size() <= 2 && name.find_first_not_of("0123456789") == std::string::npos;
        if (digitsOnly)
            n = std::stoi(name);
        if (!digitsOnly || n < minN || n > maxN)
            throw Error::inField(where, fmt::format("field '{}': key '{}' is not an n from {} to {}", key, name, minN, maxN));
        limits[n] = readLimit(*it, name.c_str(), where + ": field '" + key + "'", limits[n], 0.0, 1.0);
    }
}

} // namespace

QualitySettings QualitySettings::gopher()
{
    QualitySettings s;
    s.minWords = 50;
    s.maxWords = 100000;
    s.minMeanWordLength = 3;
    s.maxMeanWordLength = 10;
    s.maxSymbolWordRatio = 0.1;
    s.maxBulletLines = 0.9;
    s.maxEllipsisLines = 0.3;
    s.minAlphaWords = 0.8;
    s.stopWords = "en";
    s.minStopWords = 2;
    s.stopWordsMinWords = 0;
    s.maxTopNgramChars = {std::nullopt, std::nullopt, 0.20, 0.18, 0.16};
    return s;
}

QualitySettings QualitySettings::fromJson(const nlohmann::json& step, const std::string& where)
{
    checkStepFields(step, where, allowedFields("quality"));
    const std::string preset = readString(step, "preset", where, "default");
    QualitySettings s;
    if (preset == "gopher")
        s = gopher();
    else if (preset != "default")
        throw Error::inField(where, fmt::format("field 'preset': unknown preset '{}' (choose 'default' or 'gopher')", preset));

    for (const LimitField& field : kLimitFields)
        s.*field.member = readLimit(step, field.key, where, s.*field.member, 0, field.largest);
    for (const FlagField& field : kFlagFields)
        s.*field.member = readBool(step, field.key, where, s.*field.member);
    s.stopWords = readString(step, "stop_words", where, s.stopWords);
    if (s.stopWords != "auto" && s.stopWords != "none" && !stopWordsFor(s.stopWords)) {
        std::vector<std::string> choices = {"auto", "none"};
        for (std::string_view language : stopWordLanguages())
            choices.emplace_back(language);
        throw Error::inField(where, fmt::format("field 'stop_words': no stop-word list for '{}' (choose {})",
                                                s.stopWords, quotedList(choices)));
    }
    s.minStopWords = readCount(step, "min_stop_words", where, s.minStopWords);
    s.stopWordsMinWords = readCount(step, "stop_words_min_words", where, s.stopWordsMinWords);
    readNgramLimits(step, "max_top_ngram_chars", where, kMinTopNgram, kMaxTopNgram, s.maxTopNgramChars);
    readNgramLimits(step, "max_duplicate_ngram_chars", where, kMinDuplicateNgram, kMaxDuplicateNgram,
                    s.maxDuplicateNgramChars);

    if (s.minWords && s.maxWords && *s.maxWords < *s.minWords)
        throw Error::inField(where, fmt::format("field 'max_words': {} is below min_words {}", *s.maxWords, *s.minWords));
    if (s.minMeanWordLength && s.maxMeanWordLength && *s.maxMeanWordLength < *s.minMeanWordLength)
        throw Error::inField(where, fmt::format("field 'max_mean_word_length': {} is below min_mean_word_length {}",
                                                *s.maxMeanWordLength, *s.minMeanWordLength));
    return s;
}

nlohmann::json QualitySettings::toJson() const
{
    nlohmann::json step = {{"step", "quality"}};
    for (const LimitField& field : kLimitFields)
        step[field.key] = limitJson(this->*field.member);
    for (const FlagField& field : kFlagFields)
        step[field.key] = this->*field.member;
    step["stop_words"] = stopWords;
    step["min_stop_words"] = minStopWords;
    step["stop_words_min_words"] = stopWordsMinWords;
    step["max_top_ngram_chars"] = ngramJson(maxTopNgramChars, kMinTopNgram, kMaxTopNgram);
    step["max_duplicate_ngram_chars"] = ngramJson(maxDuplicateNgramChars, kMinDuplicateNgram, kMaxDuplicateNgram);
    return step;
}

} // namespace lw::filter

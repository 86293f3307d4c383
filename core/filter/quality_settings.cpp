#include "core/filter/quality_settings.h"

#include "core/filter/step_fields.h"
#include "core/filter/step_names.h"
#include "core/filter/stop_words.h"
#include "core/util/error.h"

#include <fmt/format.h>

namespace lw::filter {

namespace {

constexpr double kLargeCount = 1e15;

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

    s.dropEmpty = readBool(step, "drop_empty", where, s.dropEmpty);
    s.minWords = readLimit(step, "min_words", where, s.minWords, 0, kLargeCount);
    s.maxWords = readLimit(step, "max_words", where, s.maxWords, 0, kLargeCount);
    s.minMeanWordLength = readLimit(step, "min_mean_word_length", where, s.minMeanWordLength, 0, kLargeCount);
    s.maxMeanWordLength = readLimit(step, "max_mean_word_length", where, s.maxMeanWordLength, 0, kLargeCount);
    s.maxSymbolWordRatio = readLimit(step, "max_symbol_word_ratio", where, s.maxSymbolWordRatio, 0, kLargeCount);
    s.maxBulletLines = readLimit(step, "max_bullet_lines", where, s.maxBulletLines, 0, 1);
    s.maxEllipsisLines = readLimit(step, "max_ellipsis_lines", where, s.maxEllipsisLines, 0, 1);
    s.minAlphaWords = readLimit(step, "min_alpha_words", where, s.minAlphaWords, 0, 1);
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
    s.maxDuplicateLines = readLimit(step, "max_duplicate_lines", where, s.maxDuplicateLines, 0, 1);
    s.maxDuplicateLineChars = readLimit(step, "max_duplicate_line_chars", where, s.maxDuplicateLineChars, 0, 1);
    s.maxDuplicateParagraphs = readLimit(step, "max_duplicate_paragraphs", where, s.maxDuplicateParagraphs, 0, 1);
    s.maxDuplicateParagraphChars =
        readLimit(step, "max_duplicate_paragraph_chars", where, s.maxDuplicateParagraphChars, 0, 1);
    readNgramLimits(step, "max_top_ngram_chars", where, kMinTopNgram, kMaxTopNgram, s.maxTopNgramChars);
    readNgramLimits(step, "max_duplicate_ngram_chars", where, kMinDuplicateNgram, kMaxDuplicateNgram,
                    s.maxDuplicateNgramChars);
    s.maxDigitFraction = readLimit(step, "max_digit_fraction", where, s.maxDigitFraction, 0, 1);
    s.loremIpsum = readBool(step, "lorem_ipsum", where, s.loremIpsum);
    s.javascript = readBool(step, "javascript", where, s.javascript);
    s.curlyBrace = readBool(step, "curly_brace", where, s.curlyBrace);

    if (s.minWords && s.maxWords && *s.maxWords < *s.minWords)
        throw Error::inField(where, fmt::format("field 'max_words': {} is below min_words {}", *s.maxWords, *s.minWords));
    if (s.minMeanWordLength && s.maxMeanWordLength && *s.maxMeanWordLength < *s.minMeanWordLength)
        throw Error::inField(where, fmt::format("field 'max_mean_word_length': {} is below min_mean_word_length {}",
                                                *s.maxMeanWordLength, *s.minMeanWordLength));
    return s;
}

} // namespace lw::filter

#pragma once
// Settings of the `quality` step: heuristics in the style of Gopher (Rae et al. 2021,
// appendix A) and C4 (Raffel et al. 2019). Every threshold can be set in the step's JSON,
// and JSON null switches that rule off.
//
// Two presets. "gopher" uses the published thresholds for every Gopher rule. "default"
// (what an empty step gets) is meant for chat and instruction data as much as for web
// text, so it leaves off the rules that drop good short answers, lists, markdown, maths
// and Vietnamese:
//
//   field                          gopher          default   why the default differs
//   min_words / max_words          50 / 100000     - / 100000  a good answer can be one word
//   min_/max_mean_word_length      3 / 10          - / 10      Vietnamese syllables average ~3
//   max_symbol_word_ratio          0.1             -           markdown headings ("## Steps")
//   max_bullet_lines               0.9             -           answers are often lists
//   max_ellipsis_lines             0.3             0.3
//   min_alpha_words                0.8             -           maths and code answers
//   stop_words / min_stop_words    "en" / 2        "auto" / 2  only when CLD2 reliably finds en or vi
//   stop_words_min_words           0               50          "Paris is big." has no stop word
//   max_duplicate_lines            0.3             0.3
//   max_duplicate_line_chars       0.2             0.2
//   max_duplicate_paragraphs       0.3             0.3
//   max_duplicate_paragraph_chars  0.2             0.2
//   max_top_ngram_chars            2:.20 3:.18 4:.16   -       one repeated phrase fails a short text
//   max_duplicate_ngram_chars      5:.15 6:.14 7:.13 8:.12 9:.11 10:.10 (both)
//   max_digit_fraction             -               -           (ours, not Gopher's)
//   drop_empty                     true            true
//   lorem_ipsum / javascript / curly_brace (C4)   true / false / false in both
//
// Definitions (quality_filter.h gives the arithmetic): words are runs between Unicode
// white space; lengths are in code points; lines are compared with their ends trimmed,
// blank lines separate paragraphs.
#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>

namespace lw::filter {

struct QualitySettings {
    bool dropEmpty = true;
    std::optional<double> minWords;
    std::optional<double> maxWords = 100000;
    std::optional<double> minMeanWordLength;
    std::optional<double> maxMeanWordLength = 10;
    std::optional<double> maxSymbolWordRatio;
    std::optional<double> maxBulletLines;
    std::optional<double> maxEllipsisLines = 0.3;
    std::optional<double> minAlphaWords;
    std::string stopWords = "auto"; // "auto", "none", or a language with a list ("en", "vi")
    int64_t minStopWords = 2;
    // Texts with fewer words skip the stop-word rule: Gopher only ever applied it to
    // documents of 50 words or more, and short answers rarely hold two stop words.
    int64_t stopWordsMinWords = 50;
    std::optional<double> maxDuplicateLines = 0.3;
    std::optional<double> maxDuplicateLineChars = 0.2;
    std::optional<double> maxDuplicateParagraphs = 0.3;
    std::optional<double> maxDuplicateParagraphChars = 0.2;
    // Indexed by n: top n-grams for n = 2..4, duplicate n-grams for n = 5..10.
    std::array<std::optional<double>, 5> maxTopNgramChars;
    std::array<std::optional<double>, 11> maxDuplicateNgramChars = {
        std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 0.15, 0.14, 0.13, 0.12, 0.11, 0.10};
    std::optional<double> maxDigitFraction;
    bool loremIpsum = true;
    bool javascript = false;
    bool curlyBrace = false;

    static QualitySettings defaults() { return {}; }
    static QualitySettings gopher();
    // Starts from the preset named by "preset" ("default" unless given), then applies
    // each field present.
    static QualitySettings fromJson(const nlohmann::json& step, const std::string& where);
    // Every field spelt out (rules that are off as null), so that fromJson of it gives
    // these settings back whatever the defaults become; a form shows it as it is.
    nlohmann::json toJson() const;

    static constexpr int kMinTopNgram = 2, kMaxTopNgram = 4;
    static constexpr int kMinDuplicateNgram = 5, kMaxDuplicateNgram = 10;
};

} // namespace lw::filter

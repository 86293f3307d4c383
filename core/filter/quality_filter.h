#pragma once
// The `quality` step: drops texts that do not read like prose a model should learn
// from, each rule with its own reason. quality_settings.h lists the rules, their JSON
// fields and defaults. The arithmetic, with W words, C code points in the words, L
// non-blank lines (trimmed) and P paragraphs:
//   word count W; mean word length C / W;
//   symbol ratio: '#' / W and ellipses ("..." or "…") / W, each against the maximum;
//   bullet lines / L; ellipsis-ending lines / L; words with a letter / W;
//   stop words: words (punctuation at their ends removed, case folded) in the list;
//   duplicate lines: lines equal to an earlier line / L, and their code points over all
//   lines' code points; the same for paragraphs;
//   top n-gram: count x code points of the most frequent word n-gram / C, when it occurs
//   at least twice (Gopher's rule is about repetition; a phrase seen once is not);
//   duplicate n-grams: code points of the words inside n-grams seen earlier / C;
//   digits / C.
// A fraction is compared strictly: the text is dropped when it is above a maximum or
// below a minimum, and kept at exactly the threshold.
#include "core/filter/decision.h"
#include "core/filter/quality_settings.h"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace lw::filter {

class QualityFilter {
public:
    explicit QualityFilter(QualitySettings settings = {}) : m_settings(std::move(settings)) {}
    static QualityFilter fromJson(const nlohmann::json& step, const std::string& where);

    // Thread-safe; keeps its working memory per thread.
    Decision check(std::string_view text) const;

    const QualitySettings& settings() const { return m_settings; }
    const std::string& field() const { return m_field; }

private:
    QualitySettings m_settings;
    std::string m_field;
};

} // namespace lw::filter

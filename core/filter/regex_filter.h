#pragma once
// The `regex` step: keeps a text when it matches at least one `include` pattern (if
// any are given) and none of the `exclude` patterns. Patterns are RE2, which runs in
// time linear in the text, so a user's pattern such as (a+)+$ cannot hang a job the way
// a backtracking engine (std::regex, PCRE) would on a long row.
//   {"step": "regex", "field": "text", "exclude": ["(?i)as an ai language model"],
//    "case_insensitive": true}
#include "core/filter/decision.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace lw::filter {

class RegexFilter {
public:
    static RegexFilter fromJson(const nlohmann::json& step, const std::string& where);

    RegexFilter();
    RegexFilter(RegexFilter&&) noexcept;
    RegexFilter& operator=(RegexFilter&&) noexcept;
    ~RegexFilter();

    Decision check(std::string_view text) const;

    // The record field the runner applies this step to; empty means its default text field.
    const std::string& field() const { return m_field; }

private:
    struct Pattern {
        std::string source;
        std::unique_ptr<re2::RE2> compiled;
    };
    static std::vector<Pattern> compile(const std::vector<std::string>& sources, const char* key,
                                        bool caseInsensitive, const std::string& where);

    std::string m_field;
    std::vector<Pattern> m_include;
    std::vector<Pattern> m_exclude;
};

} // namespace lw::filter

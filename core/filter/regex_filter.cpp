#include "core/filter/regex_filter.h"

#include "core/filter/step_fields.h"
#include "core/filter/step_names.h"
#include "core/util/error.h"

#include <fmt/format.h>
#include <re2/re2.h>

namespace lw::filter {

RegexFilter::RegexFilter() = default;
RegexFilter::RegexFilter(RegexFilter&&) noexcept = default;
RegexFilter& RegexFilter::operator=(RegexFilter&&) noexcept = default;
RegexFilter::~RegexFilter() = default;

std::vector<RegexFilter::Pattern> RegexFilter::compile(const std::vector<std::string>& sources,
                                                       const char* key, bool caseInsensitive,
                                                       const std::string& where)
{
    RE2::Options options;
    options.set_log_errors(false); // the error goes to the user in one lw::Error instead
    options.set_case_sensitive(!caseInsensitive);
    std::vector<Pattern> patterns;
    for (const std::string& source : sources) {
        auto compiled = std::make_unique<RE2>(source, options);
        if (!compiled->ok())
            throw Error::inField(where, fmt::format("field '{}': pattern '{}' is not valid RE2: {}", key,
                                                    source, compiled->error()));
        patterns.push_back({source, std::move(compiled)});
    }
    return patterns;
}

RegexFilter RegexFilter::fromJson(const nlohmann::json& step, const std::string& where)
{
    checkStepFields(step, where, allowedFields("regex"));
    RegexFilter filter;
    filter.m_field = readString(step, "field", where, "");
    const bool caseInsensitive = readBool(step, "case_insensitive", where, false);
    filter.m_include = compile(readStringList(step, "include", where), "include", caseInsensitive, where);
    filter.m_exclude = compile(readStringList(step, "exclude", where), "exclude", caseInsensitive, where);
    if (filter.m_include.empty() && filter.m_exclude.empty())
        throw Error::inField(where, "needs an 'include' or an 'exclude' pattern");
    return filter;
}

Decision RegexFilter::check(std::string_view text) const
{
    const re2::StringPiece piece(text.data(), text.size());
    for (const Pattern& pattern : m_exclude) {
        if (RE2::PartialMatch(piece, *pattern.compiled))
            return Decision::dropped(fmt::format("matches exclude pattern '{}'", pattern.source));
    }
    if (m_include.empty())
        return Decision::kept();
    for (const Pattern& pattern : m_include) {
        if (RE2::PartialMatch(piece, *pattern.compiled))
            return Decision::kept();
    }
    return Decision::dropped("matches no include pattern");
}

} // namespace lw::filter

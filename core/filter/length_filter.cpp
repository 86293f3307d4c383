#include "core/filter/length_filter.h"

#include "core/filter/step_fields.h"
#include "core/filter/step_names.h"
#include "core/filter/text_scan.h"
#include "core/util/error.h"

#include <fmt/format.h>

namespace lw::filter {

namespace {

const char* unitName(LengthUnit unit)
{
    switch (unit) {
    case LengthUnit::Chars: return "chars";
    case LengthUnit::Words: return "words";
    case LengthUnit::Tokens: return "tokens";
    }
    return "?";
}

} // namespace

int64_t countWords(std::string_view text)
{
    int64_t words = 0;
    forEachWord(text, [&](std::string_view) { ++words; });
    return words;
}

LengthFilter LengthFilter::fromJson(const nlohmann::json& step, const std::string& where,
                                    TokenCounter countTokens)
{
    checkStepFields(step, where, allowedFields("length"));
    LengthFilter filter;
    filter.m_field = readString(step, "field", where, "");
    const std::string unit = readString(step, "unit", where, "chars");
    if (unit == "chars")
        filter.m_unit = LengthUnit::Chars;
    else if (unit == "words")
        filter.m_unit = LengthUnit::Words;
    else if (unit == "tokens")
        filter.m_unit = LengthUnit::Tokens;
    else
        throw Error::inField(where, fmt::format("field 'unit': unknown unit '{}' (choose 'chars', 'words' or 'tokens')", unit));
    if (filter.m_unit == LengthUnit::Tokens && !countTokens)
        throw Error::inField(where, "field 'unit': 'tokens' needs the dataset's tokenizer, and none is chosen");
    filter.m_countTokens = std::move(countTokens);
    filter.m_min = readCount(step, "min", where, 0);
    if (step.contains("max") && !step["max"].is_null())
        filter.m_max = readCount(step, "max", where, 0);
    if (filter.m_max && *filter.m_max < filter.m_min)
        throw Error::inField(where, fmt::format("field 'max': {} is below min {}", *filter.m_max, filter.m_min));
    return filter;
}

int64_t LengthFilter::measure(std::string_view text) const
{
    switch (m_unit) {
    case LengthUnit::Chars: return countCodePoints(text);
    case LengthUnit::Words: return countWords(text);
    case LengthUnit::Tokens: return m_countTokens(text);
    }
    return 0;
}

Decision LengthFilter::check(std::string_view text) const
{
    const int64_t length = measure(text);
    if (length < m_min)
        return Decision::dropped(fmt::format("too short: {} {} < min {}", length, unitName(m_unit), m_min));
    if (m_max && length > *m_max)
        return Decision::dropped(fmt::format("too long: {} {} > max {}", length, unitName(m_unit), *m_max));
    return Decision::kept();
}

} // namespace lw::filter

#pragma once
// The `length` step: keeps texts whose length lies in [min, max], counted in Unicode
// code points ("chars"), white-space separated words, or tokens of the project's
// tokenizer (the caller passes the counting function).
//   {"step": "length", "unit": "words", "min": 3, "max": 2000}
#include "core/filter/decision.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace lw::filter {

using TokenCounter = std::function<int64_t(std::string_view)>;

enum class LengthUnit { Chars, Words, Tokens };

class LengthFilter {
public:
    // unit "tokens" needs countTokens; the other units ignore it.
    static LengthFilter fromJson(const nlohmann::json& step, const std::string& where,
                                 TokenCounter countTokens = {});

    Decision check(std::string_view text) const;
    int64_t measure(std::string_view text) const;

    LengthUnit unit() const { return m_unit; }
    int64_t min() const { return m_min; }
    std::optional<int64_t> max() const { return m_max; }
    // The record field to measure; empty means the runner's default text field.
    const std::string& field() const { return m_field; }

private:
    LengthUnit m_unit = LengthUnit::Chars;
    int64_t m_min = 0;
    std::optional<int64_t> m_max;
    TokenCounter m_countTokens;
    std::string m_field;
};

int64_t countWords(std::string_view text);

} // namespace lw::filter

#include "core/filter/step_names.h"

#include "core/filter/step_fields.h"
#include "core/util/error.h"

#include <fmt/format.h>

#include <map>

namespace lw::filter {

namespace {

// "field" names the record field the runner hands to the rule (it resolves it; the
// rules only carry it).
const std::map<std::string, std::vector<std::string>, std::less<>>& fieldTable()
{
    static const std::map<std::string, std::vector<std::string>, std::less<>> table = {
        {"length", {"step", "field", "unit", "min", "max"}},
        {"regex", {"step", "field", "include", "exclude", "case_insensitive"}},
        {"language", {"step", "field", "keep", "min_confidence"}},
        {"quality",
         {"step", "field", "preset", "drop_empty", "min_words", "max_words", "min_mean_word_length",
          "max_mean_word_length", "max_symbol_word_ratio", "max_bullet_lines", "max_ellipsis_lines",
          "min_alpha_words", "stop_words", "min_stop_words", "stop_words_min_words", "max_duplicate_lines",
          "max_duplicate_line_chars", "max_duplicate_paragraphs", "max_duplicate_paragraph_chars",
          "max_top_ngram_chars", "max_duplicate_ngram_chars", "max_digit_fraction", "lorem_ipsum",
          "javascript", "curly_brace"}},
        {"pii", {"step", "field", "kinds"}},
        {"instruction_sanity", {"step", "prompt_field", "answer_field"}},
    };
    return table;
}

} // namespace

const std::vector<std::string>& knownStepNames()
{
    static const std::vector<std::string> names = {"length", "regex", "language",
                                                   "quality", "pii", "instruction_sanity"};
    return names;
}

const std::vector<std::string>& allowedFields(std::string_view stepName)
{
    const auto& table = fieldTable();
    auto it = table.find(stepName);
    if (it == table.end())
        throw Error(fmt::format("unknown recipe step '{}' (known: {})", stepName, quotedList(knownStepNames())));
    return it->second;
}

std::string stepName(const nlohmann::json& step, const std::string& where)
{
    if (!step.is_object())
        throw Error::inField(where, "expected a JSON object with a \"step\" field");
    auto it = step.find("step");
    if (it == step.end())
        throw Error::inField(where, "missing field 'step'");
    if (!it->is_string())
        throw Error::inField(where, "field 'step': expected a string, got " + it->dump());
    const std::string name = it->get<std::string>();
    if (fieldTable().count(name) == 0)
        throw Error::inField(where, fmt::format("unknown step '{}' (known: {})", name, quotedList(knownStepNames())));
    return name;
}

} // namespace lw::filter

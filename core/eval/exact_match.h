#pragma once
// Exact match of a generated answer against a reference, after the normalisation
// SQuAD's evaluation script applies (normalize_answer) when every option is on:
// lowercase, drop punctuation, drop the English articles a/an/the, collapse whitespace.
#include <string>
#include <string_view>

namespace lw::eval {

struct AnswerNormalisation {
    bool ignoreCase = false;        // Unicode lowercase (ICU, root locale)
    bool ignorePunctuation = false; // ASCII punctuation, as Python's string.punctuation
    bool ignoreArticles = false;    // whole words a, an, the (after lowercasing, when on)
    bool ignoreWhitespace = false;  // runs of whitespace become one space; none at the ends

    static AnswerNormalisation squad() { return {true, true, true, true}; }
    bool any() const { return ignoreCase || ignorePunctuation || ignoreArticles || ignoreWhitespace; }
};

// In SQuAD's order: lowercase, punctuation, articles, whitespace. Bytes that are not
// UTF-8 become U+FFFD when lowercasing.
std::string normaliseAnswer(std::string_view text, const AnswerNormalisation& options);

bool exactMatch(std::string_view answer, std::string_view reference, const AnswerNormalisation& options);

} // namespace lw::eval

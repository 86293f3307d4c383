#pragma once
// The few Python string operations lm-evaluation-harness applies to benchmark text,
// done the same way here so prompts match its prompts character for character.
#include <string>
#include <string_view>

namespace lw::eval {

// str.strip(): whitespace removed from both ends (ASCII whitespace and the Unicode
// spaces U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000).
std::string stripLikePython(std::string_view text);

// str.rstrip(): the same whitespace removed from the end only.
std::string rstripLikePython(std::string_view text);

// str.capitalize(): the first character in title case, every other one in lower case.
std::string capitalizeLikePython(std::string_view text);

// HellaSwag's preprocess: strip, " [title]" -> ". ", every "[...]" removed (the
// WikiHow markup), then each "  " -> " " (one pass, as str.replace does).
std::string hellaswagPreprocess(std::string_view text);

} // namespace lw::eval

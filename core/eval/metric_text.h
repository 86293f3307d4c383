#pragma once
// Text handling shared by the reference-based metrics (BLEU, chrF, ROUGE). sacreBLEU and
// rouge-score are Python programs: their "characters" are code points, their whitespace
// is str.split()'s and their lowercase is str.lower()'s. These helpers reproduce those
// three on UTF-8 text, so that scores agree with the published tools on any language.
#include <string>
#include <string_view>
#include <vector>

namespace lw::eval {

// True for the code points Python's str.split() treats as whitespace.
bool isPythonWhitespace(char32_t cp);

// Python's text.split(): the runs of non-whitespace, in order.
std::vector<std::string> splitPythonWhitespace(std::string_view utf8);

// Python's text.rstrip(): trailing whitespace removed.
std::string_view rstripPythonWhitespace(std::string_view utf8);

// Python's text.lower(): full Unicode lowercase mapping (ICU's root locale, which like
// Python maps U+0130 to "i\u0307" and a word-final capital sigma to U+03C2).
std::string lowercaseUnicode(std::string_view utf8);

// lw::Error unless there is at least one reference stream and each has one segment per
// hypothesis (references[k][i] is the k-th reference of segment i).
void checkReferenceStreams(const std::vector<std::string>& hypotheses,
                           const std::vector<std::vector<std::string>>& references);

// The code points of valid UTF-8 text.
std::u32string decodeUtf8(std::string_view utf8);

} // namespace lw::eval

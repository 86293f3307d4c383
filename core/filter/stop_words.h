#pragma once
// Small lists of very common function words, per language, for the quality step's
// "does this read like prose" test (Gopher: at least two of the English list). Lists
// are lower case and NFC; a text should be NFC-normalised (the repair step does that)
// for the Vietnamese list to match.
#include <string_view>
#include <vector>

namespace lw::filter {

// nullptr when there is no list for the language code.
const std::vector<std::string_view>* stopWordsFor(std::string_view languageCode);

// The languages with a list, for error messages.
const std::vector<std::string_view>& stopWordLanguages();

} // namespace lw::filter

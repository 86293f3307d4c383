#pragma once
// The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3),
// 1980) in the variant NLTK's PorterStemmer uses by default (its NLTK_EXTENSIONS mode),
// which rouge-score calls when asked to stem:
//   - a short table of irregular forms is looked up first (skies -> sky, dying -> die,
//     news, innings, proceed/exceed/succeed unchanged, ...);
//   - words of one or two letters are left alone;
//   - step 1a: "ies" -> "ie" in four-letter words (dies -> die);
//   - step 1b: "ied" -> "ie" in four-letter words, else "ied" -> "i";
//   - step 1b's *o condition also holds for a two-letter vowel-consonant stem;
//   - step 1c: y -> i only after a consonant that is not the word's first letter;
//   - step 2: "alli" -> "al" is tried first and step 2 repeated, "bli" -> "ble" stands for
//     "abli" -> "able", and "fulli" -> "ful", "logi" -> "log" (measure of the stem with the
//     "l") are added.
// As in the paper, within a step the longest matching suffix decides: when its condition
// fails, no shorter suffix of that step is tried.
#include <string>
#include <string_view>

namespace lw::eval {

// The stem of a lowercase ASCII word.
std::string porterStem(std::string_view word);

} // namespace lw::eval

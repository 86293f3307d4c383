#pragma once
// How much a line looks like mojibake: a sum over characters that correct prose seldom
// has (C1 controls, U+FFFD, a Latin-1 letter followed by the symbol a UTF-8
// continuation byte shows as, such as "Ã´" or "á»", box drawing or math signs touching
// letters, a capital inside a lowercase word, two scripts inside one word). Correct
// text scores 0 or close to it; a repair is kept only when it scores clearly lower.
#include <string_view>

namespace lw::textfix {

int oddness(std::u32string_view text);

// A line still this odd after every repair was tried is flagged rather than passed on.
constexpr int kSuspectOddness = 3;
// A repair must lower the oddness by this much: one odd character alone ("xÀÄy") is
// too little evidence to rewrite a line.
constexpr int kRepairMargin = 2;

} // namespace lw::textfix

// isValidUtf8 (core/records/line_reader.h), the check every imported text field passes,
// against a decoder written here from the Unicode standard's table of well-formed byte
// sequences (chapter 3, table 3-7: the allowed range of each byte after the first), and
// against util::findInvalidUtf8. The input is also checked from each of its first eight
// offsets, since isValidUtf8 skips ASCII eight bytes at a time.
#include "core/records/line_reader.h"
#include "core/util/text_file.h"
#include "fuzz_harness.h"

namespace {

using lw::fuzz::invariantBroken;

bool inRange(unsigned char byte, unsigned char low, unsigned char high)
{
    return byte >= low && byte <= high;
}

// Table 3-7: the first byte fixes the length and the range of the second byte; every
// later byte is 80..BF.
bool wellFormedByTable(std::string_view text)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    size_t i = 0;
    while (i < n) {
        const unsigned char first = s[i];
        if (first <= 0x7F) {
            ++i;
            continue;
        }
        size_t length = 0;
        unsigned char secondLow = 0x80, secondHigh = 0xBF;
        if (inRange(first, 0xC2, 0xDF)) {
            length = 2;
        } else if (first == 0xE0) {
            length = 3;
            secondLow = 0xA0;
        } else if (inRange(first, 0xE1, 0xEC) || inRange(first, 0xEE, 0xEF)) {
            length = 3;
        } else if (first == 0xED) {
            length = 3;
            secondHigh = 0x9F;
        } else if (first == 0xF0) {
            length = 4;
            secondLow = 0x90;
        } else if (inRange(first, 0xF1, 0xF3)) {
            length = 4;
        } else if (first == 0xF4) {
            length = 4;
            secondHigh = 0x8F;
        } else {
            return false;
        }
        if (n - i < length || !inRange(s[i + 1], secondLow, secondHigh))
            return false;
        for (size_t k = 2; k < length; ++k)
            if (!inRange(s[i + k], 0x80, 0xBF))
                return false;
        i += length;
    }
    return true;
}

void fuzzUtf8Validation(std::string_view input)
{
    for (size_t skip = 0; skip < 8 && skip <= input.size(); ++skip) {
        const std::string_view text = input.substr(skip);
        const bool expected = wellFormedByTable(text);
        if (lw::records::isValidUtf8(text) != expected)
            invariantBroken("isValidUtf8 disagrees with table 3-7 from offset " + std::to_string(skip));
        if ((lw::util::findInvalidUtf8(text) == std::string_view::npos) != expected)
            invariantBroken("util::findInvalidUtf8 disagrees with table 3-7 from offset " + std::to_string(skip));
    }
}

} // namespace

LW_FUZZ_HARNESS(utf8_validation, fuzzUtf8Validation)

#include "core/textfix/code_page.h"

#include "core/util/error.h"

#include <algorithm>
#include <array>
#include <unicode/ucnv.h>
#include <utility>

namespace lw::textfix {

namespace {

// The upper half of a page, read from ICU's own mapping tables once.
struct PageTable {
    std::array<char32_t, 128> upper{};
    std::array<std::pair<char32_t, uint8_t>, 128> reverse{}; // sorted by character
};

const char* icuName(CodePage page)
{
    switch (page) {
    case CodePage::Cp1252: return "windows-1252";
    case CodePage::Latin1: return "ISO-8859-1";
    case CodePage::MacRoman: return "macintosh";
    case CodePage::Cp437: return "ibm-437";
    case CodePage::Cp850: return "ibm-850";
    }
    return "";
}

PageTable loadTable(CodePage page)
{
    UErrorCode status = U_ZERO_ERROR;
    UConverter* converter = ucnv_open(icuName(page), &status);
    if (U_FAILURE(status))
        throw Error(std::string("ICU has no converter for ") + icuName(page) + ": " + u_errorName(status));
    PageTable table;
    for (int b = 0x80; b < 0x100; ++b) {
        const char byte = static_cast<char>(b);
        UChar unit[2] = {};
        status = U_ZERO_ERROR;
        ucnv_reset(converter);
        const int32_t length = ucnv_toUChars(converter, unit, 2, &byte, 1, &status);
        // Every page here is a single-byte page with one BMP character per byte.
        table.upper[b - 0x80] = U_SUCCESS(status) && length == 1 ? unit[0] : 0xFFFD;
        table.reverse[b - 0x80] = {table.upper[b - 0x80], static_cast<uint8_t>(b)};
    }
    ucnv_close(converter);
    std::sort(table.reverse.begin(), table.reverse.end());
    return table;
}

const PageTable& tableFor(CodePage page)
{
    static const std::array<PageTable, 5> tables = {loadTable(CodePage::Cp1252), loadTable(CodePage::Latin1),
                                                    loadTable(CodePage::MacRoman), loadTable(CodePage::Cp437),
                                                    loadTable(CodePage::Cp850)};
    return tables[static_cast<size_t>(page)];
}

} // namespace

const char* codePageName(CodePage page)
{
    switch (page) {
    case CodePage::Cp1252: return "cp1252";
    case CodePage::Latin1: return "latin1";
    case CodePage::MacRoman: return "mac_roman";
    case CodePage::Cp437: return "cp437";
    case CodePage::Cp850: return "cp850";
    }
    return "";
}

char32_t charForByte(CodePage page, uint8_t byte)
{
    return byte < 0x80 ? char32_t(byte) : tableFor(page).upper[byte - 0x80];
}

int byteForChar(CodePage page, char32_t c)
{
    if (c < 0x80)
        return int(c);
    const auto& reverse = tableFor(page).reverse;
    auto it = std::lower_bound(reverse.begin(), reverse.end(), std::make_pair(c, uint8_t(0)));
    return it != reverse.end() && it->first == c && c != 0xFFFD ? it->second : -1;
}

} // namespace lw::textfix

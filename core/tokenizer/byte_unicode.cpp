#include "core/tokenizer/byte_unicode.h"

namespace lw::tokenizer {
namespace {

struct ByteTables {
    std::array<char32_t, 256> codePointOfByte{};
    std::array<uint8_t, 256> order{};
    // Inverse map; every code point of the alphabet is below 0x144.
    std::array<int16_t, 0x144> byteOfCodePoint{};

    ByteTables()
    {
        byteOfCodePoint.fill(-1);
        auto printable = [](int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF); };
        int next = 0;
        for (int b = 0; b < 256; ++b) {
            if (printable(b)) {
                codePointOfByte[b] = static_cast<char32_t>(b);
                order[next++] = static_cast<uint8_t>(b);
            }
        }
        int shifted = 0;
        for (int b = 0; b < 256; ++b) {
            if (!printable(b)) {
                codePointOfByte[b] = static_cast<char32_t>(256 + shifted++);
                order[next++] = static_cast<uint8_t>(b);
            }
        }
        for (int b = 0; b < 256; ++b)
            byteOfCodePoint[codePointOfByte[b]] = static_cast<int16_t>(b);
    }
};

const ByteTables& tables()
{
    static const ByteTables t;
    return t;
}

} // namespace

char32_t byteToCodePoint(uint8_t byte)
{
    return tables().codePointOfByte[byte];
}

const std::array<uint8_t, 256>& bytesInGpt2Order()
{
    return tables().order;
}

std::string bytesToTokenText(std::string_view bytes)
{
    const auto& t = tables();
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) {
        char32_t cp = t.codePointOfByte[b];
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else { // all code points of the alphabet fit in two UTF-8 bytes
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }
    return out;
}

std::optional<std::string> tokenTextToBytes(std::string_view text)
{
    const auto& t = tables();
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        auto c = static_cast<unsigned char>(text[i]);
        char32_t cp;
        if (c < 0x80) {
            cp = c;
            i += 1;
        } else if ((c & 0xE0) == 0xC0 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) {
            cp = (static_cast<char32_t>(c & 0x1F) << 6) | (static_cast<unsigned char>(text[i + 1]) & 0x3F);
            i += 2;
            if (cp < 0x80)
                return std::nullopt; // overlong form
        } else {
            return std::nullopt; // three- and four-byte characters are outside the alphabet
        }
        if (cp >= t.byteOfCodePoint.size() || t.byteOfCodePoint[cp] < 0)
            return std::nullopt;
        out.push_back(static_cast<char>(t.byteOfCodePoint[cp]));
    }
    return out;
}

} // namespace lw::tokenizer

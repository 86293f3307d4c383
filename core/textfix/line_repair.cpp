#include "core/textfix/line_repair.h"

#include "core/textfix/lost_bytes.h"
#include "core/textfix/mojibake.h"
#include "core/textfix/oddness.h"
#include "core/textfix/utf32.h"
#include "core/util/error.h"
#include "core/util/text_file.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

namespace lw::textfix {

namespace {

const icu::Normalizer2& nfc()
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* normalizer = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status) || normalizer == nullptr)
        throw Error(std::string("ICU: no NFC normalizer: ") + u_errorName(status));
    return *normalizer;
}

// Every code point below U+0300 is NFC by itself and composes with nothing before it,
// and UTF-8 starts a code point of U+0300 or above with a byte of 0xCC or more.
bool belowCombiningMarks(std::string_view utf8)
{
    for (char c : utf8) {
        if (static_cast<unsigned char>(c) >= 0xCC)
            return false;
    }
    return true;
}

LineRepair unchanged(std::string_view line) { return {std::string(line), LineStatus::Unchanged, {}}; }
LineRepair flagged(std::string_view line, std::string cause) { return {std::string(line), LineStatus::Flagged, std::move(cause)}; }

// Bytes that are not UTF-8: fixed only when the one flaw is cp1252's lost bytes and
// every one of them can be told.
LineRepair repairInvalidUtf8(std::string_view line)
{
    std::vector<int16_t> bytes(line.begin(), line.end());
    for (auto& b : bytes)
        b = static_cast<int16_t>(static_cast<unsigned char>(b));
    auto decoded = decodeUtf8WithHoles(bytes, true);
    if (decoded)
        resolveHoles(*decoded);
    if (!decoded || !decoded->holes.empty())
        return flagged(line, "invalid-utf8");
    std::string repaired = normalizeNfc(toUtf8(decoded->text));
    if (oddness(toUtf32(repaired)) >= kSuspectOddness)
        return flagged(line, "invalid-utf8");
    return {std::move(repaired), LineStatus::Repaired, "invalid-utf8"};
}

} // namespace

bool isNfc(std::string_view utf8)
{
    if (belowCombiningMarks(utf8))
        return true;
    UErrorCode status = U_ZERO_ERROR;
    const bool normalized = nfc().isNormalized(icu::UnicodeString::fromUTF8(
        icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))), status);
    return U_SUCCESS(status) && normalized;
}

std::string normalizeNfc(std::string_view utf8)
{
    if (belowCombiningMarks(utf8))
        return std::string(utf8);
    UErrorCode status = U_ZERO_ERROR;
    const auto source = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
    const icu::UnicodeString normalized = nfc().normalize(source, status);
    if (U_FAILURE(status))
        throw Error(std::string("ICU: NFC normalisation failed: ") + u_errorName(status));
    std::string out;
    normalized.toUTF8String(out);
    return out;
}

namespace {

LineRepair repairValidUtf8(std::string_view line)
{
    // Lines are judged in the form they are written in: composing a mark with its letter
    // can make a line odder ("é" then "Á" is a capital inside a word; "e", U+0301, "Á" is
    // not), and a repaired line judged otherwise would be flagged when repaired again.
    std::string nfcLine = normalizeNfc(line);
    auto normalized = [&]() -> LineRepair {
        if (nfcLine == line)
            return unchanged(line);
        return {std::move(nfcLine), LineStatus::Repaired, "nfc"};
    };
    const std::u32string text = toUtf32(nfcLine);
    if (oddness(text) == 0)
        return normalized();
    MojibakeRepair repair = undoMojibake(text);
    if (repair.unsure)
        return flagged(line, mojibakeCause(repair.undone));
    std::string repaired = repair.undone.empty() ? nfcLine : normalizeNfc(toUtf8(repair.text));
    if (oddness(toUtf32(repaired)) >= kSuspectOddness)
        return flagged(line, repair.undone.empty() ? "suspect" : mojibakeCause(repair.undone));
    if (repair.undone.empty())
        return normalized(); // a little odd, nothing to undo: correct text with an unusual character
    return {std::move(repaired), LineStatus::Repaired, mojibakeCause(repair.undone)};
}

} // namespace

LineRepair repairLine(std::string_view line)
{
    if (isAscii(line)) {
        // ASCII is NFC; only control characters could make it odd, and nothing repairs those.
        return unchanged(line);
    }
    if (util::findInvalidUtf8(line) == std::string_view::npos)
        return repairValidUtf8(line);
    LineRepair bytes = repairInvalidUtf8(line);
    if (bytes.status != LineStatus::Repaired)
        return bytes;
    // The bytes restored may spell mojibake in turn (text damaged twice, "ÏŒ" for "ό"
    // once its lost byte is back): the line is repaired as far as it goes, or flagged.
    LineRepair text = repairValidUtf8(bytes.text);
    if (text.status == LineStatus::Unchanged)
        return bytes;
    if (text.status == LineStatus::Flagged)
        return flagged(line, "invalid-utf8");
    return {std::move(text.text), LineStatus::Repaired, "invalid-utf8+" + text.cause};
}

const char* lineStatusName(LineStatus status)
{
    switch (status) {
    case LineStatus::Unchanged: return "unchanged";
    case LineStatus::Repaired: return "repaired";
    case LineStatus::Flagged: return "flagged";
    }
    return "";
}

} // namespace lw::textfix

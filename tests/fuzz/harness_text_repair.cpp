// Repairing one line (core/textfix/line_repair.h) and NFC normalisation. The input is
// the line, its line breaks dropped. Invariants: valid UTF-8 in never gives invalid
// UTF-8 out, nor does a repair of invalid UTF-8; Unchanged means byte-identical and no
// cause, Flagged means the line itself, Repaired means another line and a cause;
// repairing the output again leaves it unchanged; a repaired line is NFC; and
// normalizeNfc gives NFC text, leaves NFC text as it is, and agrees with isNfc.
#include "core/textfix/line_repair.h"
#include "core/util/error.h"
#include "core/util/text_file.h"
#include "fuzz_harness.h"

#include <algorithm>

namespace {

using lw::fuzz::invariantBroken;
using lw::textfix::LineStatus;

bool validUtf8(std::string_view text)
{
    return lw::util::findInvalidUtf8(text) == std::string_view::npos;
}

void checkNfc(const std::string& text)
{
    const std::string normalized = lw::textfix::normalizeNfc(text);
    if (!validUtf8(normalized) || !lw::textfix::isNfc(normalized))
        invariantBroken("normalizeNfc gave text that is not NFC UTF-8");
    if (lw::textfix::isNfc(text) != (normalized == text))
        invariantBroken("isNfc disagrees with normalizeNfc");
    if (lw::textfix::normalizeNfc(normalized) != normalized)
        invariantBroken("normalizeNfc changes its own output");
}

void fuzzTextRepair(std::string_view input)
{
    std::string line(input);
    line.erase(std::remove(line.begin(), line.end(), '\n'), line.end());
    const bool valid = validUtf8(line);
    const lw::textfix::LineRepair repair = lw::textfix::repairLine(line);
    switch (repair.status) {
    case LineStatus::Unchanged:
        if (repair.text != line || !repair.cause.empty())
            invariantBroken("an unchanged line differs from the input or has a cause");
        break;
    case LineStatus::Flagged:
        if (repair.text != line || repair.cause.empty())
            invariantBroken("a flagged line differs from the input or has no cause");
        break;
    case LineStatus::Repaired: {
        if (repair.text == line || repair.cause.empty())
            invariantBroken("a repaired line is the input itself or has no cause");
        if (!validUtf8(repair.text))
            invariantBroken("a repair gave invalid UTF-8");
        if (!lw::textfix::isNfc(repair.text))
            invariantBroken("a repaired line is not NFC");
        const lw::textfix::LineRepair again = lw::textfix::repairLine(repair.text);
        if (again.status != LineStatus::Unchanged)
            invariantBroken("repairing a repaired line again " + std::string(lw::textfix::lineStatusName(again.status)) +
                            " it (" + again.cause + ")");
        break;
    }
    }
    if (valid && !validUtf8(repair.text))
        invariantBroken("valid UTF-8 in, invalid UTF-8 out");
    if (valid)
        checkNfc(line);
}

} // namespace

LW_FUZZ_HARNESS(text_repair, fuzzTextRepair)

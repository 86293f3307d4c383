#pragma once
// Repairing one line (or one field) of text: mojibake undone, NFC normalisation, and
// lines that cannot be repaired flagged and left exactly as they were. Clean ASCII and
// clean UTF-8 return at once, so importers can call this on every field.
#include <string>
#include <string_view>

namespace lw::textfix {

enum class LineStatus { Unchanged, Repaired, Flagged };

struct LineRepair {
    std::string text;  // the repaired line; the input itself when Unchanged or Flagged
    LineStatus status = LineStatus::Unchanged;
    // "mojibake:cp1252", "nfc", "invalid-utf8" ("invalid-utf8+mojibake:cp1252" when the
    // bytes restored were mojibake too), "suspect"; empty when Unchanged
    std::string cause;
};

// `line` holds no line break. Bytes that are not UTF-8 are repaired only where cp1252
// lost a byte that can be told for sure (cause "invalid-utf8"), and flagged otherwise.
LineRepair repairLine(std::string_view line);

// The text in Unicode Normalization Form C (valid UTF-8 in, UTF-8 out).
std::string normalizeNfc(std::string_view utf8);
bool isNfc(std::string_view utf8);

const char* lineStatusName(LineStatus status); // "unchanged", "repaired", "flagged"

} // namespace lw::textfix

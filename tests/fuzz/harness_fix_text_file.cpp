// Repairing a whole text file (core/textfix/fix_text_file.h): encoding detection
// (encoding_detect.h, a byte-order mark, UTF-8 or uchardet's guess), conversion to
// UTF-8 and the repair of every line. The input is the file. Invariants: detection
// follows a byte-order mark and calls valid UTF-8 UTF-8, even a sample cut inside a
// character; a repaired file is valid UTF-8 (unless a UTF-8 byte-order mark came before
// bytes that are not), with as many line breaks as the input when nothing was
// converted; its report counts every line once and the bytes read and written;
// progress only grows up to the file's size; and repairing the repaired file again
// changes nothing (but a byte-order mark the first repair kept as text).
#include "core/textfix/encoding_detect.h"
#include "core/textfix/fix_text_file.h"
#include "core/util/error.h"
#include "core/util/text_file.h"
#include "fuzz_harness.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace {

using lw::fuzz::invariantBroken;

bool isUtf8Text(std::string_view text)
{
    return lw::util::findInvalidUtf8(text) == std::string_view::npos;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

int64_t linesOf(std::string_view text)
{
    const auto breaks = std::count(text.begin(), text.end(), '\n');
    return breaks + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

void checkDetection(std::string_view input)
{
    const lw::textfix::EncodingGuess guess = lw::textfix::detectEncoding(input, true);
    const std::string_view start = input.substr(0, 3);
    if (start == "\xEF\xBB\xBF" && (guess.name != "UTF-8" || guess.bomLength != 3))
        invariantBroken("a UTF-8 byte-order mark was not followed");
    if ((start.substr(0, 2) == "\xFF\xFE" || start.substr(0, 2) == "\xFE\xFF") && guess.bomLength != 2)
        invariantBroken("a UTF-16 byte-order mark was not followed");
    if (guess.bomLength == 0 && isUtf8Text(input) && !guess.isUtf8())
        invariantBroken("valid UTF-8 was not called UTF-8");
    if (guess.bomLength == 0 && !isUtf8Text(input) && guess.isUtf8())
        invariantBroken("bytes that are not UTF-8 were called UTF-8");
    // A sample of a longer file may end inside a character: still UTF-8.
    if (guess.bomLength == 0 && isUtf8Text(input) && input.size() > 0) {
        for (size_t cut = 1; cut <= std::min<size_t>(3, input.size() - 1); ++cut)
            if (!lw::textfix::detectEncoding(input.substr(0, input.size() - cut), false).isUtf8())
                invariantBroken("a UTF-8 sample cut inside its last character was not called UTF-8");
    }
}

void fuzzFixTextFile(std::string_view input)
{
    checkDetection(input);
    const std::string path = lw::fuzz::writeScratchFile("input.txt", input);
    const std::string output = lw::fuzz::scratchFolder() + "/fixed.txt";
    int64_t lastDone = 0;
    const auto report = lw::textfix::fixTextFile(path, output, [&](int64_t done, int64_t total) {
        if (done < lastDone || done > total || total != int64_t(input.size()))
            invariantBroken("progress went back or past the file's size");
        lastDone = done;
        return true;
    });
    const std::string fixed = readFile(output);
    if (report.lines != report.repaired + report.unchanged + report.flagged || report.lines != linesOf(fixed))
        invariantBroken("the report does not count every line of the output once");
    if (report.bytesIn != int64_t(input.size()) || report.bytesOut != int64_t(fixed.size()))
        invariantBroken("the report's byte counts are not the file sizes");
    const bool utf8Bom = input.substr(0, 3) == "\xEF\xBB\xBF";
    if (!report.converted) {
        const std::string_view body = input.substr(utf8Bom ? 3 : 0);
        if (std::count(fixed.begin(), fixed.end(), '\n') != std::count(body.begin(), body.end(), '\n'))
            invariantBroken("the repair changed the number of line breaks");
    }
    if (!isUtf8Text(fixed)) {
        if (!utf8Bom || isUtf8Text(input.substr(3)))
            invariantBroken("the repaired file is not valid UTF-8");
        return;
    }
    const std::string again = lw::fuzz::scratchFolder() + "/fixed_again.txt";
    const auto second = lw::textfix::fixTextFile(output, again);
    // A byte-order mark the first repair kept as text (a second one) is dropped as one.
    const std::string_view expected = std::string_view(fixed).substr(fixed.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0);
    if (second.repaired != 0 || second.converted || readFile(again) != expected)
        invariantBroken("repairing the repaired file again changed it");
}

} // namespace

LW_FUZZ_HARNESS(fix_text_file, fuzzFixTextFile)

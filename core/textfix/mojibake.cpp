#include "core/textfix/mojibake.h"

#include "core/textfix/lost_bytes.h"
#include "core/textfix/oddness.h"

#include <algorithm>
#include <optional>
#include <tuple>

namespace lw::textfix {

namespace {

// The text's bytes in `page`, read as UTF-8; nullopt when a character is not in the
// page or the bytes are not UTF-8.
std::optional<HoledText> reread(std::u32string_view text, int textOddness, CodePage page)
{
    // Only cp1252 has bytes it cannot show, so only its text can have lost some; and
    // only text that already looks damaged is searched for lost bytes.
    const bool lossy = page == CodePage::Cp1252 && textOddness >= kSuspectOddness;
    std::vector<int16_t> bytes;
    bytes.reserve(text.size());
    for (char32_t c : text) {
        const int b = byteForChar(page, c);
        if (b >= 0)
            bytes.push_back(static_cast<int16_t>(b));
        else if (lossy && c == 0xFFFD)
            bytes.push_back(kLostByte);
        else
            return std::nullopt;
    }
    auto decoded = decodeUtf8WithHoles(bytes, lossy);
    if (decoded)
        resolveHoles(*decoded);
    return decoded;
}

} // namespace

namespace {

// Of two repairs, the better one: less odd, then sure before unsure, then fewer layers.
// Ties keep the one found first.
bool better(int oddnessA, const MojibakeRepair& a, int oddnessB, const MojibakeRepair& b)
{
    return std::make_tuple(oddnessA, a.unsure, a.undone.size()) < std::make_tuple(oddnessB, b.unsure, b.undone.size());
}

// The least odd text reachable by undoing up to `layersLeft` layers. A layer may look
// no better by itself ("‚àö" read through Mac Roman gives "√"), so every valid reading
// is followed further and judged by where it ends. The page of the layer above is
// tried first: text damaged twice the same way is named so, even where another page
// reads the inner layer alike.
MojibakeRepair bestRepair(std::u32string text, int textOddness, int layersLeft, std::optional<CodePage> outerPage,
                          int& bestOddness)
{
    MojibakeRepair best;
    best.text = std::move(text);
    bestOddness = textOddness;
    if (layersLeft == 0 || textOddness == 0)
        return best;
    std::vector<CodePage> pages;
    if (outerPage)
        pages.push_back(*outerPage);
    for (CodePage page : kMojibakePages) {
        if (page != outerPage)
            pages.push_back(page);
    }
    for (CodePage page : pages) {
        auto decoded = reread(best.text, textOddness, page);
        if (!decoded || decoded->text == best.text)
            continue;
        const int decodedOddness = oddness(decoded->text);
        MojibakeRepair candidate;
        int candidateOddness = decodedOddness;
        if (decoded->holes.empty()) {
            candidate = bestRepair(std::move(decoded->text), decodedOddness, layersLeft - 1, page, candidateOddness);
        } else {
            candidate.text = std::move(decoded->text);
            candidate.unsure = true; // a lost byte that cannot be told ends the search here
        }
        candidate.undone.insert(candidate.undone.begin(), page);
        if (better(candidateOddness, candidate, bestOddness, best)) {
            best = std::move(candidate);
            bestOddness = candidateOddness;
        }
        if (bestOddness == 0 && !best.unsure && best.undone.size() == 1)
            break; // no later page can do better than clean text in one layer
    }
    return best;
}

} // namespace

MojibakeRepair undoMojibake(std::u32string_view text)
{
    const int textOddness = oddness(text);
    int resultOddness = 0;
    MojibakeRepair repair = bestRepair(std::u32string(text), textOddness, kMaxMojibakeLayers, std::nullopt, resultOddness);
    if (!repair.undone.empty() && textOddness - resultOddness < kRepairMargin)
        return {std::u32string(text), {}, false};
    return repair;
}

std::string mojibakeCause(const std::vector<CodePage>& undone)
{
    std::string cause = "mojibake:";
    if (undone.size() > 1 && std::all_of(undone.begin(), undone.end(), [&](CodePage p) { return p == undone[0]; }))
        return cause + codePageName(undone[0]) + "x" + std::to_string(undone.size());
    for (size_t i = undone.size(); i-- > 0;) {
        cause += codePageName(undone[i]);
        if (i > 0)
            cause += "+";
    }
    return cause;
}

} // namespace lw::textfix

#include "core/textfix/fix_text_report.h"

#include "core/util/text_file.h"

namespace lw::textfix {

namespace {

// Samples are for reading: long lines are cut (on a character boundary) and bytes that
// are not UTF-8 shown as U+FFFD, so the report is always valid JSON.
std::string sampleText(std::string_view text)
{
    constexpr size_t kMaxSampleBytes = 300;
    if (text.size() <= kMaxSampleBytes)
        return util::withValidUtf8(text);
    size_t cut = kMaxSampleBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return util::withValidUtf8(text.substr(0, cut)) + "…";
}

} // namespace

void FixTextReport::count(int64_t lineNumber, std::string_view before, std::string_view after, LineStatus status,
                          const std::string& cause)
{
    ++lines;
    if (status == LineStatus::Unchanged) {
        ++unchanged;
        return;
    }
    CauseCount& c = causes[cause];
    if (status == LineStatus::Repaired) {
        ++repaired;
        ++c.repaired;
    } else {
        ++flagged;
        ++c.flagged;
    }
    if (c.samples.size() < kSamplesPerCause)
        c.samples.push_back({lineNumber, sampleText(before), sampleText(after)});
}

nlohmann::json FixTextReport::toJson() const
{
    nlohmann::json causeJson = nlohmann::json::object();
    for (const auto& [name, c] : causes) {
        nlohmann::json samples = nlohmann::json::array();
        for (const auto& s : c.samples)
            samples.push_back({{"line", s.line}, {"before", s.before}, {"after", s.after}});
        causeJson[name] = {{"repaired", c.repaired}, {"flagged", c.flagged}, {"samples", samples}};
    }
    return {{"input", input},
            {"output", output},
            {"encoding", encoding},
            {"converted", converted},
            {"bom_removed", bomRemoved},
            {"bytes_in", bytesIn},
            {"bytes_out", bytesOut},
            {"lines", lines},
            {"repaired", repaired},
            {"unchanged", unchanged},
            {"flagged", flagged},
            {"causes", causeJson}};
}

} // namespace lw::textfix

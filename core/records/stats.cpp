#include "core/records/stats.h"

#include "core/dedup/exact_deduplicator.h"
#include "core/filter/language_filter.h"
#include "core/records/record_file.h"
#include "core/records/splits.h"
#include "core/util/error.h"

#include <algorithm>
#include <cmath>

namespace lw::records {

using Json = nlohmann::json;

int64_t countCodePoints(std::string_view text)
{
    int64_t n = 0;
    for (unsigned char c : text)
        n += (c & 0xC0) != 0x80;
    return n;
}

std::string detectLanguageCode(std::string_view text)
{
    const auto guess = filter::detectLanguage(text);
    return guess.reliable ? guess.code : "un";
}

LengthSummary LengthSummary::of(std::vector<int64_t>& values, int bins)
{
    LengthSummary s;
    s.total = static_cast<int64_t>(values.size());
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    double sum = 0;
    for (auto v : values)
        sum += static_cast<double>(v);
    s.mean = sum / static_cast<double>(values.size());
    // Nearest-rank percentiles.
    auto percentile = [&](double p) {
        const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
        return static_cast<double>(values[std::clamp<size_t>(rank, 1, values.size()) - 1]);
    };
    s.p50 = percentile(0.5);
    s.p95 = percentile(0.95);
    s.max = static_cast<double>(values.back());
    const double width = std::max(1.0, std::ceil(s.max / bins));
    const int used = static_cast<int>(std::max(1.0, std::ceil((s.max + 1) / width)));
    for (int i = 0; i <= used; ++i)
        s.edges.push_back(width * i);
    s.counts.assign(static_cast<size_t>(used), 0);
    for (auto v : values)
        ++s.counts[std::min<size_t>(static_cast<size_t>(static_cast<double>(v) / width), s.counts.size() - 1)];
    return s;
}

Json LengthSummary::toJson() const
{
    return {{"histogram", {{"edges", edges}, {"counts", counts}}}, {"mean", mean}, {"p50", p50},
            {"p95", p95},                                          {"max", max},   {"total", total}};
}

Json DatasetStats::toJson() const
{
    Json splitsJson = Json::object();
    for (const auto& [name, c] : splits)
        splitsJson[name] = {{"rows", c.rows}, {"tokens", c.tokens}};
    Json j = {{"rows", rows},
              {"kinds", kinds},
              {"chars", chars.toJson()},
              {"empty_fields", emptyFields},
              {"languages", languages},
              {"duplicates", {{"exact", exactDuplicates}}},
              {"splits", splitsJson}};
    j["tokens"] = tokens ? tokens->toJson() : Json(nullptr);
    return j;
}

namespace {

void countEmpty(const Record& r, std::map<std::string, int64_t>& empty)
{
    auto check = [&](const std::string& field, const std::string& value) {
        if (value.find_first_not_of(" \t\r\n") == std::string::npos)
            ++empty[field];
    };
    switch (r.kind) {
    case RecordKind::Text: check("text", r.text); break;
    case RecordKind::Chat:
        for (const auto& m : r.messages)
            check(m.role, m.content);
        break;
    case RecordKind::Preference:
        for (const auto& m : r.messages)
            check("prompt." + m.role, m.content);
        for (const auto& m : r.chosen)
            check("chosen", m.content);
        for (const auto& m : r.rejected)
            check("rejected", m.content);
        break;
    case RecordKind::Choice:
        check("question", r.question);
        for (const auto& c : r.choices)
            check("choices", c);
        break;
    }
}

} // namespace

DatasetStats computeStats(const DatasetVersion& version, const TokenCounter& countTokens,
                          const std::function<bool(int64_t, int64_t)>& progress)
{
    DatasetStats s;
    const std::vector<Split> splits = loadSplits(version);
    std::vector<int64_t> chars, tokens;
    chars.reserve(static_cast<size_t>(std::max<int64_t>(version.rows, 0)));
    dedup::ExactDeduplicator duplicates; // the same rule as the recipe's exact_dedup step
    std::string joined;
    forEachRecord(version.recordsPath(), [&](Record& r, int64_t row) {
        ++s.rows;
        ++s.kinds[std::string(recordKindName(r.kind))];
        const auto texts = recordTexts(r);
        int64_t length = 0;
        joined.clear();
        for (auto t : texts) {
            length += countCodePoints(t);
            if (!joined.empty())
                joined.push_back('\n');
            joined.append(t);
        }
        chars.push_back(length);
        int64_t rowTokens = 0;
        if (countTokens) {
            rowTokens = countTokens(joined);
            tokens.push_back(rowTokens);
        }
        countEmpty(r, s.emptyFields);
        ++s.languages[detectLanguageCode(joined)];
        if (duplicates.add(joined).duplicate)
            ++s.exactDuplicates;
        const char* split = splits.empty() ? "all" : splitName(splits[static_cast<size_t>(row)]);
        auto& c = s.splits[split];
        ++c.rows;
        c.tokens += rowTokens;
        if (progress && (row & 1023) == 0 && !progress(row, version.rows))
            throw Error("cancelled");
        return true;
    });
    s.chars = LengthSummary::of(chars);
    if (countTokens)
        s.tokens = LengthSummary::of(tokens);
    return s;
}

} // namespace lw::records

#include "core/records/splits.h"

#include "core/dedup/near_deduplicator.h"

#include "core/records/byte_source.h"
#include "core/records/line_reader.h"
#include "core/records/record_fields.h"
#include "core/records/record_file.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"

#include <cmath>
#include <filesystem>
#include <xxhash.h>

namespace lw::records {

const char* splitName(Split split)
{
    switch (split) {
    case Split::Train: return "train";
    case Split::Validation: return "validation";
    case Split::Test: return "test";
    }
    return "train";
}

namespace {

constexpr const char* kGroupByNearDuplicates = "near_duplicates";

// Each row's cluster: the first row of its near-duplicate cluster (itself when it starts one).
std::vector<int64_t> nearDuplicateClusters(const DatasetVersion& version)
{
    dedup::NearDeduplicator dedup{dedup::NearDedupSettings{}};
    std::vector<int64_t> cluster;
    cluster.reserve(static_cast<size_t>(std::max<int64_t>(version.rows, 0)));
    forEachRecord(version.recordsPath(), [&](Record& r, int64_t row) {
        const auto match = dedup.add(recordField(r, "all"));
        cluster.push_back(match.duplicate ? match.matchedRow : row);
        return true;
    });
    return cluster;
}

void checkOptions(const SplitOptions& o)
{
    for (const auto& [name, value] : {std::pair{"--train", o.train}, {"--validation", o.validation}, {"--test", o.test}})
        if (!(value >= 0 && value <= 1))
            throw Error::inField(name, "must be between 0 and 1");
    if (std::abs(o.train + o.validation + o.test - 1.0) > 1e-9)
        throw Error::inField("--train", "the train, validation and test fractions must add up to 1 (they add up to " +
                                            std::to_string(o.train + o.validation + o.test) + ")");
    if (!o.groupBy.empty() && o.groupBy != kGroupByNearDuplicates)
        checkRecordField(o.groupBy, "--group-by");
}

} // namespace

Split splitOfKey(std::string_view key, const SplitOptions& o)
{
    const uint64_t h = XXH3_64bits_withSeed(key.data(), key.size(), o.seed);
    const double u = static_cast<double>(h >> 11) * 0x1.0p-53;
    if (u < o.train)
        return Split::Train;
    if (u < o.train + o.validation)
        return Split::Validation;
    return Split::Test;
}

std::string splitsPath(const DatasetVersion& version)
{
    return version.dir + "/splits.txt";
}

void assignSplits(DatasetVersion& version, const SplitOptions& options,
                  const std::function<bool(int64_t, int64_t)>& progress)
{
    checkOptions(options);
    util::AtomicFileWriter out(splitsPath(version));
    int64_t counts[3] = {0, 0, 0};
    std::string key;
    const bool byCluster = options.groupBy == kGroupByNearDuplicates;
    const std::vector<int64_t> clusters = byCluster ? nearDuplicateClusters(version) : std::vector<int64_t>{};
    forEachRecord(version.recordsPath(), [&](Record& r, int64_t row) {
        if (byCluster)
            key = "cluster " + std::to_string(clusters.at(static_cast<size_t>(row)));
        else if (options.groupBy.empty())
            key = std::to_string(row);
        else
            key = recordField(r, options.groupBy);
        const Split s = splitOfKey(key, options);
        ++counts[static_cast<int>(s)];
        out.write(splitName(s));
        out.write("\n");
        if (progress && (row & 4095) == 0 && !progress(row, version.rows))
            throw Error("cancelled");
        return true;
    });
    out.commit();
    version.splits = {{"train", counts[0]},
                      {"validation", counts[1]},
                      {"test", counts[2]},
                      {"fractions", {{"train", options.train}, {"validation", options.validation}, {"test", options.test}}},
                      {"seed", options.seed},
                      {"group_by", options.groupBy.empty() ? nlohmann::json(nullptr) : nlohmann::json(options.groupBy)}};
}

std::vector<Split> loadSplits(const DatasetVersion& version)
{
    const std::string path = splitsPath(version);
    std::vector<Split> splits;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return splits;
    auto source = openByteSource(path);
    LineReader reader(*source, path, 64);
    std::string_view line;
    while (reader.next(line)) {
        if (line == "train")
            splits.push_back(Split::Train);
        else if (line == "validation")
            splits.push_back(Split::Validation);
        else if (line == "test")
            splits.push_back(Split::Test);
        else
            throw Error::inFile(path, "'" + std::string(line) + "' is not train, validation or test", reader.lineNumber());
    }
    if (static_cast<int64_t>(splits.size()) != version.rows)
        throw Error::inFile(path, "has " + std::to_string(splits.size()) + " rows but the dataset has " +
                                      std::to_string(version.rows));
    return splits;
}

} // namespace lw::records

#pragma once
// The check that a record survives being stored: written as records.jsonl holds it and
// read back, it must be the same record. Shared by the harnesses that make records.
#include "core/records/record.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

namespace lw::fuzz {

inline void checkRecordReadsBack(const records::Record& record, const std::string& where)
{
    const nlohmann::json stored = records::recordToJson(record);
    (void)stored.dump(); // throws on invalid UTF-8, as writing records.jsonl would
    try {
        if (records::recordToJson(records::recordFromJson(stored, where)) != stored)
            invariantBroken("a record reads back as another record");
    } catch (const Error& e) {
        invariantBroken(std::string("a converted record does not read back: ") + e.what());
    }
}

} // namespace lw::fuzz

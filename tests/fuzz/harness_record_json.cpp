// A stored record read back (core/records/record.h, recordFromJson), as every later
// step reads records.jsonl, which a user may have edited. The input is one JSON line;
// a record accepted must fit its kind (known roles, an answer among the choices) and be
// stored and read back as the same record; one refused is refused with an lw::Error
// naming the file.
#include "core/records/record.h"
#include "core/util/error.h"
#include "fuzz_harness.h"
#include "record_read_back.h"

namespace {

using lw::fuzz::invariantBroken;
using Json = nlohmann::json;
using lw::records::RecordKind;

void checkRoles(const std::vector<lw::records::Message>& messages)
{
    for (const auto& m : messages)
        if (!lw::records::isKnownRole(m.role))
            invariantBroken("a stored record with the unknown role '" + m.role + "' was accepted");
}

void fuzzRecordJson(std::string_view input)
{
    const Json json = Json::parse(input, nullptr, false);
    if (json.is_discarded())
        return;
    const std::string where = lw::fuzz::scratchFolder() + "/records.jsonl:1";
    const lw::records::Record record = lw::records::recordFromJson(json, where);
    checkRoles(record.messages);
    checkRoles(record.chosen);
    checkRoles(record.rejected);
    if (record.kind == RecordKind::Choice && (record.answer < 0 || record.answer >= int64_t(record.choices.size())))
        invariantBroken("a choice record with an answer outside its choices was accepted");
    (void)lw::records::recordTexts(record);
    (void)lw::records::promptAndAnswer(record);
    lw::fuzz::checkRecordReadsBack(record, where);
}

} // namespace

LW_FUZZ_HARNESS(record_json, fuzzRecordJson)

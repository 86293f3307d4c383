#pragma once
// Named views of a record's text, for recipe steps and splits that act on one field:
//   all       every text of the record, joined by newlines
//   text      a text record's text (other kinds: all)
//   prompt    the turns before the last answer (instruction data), the question
//   answer    the last assistant answer, the chosen answer, the correct choice
//   system / user / assistant   the contents of those turns, joined
//   chosen / rejected           a preference record's answers
//   question / choices          a multiple-choice record's parts
//   source.file                 the file the row came from
#include "core/records/record.h"

#include <string>
#include <string_view>
#include <vector>

namespace lw::records {

const std::vector<std::string>& recordFieldNames();
bool isRecordField(std::string_view name);
// lw::Error naming `where` when the field is unknown.
void checkRecordField(std::string_view name, const std::string& where);
std::string recordField(const Record& record, std::string_view name);

} // namespace lw::records

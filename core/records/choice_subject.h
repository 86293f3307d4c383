#pragma once
// The subject of a multiple-choice item, for the per-subject breakdown of `llmwb eval mc`:
// the row's 'subject' field, else (MMLU and MMLU-Redux ship one file per subject, named
// mmlu_<subject>.csv and the like) the name of the file it came from. One rule for items
// read straight from a file and for those imported into a dataset version, so both give
// the same breakdown.
#include <nlohmann/json.hpp>
#include <string>

namespace lw::records {

// The row's 'subject' field as text ("" when absent or null; a non-string is written as JSON).
std::string subjectOfRow(const nlohmann::json& row);

// The file's name without directories, compression suffix, extension and an "mmlu_" prefix.
std::string subjectOfFileName(const std::string& path);

} // namespace lw::records

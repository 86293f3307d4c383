#include "core/records/choice_subject.h"

#include "core/records/byte_source.h"

#include <filesystem>

namespace lw::records {

std::string subjectOfRow(const nlohmann::json& row)
{
    auto it = row.find("subject");
    if (it == row.end() || it->is_null())
        return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string subjectOfFileName(const std::string& path)
{
    std::string stem = std::filesystem::path(withoutCompressionSuffix(path)).stem().string();
    const std::string prefix = "mmlu_";
    if (stem.size() > prefix.size() && stem.compare(0, prefix.size(), prefix) == 0)
        stem = stem.substr(prefix.size());
    return stem;
}

} // namespace lw::records

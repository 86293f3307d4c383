#include "core/eval/perplexity_text.h"

#include "core/records/dataset_version.h"
#include "core/records/record_file.h"
#include "core/util/error.h"

namespace lw::eval {

std::string datasetPerplexityText(const std::string& datasetDir)
{
    const records::DatasetVersion version = records::loadDatasetVersion(datasetDir);
    std::string text;
    records::forEachRecord(version.recordsPath(), [&](records::Record& record, int64_t) {
        std::string joined;
        for (std::string_view field : records::recordTexts(record)) {
            if (!joined.empty())
                joined += '\n';
            joined.append(field);
        }
        if (joined.empty())
            return true;
        if (!text.empty())
            text += "\n\n";
        text += joined;
        return true;
    });
    if (text.empty())
        throw Error::inFile(version.recordsPath(), "the dataset has no text to measure perplexity on");
    return text;
}

} // namespace lw::eval

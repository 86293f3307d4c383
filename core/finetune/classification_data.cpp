#include "core/finetune/classification_data.h"

#include "core/finetune/finetune_data.h"
#include "core/records/dataset_catalog.h"
#include "core/records/record_file.h"
#include "core/records/splits.h"
#include "core/util/error.h"

#include <algorithm>

namespace lw::finetune {

namespace {

std::string joined(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace

std::vector<int32_t> classificationIds(const tokenizer::Tokenizer& tokenizer, const std::vector<int32_t>& promptPrefix,
                                       const std::string& text, int64_t context, bool* truncated)
{
    std::vector<int32_t> ids = promptPrefix;
    const std::vector<int32_t> body = tokenizer.encode(text, false);
    ids.insert(ids.end(), body.begin(), body.end());
    const bool cut = context > 0 && int64_t(ids.size()) > context;
    if (cut)
        ids.resize(size_t(context)); // the first tokens: the text's start says most about its class
    if (truncated)
        *truncated = cut;
    return ids;
}

ClassificationRows readClassificationRows(const std::string& recordsPath, const tokenizer::Tokenizer& tokenizer,
                                          const std::vector<int32_t>& promptPrefix, int64_t context)
{
    ClassificationRows out;
    records::forEachRecord(recordsPath, [&](records::Record& r, int64_t index) {
        const int64_t line = index + 1;
        if (r.kind != records::RecordKind::Choice)
            throw Error::inFile(recordsPath,
                                "is a " + std::string(records::recordKindName(r.kind)) +
                                    " record: classification needs choice records (question: the text, choices: "
                                    "the classes, answer: the label)",
                                line);
        if (r.choices.size() < 2)
            throw Error::inFile(recordsPath, "has fewer than two classes", line);
        if (out.rows.empty())
            out.classes = r.choices;
        else if (r.choices != out.classes)
            throw Error::inFile(recordsPath,
                                "lists the classes [" + joined(r.choices) + "], not [" + joined(out.classes) +
                                    "] as the first row does: every row must list the same classes in the same order",
                                line);
        if (r.answer < 0 || r.answer >= int64_t(r.choices.size()))
            throw Error::inFile(recordsPath, "answer " + std::to_string(r.answer) + " is not one of its " +
                                                 std::to_string(r.choices.size()) + " classes",
                                line);
        bool cut = false;
        ClassificationRow row{classificationIds(tokenizer, promptPrefix, r.question, context, &cut), r.answer};
        if (row.ids.empty())
            throw Error::inFile(recordsPath, "has no text to classify", line);
        out.truncatedRows += cut;
        out.rows.push_back(std::move(row));
        return true;
    });
    if (out.rows.empty())
        throw Error::inFile(recordsPath, "holds no rows");
    return out;
}

ClassificationData prepareClassificationData(store::Store& store, const FinetuneSettings& settings,
                                             const tokenizer::Tokenizer& tokenizer,
                                             const std::vector<int32_t>& promptPrefix, int64_t context, uint64_t seed)
{
    const records::CatalogEntry entry = records::openVersion(store, settings.dataset);
    if (entry.version.kind != "choice")
        throw Error::inField("dataset", "'" + settings.dataset + "' holds " + entry.version.kind +
                                            " records: classification needs choice records (import them with the "
                                            "mc layout)");
    ClassificationData d;
    d.data = readClassificationRows(entry.version.recordsPath(), tokenizer, promptPrefix, context);
    d.datasetId = entry.record.id;
    d.recordsSha256 = entry.version.recordsSha256;
    const uint64_t rows = d.data.rows.size();
    const std::vector<records::Split> splits = records::loadSplits(entry.version);
    const bool anyValidation = std::find(splits.begin(), splits.end(), records::Split::Validation) != splits.end();
    if (anyValidation) {
        if (splits.size() != rows)
            throw Error::inFile(records::splitsPath(entry.version), "has " + std::to_string(splits.size()) +
                                                                        " rows, the records " + std::to_string(rows));
        d.splitSource = "dataset";
        for (uint64_t r = 0; r < rows; ++r) {
            switch (splits[r]) {
            case records::Split::Train: d.trainRows.push_back(r); break;
            case records::Split::Validation: d.valRows.push_back(r); break;
            case records::Split::Test: d.testRows.push_back(r); break;
            }
        }
    } else {
        d.splitSource = "held out";
        const std::vector<bool> held = heldOutRows(rows, settings.val_rows, seed);
        for (uint64_t r = 0; r < rows; ++r)
            (held[r] ? d.valRows : d.trainRows).push_back(r);
    }
    if (d.trainRows.empty())
        throw Error::inField("dataset", "'" + settings.dataset + "' has no training rows");
    return d;
}

} // namespace lw::finetune

#include "core/finetune/finetune_data.h"

#include "core/records/dataset_catalog.h"
#include "core/records/splits.h"
#include "core/shape/packed_sequence_file.h"
#include "core/util/error.h"

#include <algorithm>
#include <numeric>
#include <random>

namespace lw::finetune {

std::vector<bool> heldOutRows(uint64_t rows, int64_t requested, uint64_t seed)
{
    std::vector<bool> held(rows, false);
    uint64_t count = requested > 0 ? uint64_t(requested) : (rows < 10 ? 0 : std::min<uint64_t>(rows / 10, 200));
    if (count >= rows)
        throw Error::inField("val_rows", std::to_string(count) + " rows held out would leave none of the " +
                                             std::to_string(rows) + " to train on");
    std::vector<uint64_t> order(rows);
    std::iota(order.begin(), order.end(), uint64_t(0));
    std::mt19937_64 rng(seed ^ 0x5eedf00dULL);
    std::shuffle(order.begin(), order.end(), rng);
    for (uint64_t i = 0; i < count; ++i)
        held[order[i]] = true;
    return held;
}

generate::ChatTemplate finetuneTemplate(const FinetuneSettings& settings,
                                        const std::optional<generate::ChatTemplate>& modelTemplate)
{
    if (!settings.chat_template.empty())
        return generate::loadChatTemplate(settings.chat_template);
    if (modelTemplate)
        return *modelTemplate;
    return generate::builtinChatTemplate("chatml");
}

FinetuneData prepareFinetuneData(store::Store& store, const FinetuneSettings& settings,
                                 const shape::TrainingRenderer& renderer, const std::string& folder, uint64_t seed,
                                 const std::function<bool(int64_t, int64_t)>& progress)
{
    const records::CatalogEntry entry = records::openVersion(store, settings.dataset);
    const std::string& kind = entry.version.kind;
    if (settings.isPreference() && kind != "preference")
        throw Error::inField("dataset", "'" + settings.dataset + "' holds " + kind +
                                            " records: the " + settings.objective +
                                            " objective needs a preference dataset (prompt, chosen, rejected)");
    if (!settings.isPreference() && kind == "preference")
        throw Error::inField("dataset", "'" + settings.dataset +
                                            "' is a preference dataset: choose the dpo, ipo, orpo or simpo objective");
    if (kind == "text")
        throw Error::inField("dataset", "'" + settings.dataset +
                                            "' holds plain text: fine-tune on chat or preference records (pretrain "
                                            "on text with `llmwb train`)");
    auto onProgress = [&](const shape::ExportProgress& p) {
        if (progress && !progress(p.bytesDone, p.bytesTotal))
            throw Error("cancelled");
    };
    const shape::ExportResult exported = shape::exportTokens(entry.version, renderer, folder, 0.0, onProgress);
    FinetuneData data;
    data.kind = exported.format;
    data.file = folder + "/" + (data.kind == "preference" ? "preference.bin" : "sft.bin");
    data.checks = exported.checks;
    data.answerEnd = renderer.answerEnd();
    data.datasetId = entry.record.id;
    data.recordsSha256 = entry.version.recordsSha256;

    const shape::PackedSequenceFile file(data.file);
    const std::vector<records::Split> splits = records::loadSplits(entry.version);
    bool anyValidation = std::any_of(splits.begin(), splits.end(),
                                     [](records::Split s) { return s == records::Split::Validation; });
    if (!splits.empty() && anyValidation) {
        data.splitSource = "dataset";
        for (uint64_t r = 0; r < file.rows(); ++r) {
            const uint64_t index = file.rowIndex(r);
            if (index >= splits.size())
                throw Error::inFile(records::splitsPath(entry.version), "has no split for row " + std::to_string(index));
            if (splits[index] == records::Split::Train)
                data.trainRows.push_back(r);
            else if (splits[index] == records::Split::Validation)
                data.valRows.push_back(r);
        }
    } else {
        data.splitSource = "held out";
        const std::vector<bool> held = heldOutRows(file.rows(), settings.val_rows, seed);
        for (uint64_t r = 0; r < file.rows(); ++r)
            (held[r] ? data.valRows : data.trainRows).push_back(r);
    }
    if (data.trainRows.empty())
        throw Error::inField("dataset", "'" + settings.dataset + "' has no training rows");
    return data;
}

} // namespace lw::finetune

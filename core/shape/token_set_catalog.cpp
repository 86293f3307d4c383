#include "core/shape/token_set_catalog.h"

#include "core/util/error.h"

namespace lw::shape {

std::string tokenSetKind(const ExportResult& result)
{
    if (result.format == "pretraining")
        return "text";
    if (result.format == "sft" || result.format == "preference")
        return result.format;
    throw Error::inField("--format", "only token exports are registered as datasets, not " + result.format);
}

int64_t registerTokenSet(store::Store& store, const std::string& name, const std::string& dir,
                         const records::DatasetVersion& version, const ExportResult& result,
                         const TokenSetOrigin& origin)
{
    store::DatasetRecord record;
    record.name = name;
    record.kind = tokenSetKind(result);
    record.tokenizerId = origin.tokenizerId;
    record.path = store.storablePath(dir);
    record.sourceFiles.push_back(store.storablePath(version.recordsPath()));
    record.trainTokens = record.kind == "text" ? result.trainTokens : result.tokens;
    record.valTokens = record.kind == "text" ? result.tokens - result.trainTokens : 0;
    record.meta = {{"records_version", version.name},
                   {"records_sha256", version.recordsSha256},
                   {"template", origin.chatTemplate.empty() ? nlohmann::json() : nlohmann::json(origin.chatTemplate)},
                   {"tokenizer", origin.tokenizer},
                   {"loss", origin.loss},
                   {"context", origin.context},
                   {"split", origin.split},
                   {"rows", result.rows},
                   {"tokens", result.tokens}};
    return store.registerDataset(record);
}

} // namespace lw::shape

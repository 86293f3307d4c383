#pragma once
// Token sets in the project store: `llmwb data export --format tokens --name NAME`
// registers the folder it wrote as a dataset, so that `llmwb train --dataset NAME` finds
// it and the run it makes can name the records version (and its sha256) it came from.
#include "core/records/dataset_version.h"
#include "core/shape/dataset_export.h"
#include "core/store/store.h"

#include <cstdint>
#include <optional>
#include <string>

namespace lw::shape {

// How the tokens were made, as the user asked for them.
struct TokenSetOrigin {
    std::string chatTemplate; // a template name or file; "" for none
    std::string tokenizer;    // a tokenizer name of the project, or its path
    std::optional<int64_t> tokenizerId;
    std::string loss;         // "assistant" or "all"
    int64_t context = 0;
    std::string split;        // "train", "validation", "test" or "all"
};

// The store kind of an export: "text" for pretraining tokens (what `llmwb train` reads),
// "sft" or "preference" for packed files.
std::string tokenSetKind(const ExportResult& result);

// Registers `dir` as dataset `name` with meta {"records_version", "records_sha256",
// "template", "tokenizer", "loss", "context", "split"}. lw::Error when the name is taken.
int64_t registerTokenSet(store::Store& store, const std::string& name, const std::string& dir,
                         const records::DatasetVersion& version, const ExportResult& result,
                         const TokenSetOrigin& origin);

} // namespace lw::shape

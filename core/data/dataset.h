#pragma once
// A prepared dataset is a folder with tokens.bin (every document's tokens, separated by
// the tokenizer's end-of-text token) and dataset.json describing it. The last
// `val_fraction` of the tokens is the validation split.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace lw::tokenizer {
class Tokenizer;
}

namespace lw::data {

struct DatasetInfo {
    std::string dir;
    std::string tokenizerPath;
    std::string tokenizerKind;
    int64_t vocabSize = 0;
    int64_t totalTokens = 0;
    int64_t trainTokens = 0; // tokens [0, trainTokens) train, the rest validate
    int64_t documents = 0;
    int64_t sourceBytes = 0;
    double valFraction = 0.1;
    std::vector<std::string> sourceFiles;
    std::string tokensSha256;
    double createdAt = 0;

    std::string tokensPath() const { return dir + "/tokens.bin"; }
    int64_t valTokens() const { return totalTokens - trainTokens; }
    nlohmann::json toJson() const;
    static DatasetInfo fromJson(const nlohmann::json& json, const std::string& origin);
};

struct PrepareOptions {
    std::vector<std::string> inputs; // files or folders (see expandInputPaths)
    std::string outputDir;
    double valFraction = 0.1;
    // Plain text: a blank line ends a document (short stories, articles), so that every
    // one starts after an end-of-text token, as an empty prompt does when generating.
    // Otherwise a plain-text file is one document. JSON Lines: one document per line.
    bool blankLineDocuments = false;
};

struct PrepareProgress {
    int64_t bytesDone = 0, bytesTotal = 0, tokens = 0;
    std::string currentFile;
};

// Tokenizes the inputs into outputDir. `progress` returning false cancels
// (lw::Error "cancelled"); nothing is left behind then.
DatasetInfo prepareTextDataset(const PrepareOptions& options, const tokenizer::Tokenizer& tokenizer,
                               const std::function<bool(const PrepareProgress&)>& progress = {});

// Reads dataset.json and checks that tokens.bin matches it (size; sha256 when `verify`).
DatasetInfo loadDataset(const std::string& dir, bool verify = false);

} // namespace lw::data

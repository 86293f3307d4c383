#include "core/data/dataset.h"

#include "core/data/text_source.h"
#include "core/data/token_file.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "core/util/sha256.h"

#include <chrono>
#include <filesystem>

namespace lw::data {

namespace fs = std::filesystem;

nlohmann::json DatasetInfo::toJson() const
{
    return {{"format", "llmwb-dataset"},       {"version", 1},
            {"tokenizer_path", tokenizerPath}, {"tokenizer_kind", tokenizerKind},
            {"vocab_size", vocabSize},         {"total_tokens", totalTokens},
            {"train_tokens", trainTokens},     {"val_tokens", valTokens()},
            {"documents", documents},          {"source_bytes", sourceBytes},
            {"val_fraction", valFraction},     {"source_files", sourceFiles},
            {"tokens_sha256", tokensSha256},   {"created_at", createdAt}};
}

DatasetInfo DatasetInfo::fromJson(const nlohmann::json& j, const std::string& origin)
{
    DatasetInfo d;
    try {
        if (j.value("format", "") != "llmwb-dataset")
            throw Error::inFile(origin, "not a dataset description (format field)");
        d.tokenizerPath = j.at("tokenizer_path").get<std::string>();
        d.tokenizerKind = j.at("tokenizer_kind").get<std::string>();
        d.vocabSize = j.at("vocab_size").get<int64_t>();
        d.totalTokens = j.at("total_tokens").get<int64_t>();
        d.trainTokens = j.at("train_tokens").get<int64_t>();
        d.documents = j.at("documents").get<int64_t>();
        d.sourceBytes = j.at("source_bytes").get<int64_t>();
        d.valFraction = j.at("val_fraction").get<double>();
        d.sourceFiles = j.at("source_files").get<std::vector<std::string>>();
        d.tokensSha256 = j.at("tokens_sha256").get<std::string>();
        d.createdAt = j.at("created_at").get<double>();
    } catch (const nlohmann::json::exception& e) {
        throw Error::inFile(origin, std::string("invalid dataset description: ") + e.what());
    }
    if (d.trainTokens < 0 || d.trainTokens > d.totalTokens)
        throw Error::inFile(origin, "invalid dataset description: train_tokens out of range");
    return d;
}

DatasetInfo prepareTextDataset(const PrepareOptions& options, const tokenizer::Tokenizer& tokenizer,
                               const std::function<bool(const PrepareProgress&)>& progress)
{
    if (!(options.valFraction >= 0.0 && options.valFraction < 1.0))
        throw Error::inField("val_fraction", "must be in [0, 1)");
    DatasetInfo info;
    info.dir = options.outputDir;
    info.sourceFiles = expandInputPaths(options.inputs);
    info.tokenizerPath = tokenizer.sourcePath();
    info.tokenizerKind = tokenizer.kind();
    info.vocabSize = tokenizer.vocabSize();
    info.valFraction = options.valFraction;

    PrepareProgress report;
    for (const auto& f : info.sourceFiles)
        report.bytesTotal += int64_t(fs::file_size(f));
    info.sourceBytes = report.bytesTotal;

    fs::create_directories(options.outputDir);
    const std::string tokensPath = info.tokensPath();
    TokenFileWriter writer(tokensPath, uint64_t(info.vocabSize));
    const auto eos = tokenizer.eosId();
    bool cancelled = false;
    for (const auto& file : info.sourceFiles) {
        report.currentFile = file;
        // Documents are separated by an end-of-text token, so after one the model learns
        // how documents begin: the context an empty prompt gives it when it generates.
        // (None before the first document: token counts match GPT-2's for one text.)
        auto startDocument = [&] {
            if (eos && writer.count() > 0)
                writer.append(&*eos, 1);
            ++info.documents;
        };
        bool ok = forEachTextChunk(file, [&](const TextChunk& chunk) {
            if (chunk.documentStart)
                startDocument();
            // Special-token text inside user data is data, not a control token.
            if (options.blankLineDocuments && !isJsonLinesFile(file))
                forEachParagraph(chunk.text, chunk.documentStart, [&](std::string_view paragraph, bool startsDocument) {
                    if (startsDocument)
                        startDocument();
                    writer.append(tokenizer.encode(paragraph, false));
                });
            else
                writer.append(tokenizer.encode(chunk.text, false));
            report.bytesDone += int64_t(chunk.text.size());
            report.tokens = int64_t(writer.count());
            return !progress || progress(report);
        });
        if (!ok) {
            cancelled = true;
            break;
        }
    }
    if (cancelled)
        throw Error("dataset preparation cancelled");
    if (writer.count() == 0)
        throw Error("the inputs produced no tokens");
    info.totalTokens = int64_t(writer.count());
    info.trainTokens = int64_t(double(info.totalTokens) * (1.0 - options.valFraction));
    writer.commit();
    info.tokensSha256 = util::sha256FileHex(tokensPath);
    info.createdAt = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    util::writeJsonFileAtomic(options.outputDir + "/dataset.json", info.toJson());
    return info;
}

DatasetInfo loadDataset(const std::string& dir, bool verify)
{
    const std::string metaPath = dir + "/dataset.json";
    if (!fs::exists(metaPath))
        throw Error(dir + ": not a prepared dataset (no dataset.json); run `llmwb data prepare` first");
    DatasetInfo info = DatasetInfo::fromJson(util::readJsonFile(metaPath), metaPath);
    info.dir = dir;
    TokenFile tokens(info.tokensPath());
    if (int64_t(tokens.count()) != info.totalTokens)
        throw Error::inFile(info.tokensPath(), "holds " + std::to_string(tokens.count()) + " tokens but dataset.json says " +
                                                   std::to_string(info.totalTokens));
    if (verify && util::sha256FileHex(info.tokensPath()) != info.tokensSha256)
        throw Error::inFile(info.tokensPath(), "checksum mismatch: the token file was changed or damaged");
    return info;
}

} // namespace lw::data

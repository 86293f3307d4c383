#include "core/shape/dataset_export.h"

#include "core/data/dataset.h"
#include "core/data/token_file.h"
#include "core/records/record_file.h"
#include "core/shape/packed_sequence_file.h"
#include "core/shape/record_rows.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "core/util/json_io.h"
#include "core/util/sha256.h"

#include <filesystem>

namespace lw::shape {

namespace fs = std::filesystem;

namespace {

// Runs `sink` on every record (of one split, when asked), reporting progress.
void forEachRow(const records::DatasetVersion& version, const ExportProgressCallback& progress,
                const std::function<void(records::Record&, int64_t)>& sink,
                std::optional<records::Split> split = {})
{
    std::vector<records::Split> splits;
    if (split) {
        splits = records::loadSplits(version);
        if (splits.empty())
            throw Error("--split: dataset '" + version.name + "' has no splits yet (make them with `llmwb data split`)");
    }
    ExportProgress report;
    records::forEachRecord(
        version.recordsPath(),
        [&](records::Record& record, int64_t row) {
            if (split && splits[static_cast<size_t>(row)] != *split)
                return true;
            sink(record, row);
            ++report.rows;
            return true;
        },
        [&](int64_t done, int64_t total) {
            report.bytesDone = done;
            report.bytesTotal = total;
            if (progress)
                progress(report);
        });
}

records::RecordKind kindOf(const records::DatasetVersion& version)
{
    for (auto kind : {records::RecordKind::Text, records::RecordKind::Chat, records::RecordKind::Preference,
                      records::RecordKind::Choice})
        if (records::recordKindName(kind) == version.kind)
            return kind;
    throw Error::inFile(version.manifestPath(), "unknown record kind '" + version.kind + "'");
}

void checkKind(const records::Record& record, records::RecordKind kind, const records::DatasetVersion& version)
{
    if (record.kind != kind)
        throw Error::inFile(record.source.file, "a " + std::string(records::recordKindName(record.kind)) +
                                                    " record in a dataset of " + version.kind + " records",
                            record.source.line);
}

nlohmann::json shapeManifest(const records::DatasetVersion& version, const TrainingRenderer& renderer,
                             const ExportResult& result)
{
    const auto& t = renderer.chatTemplate();
    return {{"format", "llmwb-shape"},
            {"version", 1},
            {"dataset", version.name},
            {"records_sha256", version.recordsSha256},
            {"kind", result.format},
            {"files", result.files},
            {"rows", result.rows},
            {"tokens", result.tokens},
            {"template", t ? t->toJson() : nlohmann::json()},
            {"tokenizer_path", renderer.tokenizer().sourcePath()},
            {"tokenizer_kind", renderer.tokenizer().kind()},
            {"vocab_size", renderer.tokenizer().vocabSize()},
            {"loss", lossModeName(renderer.options().loss)},
            {"context", renderer.options().context},
            {"answer_end", answerEndJson(renderer.answerEnd())},
            {"checks", result.checks.toJson()},
            {"created_at", records::nowSeconds()}};
}

ExportResult exportPretraining(const records::DatasetVersion& version, const TrainingRenderer& shaped,
                               const std::string& outputDir, double valFraction, const ExportProgressCallback& progress,
                               std::optional<records::Split> split)
{
    if (!(valFraction >= 0.0 && valFraction < 1.0))
        throw Error::inField("val_fraction", "must be in [0, 1)");
    const tokenizer::Tokenizer& tok = shaped.tokenizer();
    // Documents are never cut: training samples windows of the stream.
    ShapeOptions whole = shaped.options();
    whole.context = 0;
    const TrainingRenderer renderer(shaped.chatTemplate(), tok, whole);
    ShapeChecker checker(renderer);
    data::DatasetInfo info;
    info.dir = outputDir;
    info.tokenizerPath = tok.sourcePath();
    info.tokenizerKind = tok.kind();
    info.vocabSize = tok.vocabSize();
    info.valFraction = valFraction;
    info.sourceFiles = {version.recordsPath()};
    data::TokenFileWriter writer(info.tokensPath(), uint64_t(info.vocabSize));
    forEachRow(version, progress, [&](records::Record& record, int64_t) {
        checkKind(record, records::RecordKind::Text, version);
        ShapedRecord r = renderer.render(record);
        checker.add(r);
        writer.append(r.sequences.front().ids);
        info.sourceBytes += int64_t(record.text.size());
        ++info.documents;
    }, split);
    if (writer.count() == 0)
        throw Error::inFile(version.recordsPath(), "the dataset produced no tokens");
    info.totalTokens = int64_t(writer.count());
    info.trainTokens = int64_t(double(info.totalTokens) * (1.0 - valFraction));
    writer.commit();
    info.tokensSha256 = util::sha256FileHex(info.tokensPath());
    info.createdAt = records::nowSeconds();
    util::writeJsonFileAtomic(outputDir + "/dataset.json", info.toJson());
    ExportResult result;
    result.format = "pretraining";
    result.rows = info.documents;
    result.tokens = info.totalTokens;
    result.trainTokens = info.trainTokens;
    result.files = {info.tokensPath(), outputDir + "/dataset.json"};
    result.checks = checker.counts();
    util::writeJsonFileAtomic(outputDir + "/shape.json", shapeManifest(version, renderer, result));
    result.files.push_back(outputDir + "/shape.json");
    return result;
}

ExportResult exportPacked(const records::DatasetVersion& version, records::RecordKind kind,
                          const TrainingRenderer& renderer, const std::string& outputDir,
                          const ExportProgressCallback& progress, std::optional<records::Split> split)
{
    const bool preference = kind == records::RecordKind::Preference;
    const std::string path = outputDir + (preference ? "/preference.bin" : "/sft.bin");
    const auto& eos = renderer.answerEnd().eosId;
    PackedSequenceWriter writer(path, preference ? PackedKind::Preference : PackedKind::Sft,
                                uint64_t(renderer.tokenizer().vocabSize()), eos ? *eos : -1,
                                uint32_t(std::min<int64_t>(renderer.options().context, UINT32_MAX)));
    ShapeChecker checker(renderer);
    forEachRow(version, progress, [&](records::Record& record, int64_t row) {
        checkKind(record, kind, version);
        ShapedRecord r = renderer.render(record);
        checker.add(r);
        std::vector<const std::vector<int32_t>*> ids;
        std::vector<const std::vector<uint8_t>*> loss;
        for (const auto& s : r.sequences) {
            ids.push_back(&s.ids);
            loss.push_back(&s.loss);
        }
        writer.addRow(uint64_t(row), ids, loss);
    }, split);
    ExportResult result;
    result.format = preference ? "preference" : "sft";
    result.rows = int64_t(writer.rows());
    result.tokens = int64_t(writer.tokens());
    writer.commit();
    result.files = {path};
    result.checks = checker.counts();
    util::writeJsonFileAtomic(outputDir + "/shape.json", shapeManifest(version, renderer, result));
    result.files.push_back(outputDir + "/shape.json");
    return result;
}

} // namespace

ExportResult exportJsonl(const records::DatasetVersion& version, records::Layout layout, const std::string& outputPath,
                         const ExportProgressCallback& progress, std::optional<records::Split> split)
{
    if (const auto parent = fs::path(outputPath).parent_path(); !parent.empty())
        fs::create_directories(parent);
    util::AtomicFileWriter out(outputPath);
    ExportResult result;
    result.format = "jsonl";
    std::string line;
    forEachRow(version, progress, [&](records::Record& record, int64_t) {
        line = recordToRow(record, layout).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        line += '\n';
        out.write(line);
        ++result.rows;
    }, split);
    out.commit();
    result.files = {outputPath};
    return result;
}

ExportResult exportTokens(const records::DatasetVersion& version, const TrainingRenderer& renderer,
                          const std::string& outputDir, double valFraction, const ExportProgressCallback& progress,
                          std::optional<records::Split> split)
{
    fs::create_directories(outputDir);
    const records::RecordKind kind = kindOf(version);
    if (kind == records::RecordKind::Text)
        return exportPretraining(version, renderer, outputDir, valFraction, progress, split);
    return exportPacked(version, kind, renderer, outputDir, progress, split);
}

} // namespace lw::shape

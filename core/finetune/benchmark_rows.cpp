#include "core/finetune/benchmark_rows.h"

#include "core/records/layout.h"
#include "core/records/source_rows.h"
#include "core/shape/packed_sequence_file.h"
#include "core/shape/training_renderer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/util/error.h"

#include <random>

namespace lw::finetune {

namespace {

using Ids = std::vector<int32_t>;
using Flags = std::vector<uint8_t>;

void addRow(shape::PackedSequenceWriter& writer, BenchmarkRowsSummary& summary, const std::vector<const Ids*>& ids,
            const std::vector<const Flags*>& loss)
{
    writer.addRow(uint64_t(summary.rows), ids, loss);
    summary.rows += 1;
    summary.sequences += int64_t(ids.size());
    for (const Ids* s : ids)
        summary.tokens += int64_t(s->size());
}

BenchmarkRowsSummary writeRandomRows(const BenchmarkRowSource& s, bool preference, int64_t context, int64_t vocab,
                                     uint64_t seed, const std::string& path)
{
    const int64_t longest = s.maxLength > 0 ? s.maxLength : context + 1;
    const int64_t shortest = s.minLength > 0 ? s.minLength : longest;
    if (shortest < 2 || shortest > longest || longest > context + 1)
        throw Error::inField("rows.length", "must satisfy 2 <= min <= max <= context + 1 (" + std::to_string(context + 1) +
                                                "), got " + std::to_string(shortest) + ".." + std::to_string(longest));
    if (s.count < 1)
        throw Error::inField("rows.count", "must be at least 1");
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int64_t> lengthOf(shortest, longest);
    std::uniform_int_distribution<int32_t> tokenOf(0, int32_t(vocab - 1));
    shape::PackedSequenceWriter writer(path, preference ? shape::PackedKind::Preference : shape::PackedKind::Sft,
                                       uint64_t(vocab), -1, uint32_t(context + 1));
    BenchmarkRowsSummary summary;
    auto answerOf = [&](const Ids& prompt, int64_t length, Ids& ids, Flags& loss) {
        ids = prompt;
        loss.assign(prompt.size(), 0);
        while (int64_t(ids.size()) < length) {
            ids.push_back(tokenOf(rng));
            loss.push_back(1);
        }
    };
    for (int64_t r = 0; r < s.count; ++r) {
        const int64_t length = lengthOf(rng);
        Ids prompt(size_t(length / 2));
        for (auto& id : prompt)
            id = tokenOf(rng);
        Ids chosen, rejected;
        Flags chosenLoss, rejectedLoss;
        answerOf(prompt, length, chosen, chosenLoss);
        if (preference) {
            answerOf(prompt, length, rejected, rejectedLoss);
            addRow(writer, summary, {&chosen, &rejected}, {&chosenLoss, &rejectedLoss});
        } else {
            addRow(writer, summary, {&chosen}, {&chosenLoss});
        }
    }
    writer.commit();
    return summary;
}

BenchmarkRowsSummary writeRecordRows(const BenchmarkRowSource& s, bool preference, int64_t context, int64_t vocab,
                                     const std::string& path)
{
    if (s.tokenizerPath.empty())
        throw Error::inField("tokenizer", "is needed to render the records of " + s.recordsFile);
    const auto tokenizer = tokenizer::loadTokenizer(s.tokenizerPath);
    if (tokenizer->vocabSize() > vocab)
        throw Error::inField("tokenizer", s.tokenizerPath + " has " + std::to_string(tokenizer->vocabSize()) +
                                              " tokens, more than the model's " + std::to_string(vocab));
    shape::ShapeOptions options;
    options.context = context + 1;
    const shape::TrainingRenderer renderer(generate::builtinChatTemplate(s.templateName), *tokenizer, options);
    const auto eos = tokenizer->eosId();
    shape::PackedSequenceWriter writer(path, preference ? shape::PackedKind::Preference : shape::PackedKind::Sft,
                                       uint64_t(tokenizer->vocabSize()), eos ? int64_t(*eos) : -1,
                                       uint32_t(context + 1));
    BenchmarkRowsSummary summary;
    int64_t recordsRead = 0;
    records::SourceRowHandlers handlers;
    handlers.row = [&](nlohmann::json& row, int64_t line) {
        const auto layout = records::detectLayout(row);
        if (!layout)
            throw Error::inFile(s.recordsFile, "no known layout in fields " + records::describeFields(row), line);
        records::RowProblem problem;
        const auto record = records::rowToRecord(row, *layout, problem);
        if (!record)
            throw Error::inFile(s.recordsFile, "field '" + problem.field + "': " + problem.reason, line);
        const shape::ShapedRecord shaped = renderer.render(*record);
        const bool isPair = shaped.sequences.size() == 2;
        if (preference && !isPair)
            throw Error::inFile(s.recordsFile, "preference objectives need chosen/rejected pairs", line);
        for (const auto& q : shaped.sequences) {
            summary.truncated += q.truncated ? 1 : 0;
            if (q.ids.size() < 2)
                throw Error::inFile(s.recordsFile, "renders to fewer than 2 tokens", line);
        }
        if (preference)
            addRow(writer, summary, {&shaped.sequences[0].ids, &shaped.sequences[1].ids},
                   {&shaped.sequences[0].loss, &shaped.sequences[1].loss});
        else
            for (const auto& q : shaped.sequences)
                addRow(writer, summary, {&q.ids}, {&q.loss});
        ++recordsRead;
        return s.maxRecords <= 0 || recordsRead < s.maxRecords;
    };
    handlers.malformed = [&](int64_t line, const std::string& field, const std::string& reason) -> bool {
        throw Error::inFile(s.recordsFile, (field.empty() ? "" : field + ": ") + reason, line);
    };
    records::forEachSourceRow(s.recordsFile, {}, handlers);
    if (summary.rows == 0)
        throw Error::inFile(s.recordsFile, "holds no records");
    writer.commit();
    return summary;
}

} // namespace

BenchmarkRowsSummary writeBenchmarkRows(const BenchmarkRowSource& source, bool preference, int64_t context,
                                        int64_t vocab, uint64_t seed, const std::string& path)
{
    if (context < 1)
        throw Error::inField("context", "must be at least 1");
    if (!source.packedFile.empty()) {
        const shape::PackedSequenceFile file(source.packedFile);
        if (file.header().kind != (preference ? shape::PackedKind::Preference : shape::PackedKind::Sft))
            throw Error::inFile(source.packedFile, std::string("holds ") +
                                                       std::string(shape::packedKindName(file.header().kind)) +
                                                       " rows, not the objective's");
        return {int64_t(file.rows()), int64_t(file.sequences()), int64_t(file.header().tokens), 0};
    }
    return source.recordsFile.empty() ? writeRandomRows(source, preference, context, vocab, seed, path)
                                      : writeRecordRows(source, preference, context, vocab, path);
}

} // namespace lw::finetune

// Packed sequence files for fine-tuning (core/shape/packed_sequence_file.h). Option
// byte, bit 0 picks the input:
//   0: the file itself. One that opens holds what its header says: rows times the
//      sequences a row has, each sequence's tokens and loss flags of its length, ids
//      below the vocabulary size, flags 0 or 1, lengths adding up to the token count,
//      row indexes that increase; asking past the last row or sequence is refused.
//   1: rows the harness writes with PackedSequenceWriter from the input's bytes (bit 1:
//      preference, two sequences per row): the file reads back as exactly those rows.
#include "core/shape/packed_sequence_file.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

#include <vector>

namespace {

using lw::fuzz::invariantBroken;
using lw::shape::PackedKind;

template <typename Call>
void expectRefusal(Call call, const char* what)
{
    try {
        call();
    } catch (const lw::Error&) {
        return;
    }
    invariantBroken(std::string("no refusal for ") + what);
}

void fuzzFile(std::string_view input)
{
    const std::string path = lw::fuzz::writeScratchFile("train.seq", input);
    const lw::shape::PackedSequenceFile file(path);
    const auto& header = file.header();
    if (header.sequences != header.rows * file.sequencesPerRow())
        invariantBroken("the sequence count does not fit the row count");
    uint64_t tokens = 0;
    for (uint64_t s = 0; s < file.sequences(); ++s) {
        const std::vector<int32_t> ids = file.tokens(s);
        const std::vector<uint8_t> loss = file.loss(s);
        if (ids.size() != file.length(s) || loss.size() != ids.size())
            invariantBroken("a sequence's tokens, flags and length disagree");
        for (size_t i = 0; i < ids.size(); ++i)
            if (ids[i] < 0 || uint64_t(ids[i]) >= header.vocabSize || loss[i] > 1)
                invariantBroken("a token outside the vocabulary or a flag that is not 0 or 1");
        tokens += ids.size();
    }
    if (tokens != header.tokens)
        invariantBroken("the sequences do not add up to the token count");
    for (uint64_t r = 1; r < file.rows(); ++r)
        if (file.rowIndex(r) <= file.rowIndex(r - 1))
            invariantBroken("row indexes that do not increase");
    expectRefusal([&] { (void)file.tokens(file.sequences()); }, "a sequence past the last");
    expectRefusal([&] { (void)file.rowIndex(file.rows()); }, "a row past the last");
}

struct Row {
    uint64_t index = 0;
    std::vector<std::vector<int32_t>> ids;
    std::vector<std::vector<uint8_t>> loss;
};

void fuzzWrittenRows(std::string_view input, bool preference)
{
    const uint64_t vocabSize = 1 + uint64_t(lw::fuzz::takeOptionByte(input)) * 997;
    const size_t perRow = preference ? 2 : 1;
    std::vector<Row> rows;
    uint64_t index = 0;
    // Each byte adds a token (its value times a prime, within the vocabulary, with the
    // low bit as its loss flag); a 0xFF byte ends the sequence, and the row when full.
    Row row;
    row.ids.resize(perRow);
    row.loss.resize(perRow);
    size_t sequence = 0;
    for (unsigned char byte : input) {
        if (byte == 0xFF) {
            if (++sequence == perRow) {
                index += 1 + (rows.size() % 3);
                row.index = index;
                rows.push_back(row);
                row = Row{};
                row.ids.resize(perRow);
                row.loss.resize(perRow);
                sequence = 0;
            }
            continue;
        }
        row.ids[sequence].push_back(int32_t((uint64_t(byte) * 7919) % vocabSize));
        row.loss[sequence].push_back(byte & 1);
    }
    const std::string path = lw::fuzz::scratchFolder() + "/written.seq";
    lw::shape::PackedSequenceWriter writer(path, preference ? PackedKind::Preference : PackedKind::Sft, vocabSize,
                                           int64_t(vocabSize) - 1, 32);
    for (const Row& r : rows) {
        std::vector<const std::vector<int32_t>*> ids;
        std::vector<const std::vector<uint8_t>*> loss;
        for (size_t s = 0; s < perRow; ++s) {
            ids.push_back(&r.ids[s]);
            loss.push_back(&r.loss[s]);
        }
        writer.addRow(r.index, ids, loss);
    }
    writer.commit();
    try {
        const lw::shape::PackedSequenceFile file(path);
        if (file.rows() != rows.size() || file.header().vocabSize != vocabSize ||
            file.header().eosId != int64_t(vocabSize) - 1)
            invariantBroken("the header read back differs from the one written");
        for (size_t r = 0; r < rows.size(); ++r) {
            if (file.rowIndex(r) != rows[r].index)
                invariantBroken("a row index read back differs");
            for (size_t s = 0; s < perRow; ++s)
                if (file.tokens(r * perRow + s) != rows[r].ids[s] || file.loss(r * perRow + s) != rows[r].loss[s])
                    invariantBroken("a sequence read back differs from the one written");
        }
    } catch (const lw::Error& e) {
        invariantBroken(std::string("a file written by PackedSequenceWriter was refused: ") + e.what());
    }
}

void fuzzPackedSequence(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    if (options & 1)
        fuzzWrittenRows(input, options & 2);
    else
        fuzzFile(input);
}

} // namespace

LW_FUZZ_HARNESS(packed_sequence, fuzzPackedSequence)

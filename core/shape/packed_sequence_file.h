#pragma once
// Packed token files for fine-tuning: token sequences with a loss flag per token, back
// to back (no padding), one file per dataset export. Two kinds share the format:
//   sft         one sequence per row (chat and multiple-choice records)
//   preference  two sequences per row: prompt + chosen, then prompt + rejected
//
// Layout (all integers little-endian):
//   header, 64 bytes:
//     0  magic "LWSEQ\0\0" (7 bytes) and format version byte (1)
//     8  u32 kind (1 = sft, 2 = preference)
//    12  u32 context length the rows were cut to (0: no limit)
//    16  u64 row count R
//    24  u64 sequence count S (R for sft, 2R for preference)
//    32  u64 token count N
//    40  u64 vocabulary size V (every token id is below it)
//    48  u64 end-of-sequence id + 1 (0: the tokenizer has none)
//    56  8 reserved bytes, zero
//   u64 sequence offsets[S + 1]: sequence i is tokens [offsets[i], offsets[i+1]);
//       offsets[0] = 0, non-decreasing, offsets[S] = N
//   u64 row index[R]: the row's index in records.jsonl (from 0), increasing
//   u32 tokens[N]
//   u8  loss[N]: 1 when the token receives loss, else 0
// The file is exactly that long. The reader checks every count against the file size
// before using it, every offset, every id and every flag, and names the file and the
// byte offset of what is wrong.
#include "core/util/atomic_file.h"
#include "core/util/mapped_file.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lw::shape {

enum class PackedKind : uint32_t { Sft = 1, Preference = 2 };

inline constexpr uint64_t kPackedHeaderBytes = 64;
inline constexpr uint8_t kPackedFormatVersion = 1;

std::string_view packedKindName(PackedKind kind); // "sft", "preference"

struct PackedHeader {
    PackedKind kind = PackedKind::Sft;
    uint32_t context = 0;
    uint64_t rows = 0, sequences = 0, tokens = 0, vocabSize = 0;
    int64_t eosId = -1; // -1: none
};

// Writes rows as they come (tokens and flags go to two anonymous temporary files), then
// the file in one pass at commit, atomically. Memory: 16 bytes per sequence.
class PackedSequenceWriter {
public:
    PackedSequenceWriter(std::string path, PackedKind kind, uint64_t vocabSize, int64_t eosId, uint32_t context);
    ~PackedSequenceWriter();
    // One row: one sequence (sft) or two (preference). lw::Error for a wrong count, a
    // length mismatch or an id outside the vocabulary.
    void addRow(uint64_t rowIndex, const std::vector<const std::vector<int32_t>*>& ids,
                const std::vector<const std::vector<uint8_t>*>& loss);
    uint64_t rows() const { return m_rowIndex.size(); }
    uint64_t tokens() const { return m_offsets.back(); }
    void commit();

private:
    std::string m_path;
    PackedHeader m_header;
    std::vector<uint64_t> m_offsets{0};
    std::vector<uint64_t> m_rowIndex;
    struct Spool;
    std::unique_ptr<Spool> m_tokens, m_loss; // parts joined at commit
};

class PackedSequenceFile {
public:
    explicit PackedSequenceFile(const std::string& path); // validates all of it
    const std::string& path() const { return m_file.path(); }
    const PackedHeader& header() const { return m_header; }
    uint64_t rows() const { return m_header.rows; }
    uint64_t sequences() const { return m_header.sequences; }
    uint64_t sequencesPerRow() const { return m_header.kind == PackedKind::Preference ? 2 : 1; }

    uint64_t rowIndex(uint64_t row) const;
    // Sequence `s` (for preference: row r's chosen is 2r, its rejected 2r + 1).
    std::vector<int32_t> tokens(uint64_t sequence) const;
    std::vector<uint8_t> loss(uint64_t sequence) const;
    uint64_t length(uint64_t sequence) const;

private:
    uint64_t offset(uint64_t index) const;
    uint64_t begin(uint64_t sequence) const;

    util::MappedFile m_file;
    PackedHeader m_header;
    const uint8_t* m_offsets = nullptr;
    const uint8_t* m_rowIndex = nullptr;
    const uint8_t* m_tokens = nullptr;
    const uint8_t* m_loss = nullptr;
};

} // namespace lw::shape

#pragma once
// The rows a fine-tuning benchmark trains on, written as a packed sequence file
// (core/shape/packed_sequence_file.h) so that the benchmark reads them through the same
// batcher as a real fine-tune:
//   random   token ids drawn uniformly, lengths uniform in [minLength, maxLength]; loss
//            on the second half of each row (the "answer"); preference rows share that
//            prompt and get two random answers
//   records  a JSON or JSON Lines file of records (alpaca, messages, preference, ...)
//            rendered through a tokenizer and a chat template, as the shaping step does
//   packed   an existing packed sequence file (a dataset shaped for a fine-tune), as is
// For the SFT objective a preference record gives two rows, chosen then rejected, so
// that SFT and DPO can be timed on the same sequences.
#include <cstdint>
#include <string>

namespace lw::finetune {

struct BenchmarkRowSource {
    int64_t count = 256;   // random rows
    int64_t minLength = 0; // tokens per row; 0: context + 1
    int64_t maxLength = 0; // 0: context + 1
    std::string recordsFile;  // when set, rows come from this file instead
    std::string tokenizerPath;
    std::string templateName = "alpaca";
    int64_t maxRecords = 0;   // the file's first records only; 0: all
    std::string packedFile; // when set, the rows of this file are used as they are
};

struct BenchmarkRowsSummary {
    int64_t rows = 0;      // rows of the file (pairs count once)
    int64_t sequences = 0;
    int64_t tokens = 0;
    int64_t truncated = 0; // records cut to the context
};

// Writes the rows to `path` (a packed source is only read and counted: `path` is left
// alone and the packed file is where the rows are). `context`: inputs per example (rows are cut to context + 1
// tokens). `vocab`: the model's vocabulary (random ids stay below it; a tokenizer with
// more tokens is an lw::Error). lw::Error naming the file and line of a record that
// does not render, or the field of a bad setting.
BenchmarkRowsSummary writeBenchmarkRows(const BenchmarkRowSource& source, bool preference, int64_t context,
                                        int64_t vocab, uint64_t seed, const std::string& path);

} // namespace lw::finetune

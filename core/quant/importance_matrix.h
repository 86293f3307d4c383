#pragma once
// An importance matrix as llama-imatrix computes it: for every weight matrix (by name),
// the sum over calibration tokens of x_j^2 for each input column j of the activations
// the matrix multiplies, and the number of tokens. llama-quantize hands the per-column
// mean, sum / tokens, to the quantizer (gguf::quantizeWeighted), so that columns fed by
// large activations are rounded more carefully.
//
// Files: llama.cpp's two imatrix layouts. The legacy binary one (.dat): i32 entry count;
// per entry i32 name length, the name, i32 ncall, i32 value count, the values as f32
// (each sum / tokens * ncall, ncall the number of chunks); then optionally i32 chunk
// count and i32 length plus the dataset name. The GGUF one: general.type "imatrix",
// imatrix.datasets, imatrix.chunk_count, imatrix.chunk_size, and per entry the F32
// tensors "<name>.in_sum2" (the sums) and "<name>.counts" (the token count).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lw::quant {

struct ImportanceEntry {
    std::vector<float> sumSquares; // per input column; float sums, as llama-imatrix keeps them
    int64_t tokens = 0;
};

class ImportanceMatrix {
public:
    // Adds `tokens` rows of `columns` activations (row-major) that multiplied matrix
    // `name`; sums run token by token in float, as llama-imatrix adds them. lw::Error
    // naming the matrix when `columns` differs from earlier calls or a sum stops being
    // finite.
    void accumulate(const std::string& name, const float* activations, int64_t tokens, int64_t columns);

    const std::map<std::string, ImportanceEntry>& entries() const { return m_entries; }
    const ImportanceEntry* find(const std::string& name) const; // nullptr when absent
    // Replaces or adds an entry as read from elsewhere.
    void set(const std::string& name, ImportanceEntry entry);

    // The importance llama-quantize passes for `name`: sumSquares / tokens per column, or
    // all ones when no token was seen. Empty when the matrix has no entry.
    std::vector<float> importance(const std::string& name) const;

    // Calibration provenance stored in the files.
    std::vector<std::string> datasets;
    int32_t chunkCount = 0; // chunks of chunkSize tokens processed
    int32_t chunkSize = 512;

    // Reads either layout (GGUF when the file starts with the GGUF magic). lw::Error
    // naming the file and the byte offset (legacy) or tensor (GGUF) of anything malformed.
    static ImportanceMatrix read(const std::string& path);
    static ImportanceMatrix readLegacy(const std::string& path);
    static ImportanceMatrix readGguf(const std::string& path);
    // Reading a legacy file gives each entry the stored values as sumSquares and ncall as
    // tokens, so importance() is llama-quantize's values / ncall (an ncall of 0 reads as
    // 1: llama-quantize then takes the values as they are).
    //
    // Writing is atomic and as llama-imatrix does it: names sorted; the legacy file
    // leaves out entries without tokens, stores sum / tokens * ncall with ncall =
    // ceil(tokens / chunkSize), and keeps only the last dataset name.
    void writeLegacy(const std::string& path) const;
    void writeGguf(const std::string& path) const;

private:
    std::map<std::string, ImportanceEntry> m_entries;
};

} // namespace lw::quant

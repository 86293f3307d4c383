#pragma once
// A model's matrices as a GGUF file stores them, kept in their format for the decode
// kernels (no float copy), and our own extension for the two formats ggml has no type
// for.
//
// The extension. A file whose string key "llmwb.quantization" is "int8" or "nf4" (the
// method that made it; the key is written for every method, see core/quant) stores
// each quantized matrix <t> (a GGUF name such as "blk.0.attn_q.weight", rows x cols in
// our terms, dims [cols, rows]) as ggml type I8 tensors:
//   int8: <t>              I8  [cols, rows]   q, one byte per weight; weight = scale[row] * q
//         <t>.scale        F32 [rows]         scale = max |w| / 127 of the row
//   nf4:  <t>              I8  [cols/2, rows] two NF4 codes per byte, first weight of a
//                                             pair in the high nibble (core/quant/nf4.h)
//         <t>.absmax       I8  [rows*cols/64] absmax codes, one per 64 weights
//         <t>.absmax_scale F32 [ceil(rows*cols/64/256)]
//         <t>.absmax_mean  F32 [1]
// with absmax = absmax_mean + absmax * absmax_scale[i / 256] for block i, as nf4.h
// defines it. llama.cpp cannot load such files; exporting them for it is refused.
// "llmwb.quantization.source" and "llmwb.quantization.settings" (a JSON object as a
// string) say what the file was quantized from and how.
#include "core/gguf/gguf_file.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lw::gguf_model {

inline constexpr const char* kQuantizationKey = "llmwb.quantization";
inline constexpr const char* kQuantizationSourceKey = "llmwb.quantization.source";
inline constexpr const char* kQuantizationSettingsKey = "llmwb.quantization.settings";
inline constexpr const char* kInt8ScaleSuffix = ".scale";
inline constexpr const char* kNf4AbsmaxSuffix = ".absmax";
inline constexpr const char* kNf4AbsmaxScaleSuffix = ".absmax_scale";
inline constexpr const char* kNf4AbsmaxMeanSuffix = ".absmax_mean";

enum class StoredLayout { Ggml, Int8Rows, Nf4 };

// One matrix as stored: rows of `rowBytes()` bytes at `data` (into the file's map, or
// into a buffer of the GgufStoredMatrices that made it).
struct StoredMatrix {
    StoredLayout layout = StoredLayout::Ggml;
    gguf::GgmlType type = gguf::GgmlType::F32; // Ggml: the tensor's type
    int64_t rows = 0, cols = 0;
    const uint8_t* data = nullptr;
    std::vector<float> scales; // Int8Rows: one per row; Nf4: the decoded absmax of each 64 weights

    int64_t rowBytes() const;
    int64_t bytes() const; // data and scales
};

// The extension method of `file` ("int8", "nf4"), or "" when its I8 tensors are not ours.
std::string extensionMethod(const gguf::GgufFile& file);

// Reads tensor `name` of `file` as a rows x cols matrix, checking its type, dims and
// (for the extension) its companion tensors, whose names are added to `companions`.
// lw::Error naming the file and tensor otherwise.
StoredMatrix readStoredMatrix(const gguf::GgufFile& file, const std::string& name, int64_t rows, int64_t cols,
                              std::vector<std::string>* companions = nullptr);

// The matrix as floats, row-major (ggml's dequantization for the block formats).
std::vector<float> storedMatrixValues(const StoredMatrix& matrix);

// Every matrix of a GGUF model (the 2-D weights: projections, embeddings, output), by
// our parameter name, each as one or more row ranges (q, k and v are three tensors of
// our one qkv matrix, possibly of different types), rows in our order (q and k rows
// of a llama file reordered, as copies). Holds the file's map open.
class GgufStoredMatrices {
public:
    struct Slice {
        int64_t rowStart = 0;
        StoredMatrix matrix;
    };

    // The file's matrices; nullptr when none is stored quantized (all f32, f16, bf16:
    // the float model is then the better source), unless `keepBf16` and some are bf16
    // (read by the decoder's bf16 kernels from the file, with no float copy of them).
    // lw::Error as readStoredMatrix.
    static std::shared_ptr<const GgufStoredMatrices> open(const std::string& path, bool keepBf16 = false);

    const std::string& path() const { return m_file->path(); }
    const std::string& method() const { return m_method; } // llmwb.quantization, or "" when absent
    // The slices of our parameter `name` ("layers.0.attention.wqkv.weight"); nullptr when
    // the file holds no such matrix.
    const std::vector<Slice>* find(const std::string& name) const;
    // Our parameter names of every matrix held.
    std::vector<std::string> names() const;
    // Bytes of every matrix (data and scales).
    int64_t bytes() const { return m_bytes; }

private:
    std::shared_ptr<gguf::GgufFile> m_file;
    std::string m_method;
    std::map<std::string, std::vector<Slice>> m_matrices;
    std::vector<std::vector<uint8_t>> m_reordered; // rows of permuted tensors, in our order
    int64_t m_bytes = 0;
};

} // namespace lw::gguf_model

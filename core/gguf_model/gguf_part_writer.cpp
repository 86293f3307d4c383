#include "core/gguf_model/gguf_part_writer.h"

#include "core/gguf/ggml_convert.h"
#include "core/util/error.h"

#include <ATen/Parallel.h>
#include <algorithm>

namespace lw::gguf_model {

namespace {

gguf::GgmlType storedAs(const torch::Tensor& t, const GgufTensorPart& part)
{
    switch (t.scalar_type()) {
    case torch::kFloat: return gguf::GgmlType::F32;
    case torch::kHalf: return gguf::GgmlType::F16;
    case torch::kBFloat16: return gguf::GgmlType::BF16;
    default:
        throw Error("gguf export: '" + part.ours + "' is " + std::string(c10::toString(t.scalar_type())) +
                    ", expected float32, float16 or bfloat16");
    }
}

// Whether the file's bytes are the tensor's own: the same type, rows in order, and no
// value that the conversion would change (checked on the CPU's threads).
bool writtenAsStored(const torch::Tensor& t, gguf::GgmlType source, gguf::GgmlType type, const GgufTensorPart& part)
{
    if (source != type || part.permuteHeads > 0)
        return false;
    const auto* bytes = static_cast<const uint8_t*>(t.data_ptr());
    const int64_t elementBytes = int64_t(t.element_size());
    return at::parallel_reduce(
               int64_t(0), t.numel(), int64_t(1) << 18, 1,
               [&](int64_t begin, int64_t end, int unchanged) {
                   return unchanged &&
                          gguf::convertsToItself(type, bytes + begin * elementBytes, uint64_t(end - begin));
               },
               [](int a, int b) { return a && b; }) != 0;
}

// The tensor's bytes handed to the file writer as they are, in chunks that share the
// tensor (kept alive until the last is written), so write-back and the queue's bound see
// chunks, not one write of the whole tensor.
void writeStored(gguf::GgufTensorSink& sink, const torch::Tensor& t)
{
    const auto owner = std::make_shared<const torch::Tensor>(t);
    const auto* bytes = static_cast<const uint8_t*>(t.data_ptr());
    const uint64_t size = uint64_t(t.numel()) * t.element_size();
    for (uint64_t offset = 0; offset < size; offset += kChunkBytes)
        sink.write(owner, bytes + offset, std::min<uint64_t>(kChunkBytes, size - offset));
}

} // namespace

void writeGgufPart(gguf::GgufTensorSink& sink, const torch::Tensor& parameter, const GgufTensorPart& part,
                   gguf::GgmlType type)
{
    torch::NoGradGuard noGrad;
    torch::Tensor t = parameter.detach();
    if (part.rows >= 0)
        t = t.narrow(0, part.rowStart, part.rows);
    t = t.to(torch::kCPU).contiguous();
    const gguf::GgmlType source = storedAs(t, part);
    // A bias is rows of one value (its rows may be permuted too).
    const int64_t rows = t.dim() == 0 ? 1 : t.size(0), cols = t.numel() / std::max<int64_t>(rows, 1);
    const gguf::GgmlTypeInfo& info = gguf::ggmlTypeInfo(type);
    if (cols % int64_t(info.blockSize) != 0)
        throw Error("gguf export: '" + part.gguf + "' has rows of " + std::to_string(cols) +
                    " values, not whole blocks of " + std::to_string(info.blockSize));
    uint64_t rowBytes = 0;
    gguf::ggmlByteSize(type, uint64_t(cols), rowBytes);
    const auto* in = static_cast<const uint8_t*>(t.data_ptr());
    const uint64_t inRowBytes = uint64_t(cols) * t.element_size();
    const bool direct = gguf::isPlainFloat(type);
    if (writtenAsStored(t, source, type, part)) {
        writeStored(sink, t);
        return;
    }
    const int64_t chunkRows = std::max<int64_t>(1, int64_t(kChunkBytes / std::max<uint64_t>(rowBytes, 1)));
    const int64_t grain = std::max<int64_t>(1, (int64_t(1) << 16) / std::max<int64_t>(cols, 1));
    for (int64_t first = 0; first < rows; first += chunkRows) {
        const int64_t last = std::min(rows, first + chunkRows);
        util::ByteBuffer out = sink.buffer(uint64_t(last - first) * rowBytes);
        at::parallel_for(first, last, grain, [&](int64_t begin, int64_t end) {
            std::vector<float> widened(direct ? 0 : size_t(cols)); // a row's blocks never cross rows
            for (int64_t r = begin; r < end; ++r) {
                const int64_t from = part.permuteHeads > 0 ? rotaryRowSource(r, part.permuteHeads, rows, true) : r;
                uint8_t* to = out.data() + uint64_t(r - first) * rowBytes;
                if (direct) {
                    gguf::convertFloats(source, in + uint64_t(from) * inRowBytes, type, to, uint64_t(cols));
                } else {
                    gguf::convertFloats(source, in + uint64_t(from) * inRowBytes, gguf::GgmlType::F32,
                                        widened.data(), uint64_t(cols));
                    gguf::quantize(type, widened.data(), to, uint64_t(cols));
                }
            }
        });
        sink.write(std::move(out));
    }
}

} // namespace lw::gguf_model

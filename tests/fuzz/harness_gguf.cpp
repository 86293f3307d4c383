// GGUF files (core/gguf/gguf_file.h): the header, every metadata value, the tensor infos
// and the data section. Every tensor must be the file's own bytes, convert to float when
// its type allows, and write back (core/gguf/gguf_writer.h) to a file that reads the same.
// F32 tensors also go through every quantizer and back: their values are whatever the
// input holds (NaN, infinities, huge numbers), which the quantizers must survive.
#include "core/gguf/gguf_file.h"
#include "core/gguf/gguf_writer.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

namespace {

using lw::fuzz::invariantBroken;
using namespace lw::gguf;

std::string_view bytesOf(const GgufTensorInfo& t)
{
    return {reinterpret_cast<const char*>(t.data), t.byteSize};
}

// The writer refuses names llama.cpp would refuse; the reader is more lenient.
bool writable(const GgufFile& file)
{
    for (const GgufTensorInfo& t : file.tensors())
        if (t.name.empty() || t.name.size() > 63)
            return false;
    return true;
}

void quantizeAndBack(const GgufFile& file, const GgufTensorInfo& t)
{
    if (t.type != GgmlType::F32 || t.elementCount % 32 != 0)
        return;
    const std::vector<float> values = file.dequantizeTensor(t);
    for (GgmlType type : {GgmlType::F16, GgmlType::BF16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q4_1,
                          GgmlType::Q5_0, GgmlType::Q5_1}) {
        uint64_t bytes = 0;
        if (!ggmlByteSize(type, values.size(), bytes))
            invariantBroken("an F32 tensor of whole blocks has no size as " + ggmlTypeName(uint32_t(type)));
        std::vector<uint8_t> blocks(bytes);
        quantize(type, values.data(), blocks.data(), values.size());
        std::vector<float> back(values.size());
        dequantize(type, blocks.data(), back.data(), back.size());
    }
}

void fuzzGguf(std::string_view input)
{
    const std::string path = lw::fuzz::writeScratchFile("input.gguf", input);
    const GgufFile file(path);
    for (const GgufTensorInfo& t : file.tensors()) {
        if (bytesOf(t) != input.substr(file.dataOffset() + t.offset, t.byteSize))
            invariantBroken("tensor '" + t.name + "' does not hold the file's bytes");
        if (ggmlTypeInfo(t.type).dequantizable && file.dequantizeTensor(t).size() != t.elementCount)
            invariantBroken("tensor '" + t.name + "' converts to the wrong number of values");
        quantizeAndBack(file, t);
    }
    if (!writable(file))
        return;

    const std::string copyPath = lw::fuzz::scratchFolder() + "/copy.gguf";
    GgufWriter::copyOf(file).write(copyPath);
    const GgufFile copy(copyPath);
    if (copy.version() != file.version() || copy.alignment() != file.alignment() ||
        copy.metadata().size() != file.metadata().size() || copy.tensors().size() != file.tensors().size())
        invariantBroken("a written copy does not read back the same");
    for (size_t i = 0; i < file.metadata().size(); ++i)
        if (copy.metadata()[i].key != file.metadata()[i].key || copy.metadata()[i].value != file.metadata()[i].value)
            invariantBroken("key '" + file.metadata()[i].key + "' changed in a written copy");
    for (size_t i = 0; i < file.tensors().size(); ++i) {
        const GgufTensorInfo &a = file.tensors()[i], &b = copy.tensors()[i];
        if (a.name != b.name || a.dims != b.dims || a.type != b.type || bytesOf(a) != bytesOf(b))
            invariantBroken("tensor '" + a.name + "' changed in a written copy");
    }
}

} // namespace

LW_FUZZ_HARNESS(gguf, fuzzGguf)

#include "core/io/mapped_tensor_view.h"

#include "core/util/error.h"
#include "core/util/mapped_file.h"

namespace lw::io {

void requireTensorInMap(const util::MappedFile& file, const SafetensorsHeader& header, const SafetensorsEntry& entry)
{
    // The header was validated against the file size when it was read, but `file` is a
    // map of its own: a file truncated or replaced since is caught here, not read past.
    if (header.dataOffset + entry.end > uint64_t(file.size()))
        throw Error::inFile(file.path(), "tensor data ends at byte " + std::to_string(header.dataOffset + entry.end) +
                                             ", past the end of the file (" + std::to_string(file.size()) +
                                             " bytes): it changed after its header was read");
}

torch::Tensor viewMappedTensor(const std::shared_ptr<const util::MappedFile>& file, const SafetensorsHeader& header,
                               const SafetensorsEntry& entry)
{
    requireTensorInMap(*file, header, entry);
    const size_t begin = size_t(header.dataOffset + entry.begin), end = size_t(header.dataOffset + entry.end);
    const uint8_t* bytes = file->data() + begin;
    const size_t elementSize = c10::elementSize(entry.dtype);
    if (begin == end || reinterpret_cast<uintptr_t>(bytes) % elementSize != 0)
        return readMappedTensor(*file, header, entry);
    return torch::from_blob(
        const_cast<uint8_t*>(bytes), entry.shape,
        [file, begin, end](void*) { file->dropPages(begin, end); },
        torch::TensorOptions().dtype(entry.dtype));
}

} // namespace lw::io

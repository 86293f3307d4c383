#pragma once
// One tensor of a memory-mapped safetensors file without copying it out of the map: an
// export that writes a model's weights as they are (or converts them) then reads each
// byte once, from the page cache, instead of first copying it into fresh memory that the
// kernel must zero.
#include "core/io/safetensors.h"

#include <memory>
#include <torch/torch.h>

namespace lw::util {
class MappedFile;
}

namespace lw::io {

// lw::Error naming the file when `entry`'s bytes end past the end of the map (the file
// changed after its header was read); readMappedTensor checks the same.
void requireTensorInMap(const util::MappedFile& file, const SafetensorsHeader& header, const SafetensorsEntry& entry);

// The tensor as a read-only view of `file`'s map when its bytes are aligned for its
// dtype, a copy (readMappedTensor) when they are not; CPU, its stored dtype. The view
// keeps the file mapped while it lives and, once released, drops its pages from the
// process (they stay in the page cache). It must never be written to: the map is
// read-only. lw::Error naming the file when the tensor's range is past its end.
torch::Tensor viewMappedTensor(const std::shared_ptr<const util::MappedFile>& file, const SafetensorsHeader& header,
                               const SafetensorsEntry& entry);

} // namespace lw::io

#pragma once
// Decompresses one page's bytes with the column chunk's codec. The size the page header
// declares is untrusted: output grows only as the stream really produces it, never past
// the declared size, and must end exactly there. Unsupported codecs are refused by name.
#include "core/parquet/byte_buffer.h"

#include <cstddef>
#include <cstdint>

namespace lw::parquet {

// The most a single page may decompress to; bigger pages come from hostile or broken files.
inline constexpr size_t kMaxPageBytes = size_t(1) << 30;

bool codecSupported(int32_t codec);

// Replaces `out` with the decompressed bytes; throws FormatError.
void decompressPage(int32_t codec, const uint8_t* data, size_t size, size_t declaredSize, ByteBuffer& out);

} // namespace lw::parquet

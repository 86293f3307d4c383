#include "core/parquet/page_decompress.h"

#include "core/parquet/format_error.h"
#include "core/parquet/parquet_metadata.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <memory>
#include <string>

namespace lw::parquet {

namespace {

// Snappy's densest element, a 3-byte copy of 64 bytes, expands about 21 times; a larger
// declared size is a lie that must not become an allocation.
constexpr size_t kSnappyMaxExpansion = 32;

std::string sizeMismatch(const char* codec, size_t declared, const std::string& actual)
{
    return std::string(codec) + " data decompresses to " + actual + " bytes, but the page header declares " +
           std::to_string(declared);
}

// The first output buffer is sized from the input, not the header; it doubles as the
// stream proves it needs more, up to one byte past the declared size (a stream that
// fills that byte is longer than declared).
size_t firstOutputSize(size_t inputSize, size_t declared)
{
    return std::min(declared + 1, std::max<size_t>(size_t(64) << 10, inputSize * 4));
}

// False when the output already holds one byte more than declared.
bool growOutput(ByteBuffer& out, size_t declared)
{
    if (out.size() > declared)
        return false;
    out.resize(std::min(declared + 1, out.size() * 2));
    return true;
}

void inflateGzip(const uint8_t* data, size_t size, size_t declared, ByteBuffer& out)
{
    z_stream z{};
    if (inflateInit2(&z, 15 + 32) != Z_OK) // 15 + 32: gzip or zlib header, detected
        throw FormatError("zlib could not start");
    const std::unique_ptr<z_stream, int (*)(z_streamp)> guard(&z, inflateEnd);
    out.resize(firstOutputSize(size, declared));
    z.next_in = const_cast<Bytef*>(data);
    z.avail_in = uInt(std::min<size_t>(size, UINT32_MAX));
    size_t produced = 0;
    for (;;) {
        z.next_out = out.data() + produced;
        z.avail_out = uInt(std::min<size_t>(out.size() - produced, UINT32_MAX));
        const size_t before = z.avail_out;
        const int rc = inflate(&z, Z_NO_FLUSH);
        produced += before - z.avail_out;
        if (rc == Z_STREAM_END)
            break;
        if (rc != Z_OK && rc != Z_BUF_ERROR)
            throw FormatError(std::string("gzip data is corrupt: ") + (z.msg ? z.msg : "inflate failed"));
        if (z.avail_out == 0) {
            if (!growOutput(out, declared))
                throw FormatError(sizeMismatch("gzip", declared, "more than " + std::to_string(declared)));
        } else if (z.avail_in == 0) {
            throw FormatError("gzip data ends before its stream does");
        }
    }
    if (produced != declared)
        throw FormatError(sizeMismatch("gzip", declared, std::to_string(produced)));
    out.resize(produced);
}

void decompressZstd(const uint8_t* data, size_t size, size_t declared, ByteBuffer& out)
{
    const unsigned long long frameSize = ZSTD_getFrameContentSize(data, size);
    if (frameSize == ZSTD_CONTENTSIZE_ERROR)
        throw FormatError("zstd data is corrupt: no valid frame header");
    if (frameSize != ZSTD_CONTENTSIZE_UNKNOWN && frameSize != declared)
        throw FormatError(sizeMismatch("zstd", declared, std::to_string(frameSize)));
    const std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
    if (!ctx)
        throw FormatError("zstd could not start");
    out.resize(firstOutputSize(size, declared));
    ZSTD_inBuffer in{data, size, 0};
    size_t produced = 0;
    for (;;) {
        ZSTD_outBuffer o{out.data(), out.size(), produced};
        const size_t rc = ZSTD_decompressStream(ctx.get(), &o, &in);
        produced = o.pos;
        if (ZSTD_isError(rc))
            throw FormatError(std::string("zstd data is corrupt: ") + ZSTD_getErrorName(rc));
        if (rc == 0 && in.pos == in.size)
            break; // every frame finished, input used up
        if (o.pos == o.size) {
            if (!growOutput(out, declared))
                throw FormatError(sizeMismatch("zstd", declared, "more than " + std::to_string(declared)));
        } else if (in.pos == in.size) {
            throw FormatError("zstd data ends before its frame does");
        }
    }
    if (produced != declared)
        throw FormatError(sizeMismatch("zstd", declared, std::to_string(produced)));
    out.resize(produced);
}

void decompressSnappy(const uint8_t* data, size_t size, size_t declared, ByteBuffer& out)
{
    const char* src = reinterpret_cast<const char*>(data);
    size_t length = 0;
    if (!snappy::GetUncompressedLength(src, size, &length))
        throw FormatError("Snappy data is corrupt: no valid length header");
    if (length != declared)
        throw FormatError(sizeMismatch("Snappy", declared, std::to_string(length)));
    if (length > size * kSnappyMaxExpansion + 64)
        throw FormatError("Snappy data of " + std::to_string(size) + " bytes cannot decompress to the " +
                          std::to_string(length) + " bytes it declares");
    out.resize(length);
    if (!snappy::RawUncompress(src, size, reinterpret_cast<char*>(out.data())))
        throw FormatError("Snappy data is corrupt");
}

} // namespace

bool codecSupported(int32_t codec)
{
    switch (Codec(codec)) {
    case Codec::Uncompressed:
    case Codec::Snappy:
    case Codec::Gzip:
    case Codec::Zstd:
        return true;
    default:
        return false;
    }
}

void decompressPage(int32_t codec, const uint8_t* data, size_t size, size_t declaredSize, ByteBuffer& out)
{
    if (declaredSize > kMaxPageBytes)
        throw FormatError("page declares " + std::to_string(declaredSize) + " bytes decompressed, more than the " +
                          std::to_string(kMaxPageBytes) + " a page may hold");
    switch (Codec(codec)) {
    case Codec::Uncompressed:
        if (size != declaredSize)
            throw FormatError("uncompressed page holds " + std::to_string(size) + " bytes, but its header declares " +
                              std::to_string(declaredSize));
        out.assign(data, size);
        return;
    case Codec::Snappy: return decompressSnappy(data, size, declaredSize, out);
    case Codec::Gzip: return inflateGzip(data, size, declaredSize, out);
    case Codec::Zstd: return decompressZstd(data, size, declaredSize, out);
    default:
        throw FormatError("compression " + codecName(codec) +
                          " is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD)");
    }
}

} // namespace lw::parquet

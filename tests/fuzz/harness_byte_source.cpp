// The .gz and .zst sources of the record importer (core/records/byte_source.h), read
// through buffers of exactly the capacity asked for (so that a write past it is an
// AddressSanitizer report). The option byte picks the codec (bit 0: zstd, else gzip),
// what the input is (bit 1: content the harness compresses itself, one member or frame
// per part, else the compressed file itself) and the capacity of the small reads
// (bits 2-7: 1 to 64 bytes). Invariants: no read returns more than its capacity; the
// file bytes consumed only grow and never pass the file's size; small and large reads
// of one file give the same bytes, or both fail; a file the harness compressed reads
// back as exactly the parts it was made from.
#include "core/records/byte_source.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

#include <optional>
#include <vector>
#include <zlib.h>
#include <zstd.h>

namespace {

using lw::fuzz::invariantBroken;

// A decompression bomb is refused by no limit of the source; reading stops here instead.
constexpr size_t kMaxContentBytes = size_t(256) << 10;

struct ReadResult {
    std::string content;
    bool complete = false;             // reached the end (not stopped at kMaxContentBytes)
    std::optional<lw::Error> failure;  // the source refused the file
};

ReadResult readAll(const std::string& path, size_t capacity)
{
    ReadResult result;
    const int64_t fileBytes = lw::records::fileSize(path);
    std::vector<char> buffer(capacity);
    int64_t consumed = 0;
    try {
        const auto source = lw::records::openByteSource(path);
        while (result.content.size() < kMaxContentBytes) {
            const size_t n = source->read(buffer.data(), buffer.size());
            if (n > capacity)
                invariantBroken("a read returned more bytes than its capacity");
            if (source->fileBytesRead() < consumed || source->fileBytesRead() > fileBytes)
                invariantBroken("the file bytes read went back or past the file's size");
            consumed = source->fileBytesRead();
            if (n == 0) {
                result.complete = true;
                break;
            }
            result.content.append(buffer.data(), n);
        }
    } catch (const lw::Error& e) {
        result.failure = e;
    }
    return result;
}

std::string gzipMember(std::string_view content)
{
    z_stream z{};
    if (deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        invariantBroken("zlib cannot start compressing");
    std::string out(deflateBound(&z, uLong(content.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(content.data()));
    z.avail_in = uInt(content.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = uInt(out.size());
    const int rc = deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END)
        invariantBroken("zlib did not finish a member");
    return out;
}

std::string zstdFrame(std::string_view content)
{
    std::string out(ZSTD_compressBound(content.size()), '\0');
    const size_t n = ZSTD_compress(out.data(), out.size(), content.data(), content.size(), 1);
    if (ZSTD_isError(n))
        invariantBroken(std::string("zstd cannot compress: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

std::string prefixOf(const std::string& a, size_t n)
{
    return a.substr(0, std::min(n, a.size()));
}

void fuzzByteSource(std::string_view input)
{
    const unsigned char options = lw::fuzz::takeOptionByte(input);
    const bool zstd = options & 1;
    const bool roundTrip = options & 2;
    const size_t smallCapacity = 1 + (options >> 2);
    const std::string name = zstd ? "input.jsonl.zst" : "input.jsonl.gz";

    std::string file(input), expected;
    if (roundTrip) {
        file.clear();
        for (std::string_view part : lw::fuzz::splitParts(input, 3)) {
            file += zstd ? zstdFrame(part) : gzipMember(part);
            expected.append(part);
        }
    }
    const std::string path = lw::fuzz::writeScratchFile(name, file);
    const ReadResult small = readAll(path, smallCapacity);
    const ReadResult large = readAll(path, size_t(1) << 16);

    if (roundTrip) {
        for (const ReadResult* r : {&small, &large}) {
            if (r->failure)
                invariantBroken(std::string("a file compressed by the library itself was refused: ") + r->failure->what());
            if (r->content != prefixOf(expected, kMaxContentBytes) || (expected.size() < kMaxContentBytes && !r->complete))
                invariantBroken("the content read back differs from what was compressed");
        }
        return;
    }
    if (small.complete && large.complete && small.content != large.content)
        invariantBroken("small and large reads give different content");
    if ((small.failure && large.complete) || (large.failure && small.complete))
        invariantBroken("small reads and large reads disagree on whether the file is corrupt");
    const size_t common = std::min(small.content.size(), large.content.size());
    if (small.content.compare(0, common, large.content, 0, common) != 0)
        invariantBroken("small and large reads give different bytes");
    if (small.failure)
        throw *small.failure;
    if (large.failure)
        throw *large.failure;
}

} // namespace

LW_FUZZ_HARNESS(byte_source, fuzzByteSource)

#pragma once
// Builds small one-column Parquet files byte by byte, so that tests can put exactly the
// damage they want into a page header or a page: a dictionary index past the dictionary,
// a page longer than the file, a declared size no page could have. The Thrift compact
// encoding here is written from the format's description, apart from the reader's.
#include <cstdint>
#include <string>
#include <vector>

namespace lw::test {

struct TestPage {
    int32_t type = 0;             // 0 data page v1, 2 dictionary page
    std::string stored;           // the page's bytes as stored (compressed if the codec says so)
    int32_t uncompressedSize = 0; // as the header declares it
    int32_t numValues = 0;
    int32_t encoding = 0;         // of the values: 0 PLAIN, 8 RLE_DICTIONARY
    int32_t compressedSizeOverride = -1; // declared instead of stored.size() when >= 0
};

struct TestColumn {
    std::string name = "text";
    int32_t physicalType = 6; // BYTE_ARRAY
    bool optional = false;
    int32_t codec = 0;        // UNCOMPRESSED
};

// A whole file: PAR1, the pages of one column chunk, the footer, its length, PAR1.
std::string buildParquetFile(const TestColumn& column, const std::vector<TestPage>& pages, int64_t numRows);

// Plain encodings of values, for page bodies.
std::string plainStrings(const std::vector<std::string>& values);
// RLE_DICTIONARY page body: bit width, then one bit-packed run of the indices.
std::string dictionaryIndices(const std::vector<uint32_t>& indices, int bitWidth);

} // namespace lw::test

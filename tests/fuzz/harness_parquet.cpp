// Parquet files (core/parquet/parquet_reader.h): the footer, every page header, the
// levels, values and dictionaries, through every codec. A file that opens must stream
// rows that agree with its schema: rows numbered in order, one cell per column, cells of
// the column's type, no null in a required column, no more rows than the footer
// declares, and progress that only grows up to the file's size. Reads stop after a
// bounded number of rows: a tiny file may honestly declare billions of null rows.
#include "core/parquet/parquet_reader.h"
#include "core/util/error.h"
#include "fuzz_harness.h"

namespace {

using lw::fuzz::invariantBroken;

constexpr int64_t kMaxRowsRead = 20000;

void fuzzParquet(std::string_view input)
{
    const std::string path = lw::fuzz::writeScratchFile("input.parquet", input);
    const lw::parquet::ParquetReader reader(path);
    const auto& columns = reader.columns();
    if (columns.empty())
        invariantBroken("a file with no columns opened");
    int64_t next = 0;
    int64_t lastProgress = 0;
    const bool finished = reader.forEachRow(
        [&](int64_t row, const std::vector<lw::parquet::CellValue>& cells) {
            if (row != next++)
                invariantBroken("rows are not numbered in order");
            if (row >= reader.rowCount())
                invariantBroken("more rows than the footer declares");
            if (cells.size() != columns.size())
                invariantBroken("a row's width differs from the schema's");
            for (size_t c = 0; c < cells.size(); ++c) {
                if (cells[c].isNull) {
                    if (!columns[c].optional)
                        invariantBroken("a null in required column '" + columns[c].name + "'");
                } else if (cells[c].type != columns[c].type) {
                    invariantBroken("a cell of column '" + columns[c].name + "' has another type");
                }
            }
            return next < kMaxRowsRead;
        },
        [&](int64_t bytes) {
            if (bytes < lastProgress || bytes > reader.fileBytes())
                invariantBroken("progress went back or past the file's size");
            lastProgress = bytes;
        });
    if (finished && next != reader.rowCount())
        invariantBroken("a finished read streamed another number of rows than the footer declares");
}

} // namespace

LW_FUZZ_HARNESS(parquet, fuzzParquet)

#include "core/records/parquet_rows.h"

#include "core/parquet/parquet_reader.h"
#include "core/records/line_reader.h"

namespace lw::records {

bool forEachParquetRow(const std::string& path, const std::function<bool(nlohmann::json&, int64_t)>& row,
                       const std::function<bool(int64_t, const std::string&, const std::string&)>& malformed,
                       const std::function<void(int64_t)>& progress)
{
    parquet::ParquetReader reader(path);
    const auto& columns = reader.columns();
    return reader.forEachRow(
        [&](int64_t index, const std::vector<parquet::CellValue>& cells) {
            nlohmann::json fields = nlohmann::json::object();
            for (size_t c = 0; c < cells.size() && c < columns.size(); ++c) {
                const auto& cell = cells[c];
                nlohmann::json& value = fields[columns[c].name];
                if (cell.isNull)
                    continue; // stays null
                switch (cell.type) {
                case parquet::ColumnType::String:
                    if (!isValidUtf8(cell.text))
                        return malformed(index + 1, columns[c].name,
                                         "not valid UTF-8 (binary data, or text in a legacy encoding)");
                    value = std::string(cell.text);
                    break;
                case parquet::ColumnType::Boolean: value = cell.integer != 0; break;
                case parquet::ColumnType::Int32:
                case parquet::ColumnType::Int64: value = cell.integer; break;
                case parquet::ColumnType::Float:
                case parquet::ColumnType::Double: value = cell.real; break;
                }
            }
            return row(fields, index + 1);
        },
        progress);
}

} // namespace lw::records

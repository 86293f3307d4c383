#include "core/records/parquet_rows.h"

#include "core/util/error.h"

namespace lw::records {

bool forEachParquetRow(const std::string& path, const std::function<bool(nlohmann::json&, int64_t)>&,
                       const std::function<void(int64_t)>&)
{
    throw Error::inFile(path, "Parquet reading is not part of this build yet");
}

} // namespace lw::records

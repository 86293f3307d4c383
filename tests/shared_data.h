#pragma once
// Where the public data sets the tests read live (../shared/data, see SOURCES.md there);
// ctest passes the folder in LW_SHARED_DATA.
#include "test_paths.h"
#include <QByteArray>
#include <QtGlobal>

#include <string>

namespace lw::test {

inline std::string sharedDataPath(const std::string& relative)
{
    const QByteArray dir = qgetenv("LW_SHARED_DATA");
    const std::string base = dir.isEmpty() ? std::string(sourceDir()) + "/../shared/data" : dir.toStdString();
    return base + "/" + relative;
}

} // namespace lw::test

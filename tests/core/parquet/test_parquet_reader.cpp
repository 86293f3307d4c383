// Every fixture written by an independent writer (fixtures/make_fixtures.mjs: DuckDB for
// data pages v1, hyparquet-writer for v2) reads back equal to the rows that script
// generated, cell by cell; files it refuses name the file and the reason; a sink can
// stop the read; progress only grows and ends at the file's size.
#include "core/parquet/parquet_reader.h"
#include "core/util/atomic_file.h"
#include "core/util/error.h"
#include "test_paths.h"
#include "test_registry.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <algorithm>
#include <sstream>

using namespace lw;
using nlohmann::json;

namespace {

std::string fixturePath(const std::string& name)
{
    return std::string(lw::test::sourceDir()) + "/tests/core/parquet/fixtures/" + name;
}

json manifest()
{
    return json::parse(util::readFile(fixturePath("fixtures.json")));
}

std::vector<json> expectedRows(const std::string& dataset)
{
    std::vector<json> rows;
    std::istringstream lines(util::readFile(fixturePath(dataset + ".jsonl")));
    for (std::string line; std::getline(lines, line);)
        rows.push_back(json::parse(line));
    return rows;
}

parquet::ColumnType typeNamed(const std::string& name)
{
    for (auto t : {parquet::ColumnType::String, parquet::ColumnType::Int32, parquet::ColumnType::Int64,
                   parquet::ColumnType::Boolean, parquet::ColumnType::Float, parquet::ColumnType::Double})
        if (name == parquet::columnTypeName(t))
            return t;
    throw std::runtime_error("unknown type in fixtures.json: " + name);
}

// Empty when the cell holds the expected JSON value, else what differs.
std::string mismatch(const parquet::CellValue& cell, const json& expected, parquet::ColumnType type)
{
    if (expected.is_null())
        return cell.isNull ? "" : "expected null";
    if (cell.isNull)
        return "unexpected null, expected " + expected.dump();
    if (cell.type != type)
        return "cell type differs from the column's";
    switch (type) {
    case parquet::ColumnType::String:
        return cell.text == expected.get<std::string>() ? "" : "text '" + std::string(cell.text) + "'";
    case parquet::ColumnType::Int32:
        return cell.integer == expected.get<int64_t>() ? "" : "integer " + std::to_string(cell.integer);
    case parquet::ColumnType::Int64: // written as a decimal string: JSON numbers stop at 2^53
        return cell.integer == std::stoll(expected.get<std::string>()) ? "" : "integer " + std::to_string(cell.integer);
    case parquet::ColumnType::Boolean:
        return cell.integer == (expected.get<bool>() ? 1 : 0) ? "" : "boolean " + std::to_string(cell.integer);
    case parquet::ColumnType::Float:
    case parquet::ColumnType::Double:
        // Exact: the script wrote float values already rounded to 32 bits.
        return cell.real == expected.get<double>() ? "" : "real " + std::to_string(cell.real);
    }
    return "unknown type";
}

} // namespace

class TestParquetReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixtureReadsAsWritten_data();
    void fixtureReadsAsWritten();
    void unsupportedFileIsRefusedByName_data();
    void unsupportedFileIsRefusedByName();
    void sinkStopsTheRead();
    void instructionDatasetHasTheImporterShape();
};

void TestParquetReader::fixtureReadsAsWritten_data()
{
    QTest::addColumn<QString>("entry");
    for (const json& e : manifest())
        if (e.contains("dataset"))
            QTest::newRow(e["file"].get<std::string>().c_str()) << QString::fromStdString(e.dump());
}

void TestParquetReader::fixtureReadsAsWritten()
{
    QFETCH(QString, entry);
    const json e = json::parse(entry.toStdString());
    const std::string path = fixturePath(e["file"]);
    const std::vector<json> expected = expectedRows(e["dataset"]);

    const parquet::ParquetReader reader(path);
    const auto& columns = reader.columns();
    QCOMPARE(columns.size(), e["columns"].size());
    std::vector<parquet::ColumnType> types;
    for (size_t c = 0; c < columns.size(); ++c) {
        const json& want = e["columns"][c];
        QCOMPARE(columns[c].name, want["name"].get<std::string>());
        types.push_back(typeNamed(want["type"]));
        QCOMPARE(int(columns[c].type), int(types.back()));
        QCOMPARE(columns[c].optional, want["optional"].get<bool>());
    }
    QCOMPARE(reader.rowCount(), int64_t(expected.size()));
    QVERIFY(reader.rowGroupCount() >= e.value("minRowGroups", 1));

    int64_t seen = 0;
    std::vector<int64_t> progress;
    std::string firstMismatch;
    const bool finished = reader.forEachRow(
        [&](int64_t row, const std::vector<parquet::CellValue>& cells) {
            if (row != seen++ || cells.size() != columns.size()) {
                firstMismatch = "row " + std::to_string(row) + " out of order or of the wrong width";
                return false;
            }
            const json& want = expected.at(size_t(row));
            for (size_t c = 0; c < cells.size(); ++c) {
                const std::string diff = mismatch(cells[c], want.at(columns[c].name), types[c]);
                if (!diff.empty()) {
                    firstMismatch = "row " + std::to_string(row) + ", column '" + columns[c].name + "': " + diff;
                    return false;
                }
            }
            return true;
        },
        [&](int64_t bytes) { progress.push_back(bytes); });
    QVERIFY2(firstMismatch.empty(), firstMismatch.c_str());
    QVERIFY(finished);
    QCOMPARE(seen, int64_t(expected.size()));
    QVERIFY(!progress.empty());
    QVERIFY(std::is_sorted(progress.begin(), progress.end()));
    QCOMPARE(progress.back(), reader.fileBytes());
}

void TestParquetReader::unsupportedFileIsRefusedByName_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("reason");
    for (const json& e : manifest())
        if (e.contains("error"))
            QTest::newRow(e["file"].get<std::string>().c_str())
                << QString::fromStdString(e["file"]) << QString::fromStdString(e["error"]);
}

void TestParquetReader::unsupportedFileIsRefusedByName()
{
    QFETCH(QString, file);
    QFETCH(QString, reason);
    const std::string path = fixturePath(file.toStdString());
    std::string message;
    try {
        const parquet::ParquetReader reader(path);
        reader.forEachRow([](int64_t, const std::vector<parquet::CellValue>&) { return true; });
    } catch (const Error& e) {
        message = e.what();
    }
    QVERIFY2(message.rfind(path + ": ", 0) == 0, message.c_str());
    QVERIFY2(message.find(reason.toStdString()) != std::string::npos, message.c_str());
}

void TestParquetReader::sinkStopsTheRead()
{
    // Stops inside the second row group (DuckDB cuts them at 2,048 rows).
    const parquet::ParquetReader reader(fixturePath("duckdb_row_groups.parquet"));
    QVERIFY(reader.rowGroupCount() >= 3);
    const int64_t stopAt = 2100;
    int64_t calls = 0;
    int64_t lastRow = -1;
    const bool finished = reader.forEachRow([&](int64_t row, const std::vector<parquet::CellValue>&) {
        ++calls;
        lastRow = row;
        return row < stopAt;
    });
    QVERIFY(!finished);
    QCOMPARE(calls, stopAt + 1);
    QCOMPARE(lastRow, stopAt);
}

void TestParquetReader::instructionDatasetHasTheImporterShape()
{
    const parquet::ParquetReader reader(fixturePath("instructions.parquet"));
    std::vector<std::string> names;
    for (const auto& c : reader.columns())
        names.push_back(c.name);
    QCOMPARE(names, (std::vector<std::string>{"id", "instruction", "input", "output"}));
    QCOMPARE(int(reader.columns()[0].type), int(parquet::ColumnType::Int32));
    // The script's tasks: "Count the words." answers with the input's word count.
    int counted = 0;
    reader.forEachRow([&](int64_t, const std::vector<parquet::CellValue>& cells) {
        if (cells[1].text == "Count the words." && !cells[2].text.empty()) {
            const std::string input(cells[2].text);
            const auto words = 1 + std::count(input.begin(), input.end(), ' ');
            if (cells[3].text == std::to_string(words))
                ++counted;
        }
        return true;
    });
    // Rows i % 4 == 2 of 120 ask it: 30, and none of them has the empty input of i % 8 == 7.
    QCOMPARE(counted, 30);
}

LW_TEST_GUILESS_MAIN(TestParquetReader)
#include "test_parquet_reader.moc"

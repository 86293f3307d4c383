// Multiple-choice items from every layout (mmlu, hellaswag, arc) and file format (JSON
// Lines, CSV, Parquet), the public mmlu-redux files, and the errors of bad rows.
#include "choice_test_files.h"
#include "core/eval/choice_tasks.h"
#include "core/records/importer.h"
#include "core/records/record_file.h"
#include "core/util/error.h"
#include "shared_data.h"
#include "test_paths.h"
#include "test_registry.h"

#include <QProcess>
#include <QtTest>

using namespace lw;
using eval::ChoiceItem;
using eval::ChoiceLayout;

class TestChoiceTasks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mmluRowsInEveryForm();
    void mmluCsvWithListLiteral();
    void hellaswagRows();
    void arcRows();
    void parquetMatchesJsonLines_data();
    void parquetMatchesJsonLines();
    void mmluReduxLoadsWithItsGold_data();
    void mmluReduxLoadsWithItsGold();
    void badRowsNameLineAndField_data();
    void badRowsNameLineAndField();
    void layoutCanBeForced();
    void datasetVersionKeepsSubjects_data();
    void datasetVersionKeepsSubjects();
    void versionWithoutSubjectsStillLoads();

private:
    QTemporaryDir m_dir;
};

namespace {

std::string fixture(const std::string& name)
{
    return std::string(test::sourceDir()) + "/tests/core/eval/fixtures/" + name;
}

void compareItem(const ChoiceItem& item, const std::string& question, const std::vector<std::string>& choices,
                 int64_t answer, const std::string& subject)
{
    QCOMPARE(item.question, question);
    QCOMPARE(item.choices, choices);
    QCOMPARE(item.answer, answer);
    QCOMPARE(item.subject, subject);
}

std::string loadError(const std::string& path)
{
    try {
        eval::loadChoiceFile(path);
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

void TestChoiceTasks::mmluRowsInEveryForm()
{
    // The answer as an index, a letter, a digit string and the choice's text; choices as
    // a list and as A/B/C/D fields.
    const auto path = test::writeChoiceFile(m_dir, "quiz.jsonl",
        R"({"question": "Two plus two?", "choices": ["3", "4", "5", "6"], "answer": 1, "subject": "math"})" "\n"
        R"({"question": "Colour of snow?", "A": "red", "B": "blue", "C": "white", "D": "green", "answer": "C", "subject": "nature"})" "\n"
        R"({"question": "Largest?", "choices": ["ant", "whale"], "answer": "1", "subject": "nature"})" "\n"
        R"({"question": "Sound of a cat?", "choices": ["moo", "meow", "quack"], "answer": "meow"})" "\n");
    const auto task = eval::loadChoiceFile(path);
    QCOMPARE(task.layout, ChoiceLayout::Mmlu);
    QCOMPARE(task.items.size(), size_t(4));
    compareItem(task.items[0], "Two plus two?", {"3", "4", "5", "6"}, 1, "math");
    compareItem(task.items[1], "Colour of snow?", {"red", "blue", "white", "green"}, 2, "nature");
    compareItem(task.items[2], "Largest?", {"ant", "whale"}, 1, "nature");
    // No subject field: the file's name stands in.
    compareItem(task.items[3], "Sound of a cat?", {"moo", "meow", "quack"}, 1, "quiz");
    QCOMPARE(task.items[3].source.line, int64_t(4));
    QCOMPARE(task.items[3].source.file, path);
    QVERIFY(task.shotPool.empty());
}

void TestChoiceTasks::mmluCsvWithListLiteral()
{
    // choices as a Python list literal, items holding a comma and both quote kinds.
    const auto path = test::writeChoiceFile(m_dir, "mmlu_home_cooking.csv",
        "question,choices,answer\n"
        "\"Which pan, if any, suits an egg?\",\"['a wok, oiled', \"\"a skillet's base\"\", 'none']\",1\n"
        "Boiling point of water at sea level?,\"['90 C', '100 C']\",1\n");
    const auto task = eval::loadChoiceFile(path);
    QCOMPARE(task.layout, ChoiceLayout::Mmlu);
    QCOMPARE(task.items.size(), size_t(2));
    compareItem(task.items[0], "Which pan, if any, suits an egg?", {"a wok, oiled", "a skillet's base", "none"}, 1,
                "home_cooking");
    compareItem(task.items[1], "Boiling point of water at sea level?", {"90 C", "100 C"}, 1, "home_cooking");
    QCOMPARE(task.items[1].source.line, int64_t(3)); // the header is line 1
}

void TestChoiceTasks::hellaswagRows()
{
    // ctx = ctx_a + " " + ctx_b.capitalize() (the rest of ctx_b in lower case); a row
    // with ctx alone keeps it; the label as a string or a number.
    const auto path = test::writeChoiceFile(m_dir, "swag.jsonl",
        R"({"activity_label": "Washing a car", "ctx_a": "A man sprays the hood.", "ctx_b": "tHE MAN", "endings": ["dries it.", "eats it.", "sells it.", "hides it."], "label": "0"})" "\n"
        R"({"activity_label": "Rowing", "ctx": "Two women paddle a canoe.", "endings": ["they sink.", "they reach the shore."], "label": 1})" "\n");
    const auto task = eval::loadChoiceFile(path);
    QCOMPARE(task.layout, ChoiceLayout::HellaSwag);
    compareItem(task.items[0], "Washing a car: A man sprays the hood. The man",
                {"dries it.", "eats it.", "sells it.", "hides it."}, 0, "");
    compareItem(task.items[1], "Rowing: Two women paddle a canoe.", {"they sink.", "they reach the shore."}, 1, "");

    // The same in CSV, endings as JSON text.
    const auto csv = test::writeChoiceFile(m_dir, "swag.csv",
        "activity_label,ctx_a,ctx_b,endings,label\n"
        "Washing a car,A man sprays the hood.,tHE MAN,\"[\"\"dries it.\"\", \"\"eats it.\"\", \"\"sells it.\"\", \"\"hides it.\"\"]\",0\n");
    const auto fromCsv = eval::loadChoiceFile(csv);
    QCOMPARE(fromCsv.layout, ChoiceLayout::HellaSwag);
    compareItem(fromCsv.items[0], task.items[0].question, task.items[0].choices, 0, "");
}

void TestChoiceTasks::arcRows()
{
    // answerKey is one of the labels: letters or digits, in any order.
    const auto path = test::writeChoiceFile(m_dir, "arc.jsonl",
        R"({"id": "q1", "question": "What do bees make?", "choices": {"text": ["milk", "honey", "silk"], "label": ["A", "B", "C"]}, "answerKey": "B"})" "\n"
        R"({"id": "q2", "question": "Which is a liquid?", "choices": {"text": ["water", "stone", "wood", "glass"], "label": ["4", "3", "2", "1"]}, "answerKey": "4"})" "\n");
    const auto task = eval::loadChoiceFile(path);
    QCOMPARE(task.layout, ChoiceLayout::Arc);
    compareItem(task.items[0], "What do bees make?", {"milk", "honey", "silk"}, 1, "");
    compareItem(task.items[1], "Which is a liquid?", {"water", "stone", "wood", "glass"}, 0, "");

    const auto csv = test::writeChoiceFile(m_dir, "arc.csv",
        "question,choices,answerKey\n"
        "What do bees make?,\"{\"\"text\"\": [\"\"milk\"\", \"\"honey\"\", \"\"silk\"\"], \"\"label\"\": [\"\"A\"\", \"\"B\"\", \"\"C\"\"]}\",C\n");
    const auto fromCsv = eval::loadChoiceFile(csv);
    QCOMPARE(fromCsv.layout, ChoiceLayout::Arc);
    compareItem(fromCsv.items[0], "What do bees make?", {"milk", "honey", "silk"}, 2, "");
}

void TestChoiceTasks::parquetMatchesJsonLines_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("layout");
    QTest::newRow("mmlu") << "mmlu" << int(ChoiceLayout::Mmlu);
    QTest::newRow("hellaswag") << "hellaswag" << int(ChoiceLayout::HellaSwag);
    QTest::newRow("arc") << "arc" << int(ChoiceLayout::Arc);
}

void TestChoiceTasks::parquetMatchesJsonLines()
{
    // Written by DuckDB with the same rows as the .jsonl beside it (fixtures/make_choice_fixtures.mjs).
    QFETCH(QString, name);
    QFETCH(int, layout);
    const auto parquet = eval::loadChoiceFile(fixture(name.toStdString() + ".parquet"));
    const auto jsonl = eval::loadChoiceFile(fixture(name.toStdString() + ".jsonl"));
    QCOMPARE(int(parquet.layout), layout);
    QCOMPARE(int(jsonl.layout), layout);
    QCOMPARE(parquet.items.size(), jsonl.items.size());
    QVERIFY(parquet.items.size() >= 2);
    for (size_t i = 0; i < parquet.items.size(); ++i) {
        compareItem(parquet.items[i], jsonl.items[i].question, jsonl.items[i].choices, jsonl.items[i].answer,
                    jsonl.items[i].subject);
        QCOMPARE(parquet.items[i].source.line, int64_t(i + 1)); // the row number
    }
    // One value per layout read off the script's rows.
    if (name == "mmlu") {
        compareItem(parquet.items[2], "Which tissue carries water up a stem?", {"phloem", "cortex", "xylem", "pith"}, 2,
                    "plant_biology");
    } else if (name == "hellaswag") {
        QCOMPARE(parquet.items[0].question,
                 std::string("Painting a fence: A girl dips a wide brush into a can of white paint. She"));
        QCOMPARE(parquet.items[1].answer, int64_t(1));
    } else {
        QCOMPARE(parquet.items[1].choices, (std::vector<std::string>{"it melts", "it grows", "it turns to sand"}));
        QCOMPARE(parquet.items[1].answer, int64_t(0));
    }
}

void TestChoiceTasks::mmluReduxLoadsWithItsGold_data()
{
    QTest::addColumn<QString>("subject");
    QTest::newRow("abstract_algebra") << "abstract_algebra";
    QTest::newRow("high_school_physics") << "high_school_physics";
}

void TestChoiceTasks::mmluReduxLoadsWithItsGold()
{
    QFETCH(QString, subject);
    const std::string path = test::sharedDataPath("mmlu-redux/mmlu_" + subject.toStdString() + ".csv");
    const auto task = eval::loadChoiceFile(path);
    QCOMPARE(task.layout, ChoiceLayout::Mmlu);
    QCOMPARE(task.items.size(), size_t(100));
    // The reference: Python's csv module and ast.literal_eval, one JSON line per row.
    QProcess python;
    python.start("/usr/bin/python3",
                 {"-c", "import ast, csv, json, sys\n"
                        "for r in csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')):\n"
                        "    print(json.dumps([r['question'], ast.literal_eval(r['choices']), int(r['answer'])]))\n",
                  QString::fromStdString(path)});
    QVERIFY(python.waitForFinished(60000));
    QCOMPARE(python.exitCode(), 0);
    const auto lines = python.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), 100);
    for (size_t i = 0; i < 100; ++i) {
        const auto expected = nlohmann::json::parse(lines[int(i)].toStdString());
        compareItem(task.items[i], expected[0].get<std::string>(), expected[1].get<std::vector<std::string>>(),
                    expected[2].get<int64_t>(), subject.toStdString());
    }
}

void TestChoiceTasks::badRowsNameLineAndField_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expected");
    const QByteArray good = R"({"question": "q", "choices": ["a", "b"], "answer": 0})" "\n";
    QTest::newRow("answer out of range") << "range.jsonl"
        << good + R"({"question": "q", "choices": ["a", "b"], "answer": 2})" "\n" << ":2: field 'answer': 2 is not";
    QTest::newRow("letter out of range") << "letter.jsonl"
        << good + good + R"({"question": "q", "choices": ["a", "b"], "answer": "D"})" "\n" << ":3: field 'answer'";
    QTest::newRow("no question") << "noq.jsonl"
        << good + R"({"choices": ["a", "b"], "answer": 0})" "\n" << ":2: field 'question': missing";
    QTest::newRow("bad json") << "json.jsonl" << good + "{\"question\": \n" << ":2:";
    QTest::newRow("unclosed list literal") << "literal.csv"
        << QByteArray("question,choices,answer\nq,\"['a', 'b'\",0\n") << ":2: field 'choices'";
    QTest::newRow("hellaswag label") << "swag.jsonl"
        << QByteArray(R"({"ctx": "c", "endings": ["x", "y"], "label": "5"})" "\n") << ":1: field 'label': 5 is not";
    QTest::newRow("hellaswag ending") << "swag2.jsonl"
        << QByteArray(R"({"ctx": "c", "endings": ["x", 7, null], "label": "0"})" "\n") << ":1: field 'endings[2]'";
    QTest::newRow("arc key") << "arc.jsonl"
        << QByteArray(R"({"question": "q", "choices": {"text": ["x", "y"], "label": ["A", "B"]}, "answerKey": "E"})" "\n")
        << ":1: field 'answerKey': 'E' is not one of the labels A, B";
    QTest::newRow("no layout") << "none.jsonl" << QByteArray(R"({"prompt": "p"})" "\n") << ":1: no multiple-choice layout";
}

void TestChoiceTasks::badRowsNameLineAndField()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const std::string path = test::writeChoiceFile(m_dir, name, content);
    const std::string message = loadError(path);
    QVERIFY2(message.find(path + expected.toStdString()) == 0, message.c_str());
}

void TestChoiceTasks::layoutCanBeForced()
{
    // HellaSwag-looking rows read as arc are refused with the field arc needs.
    const auto path = test::writeChoiceFile(m_dir, "forced.jsonl",
        R"({"question": "Which?", "choices": ["x", "y"], "answer": 1})" "\n");
    eval::ChoiceLoadOptions generic;
    generic.layout = ChoiceLayout::Generic;
    const auto task = eval::loadChoiceFile(path, generic);
    QCOMPARE(task.layout, ChoiceLayout::Generic);
    compareItem(task.items[0], "Which?", {"x", "y"}, 1, "");
    eval::ChoiceLoadOptions arc;
    arc.layout = ChoiceLayout::Arc;
    try {
        eval::loadChoiceFile(path, arc);
        QFAIL("arc layout accepted a row without answerKey");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find(":1: field 'choices'") != std::string::npos, e.what());
    }
}


namespace {

records::DatasetVersion importChoiceFiles(const std::vector<std::string>& inputs, const std::string& outputDir)
{
    records::ImportOptions options;
    options.inputs = inputs;
    options.name = "mc";
    options.outputDir = outputDir;
    return records::importDataset(options).version;
}

} // namespace

void TestChoiceTasks::datasetVersionKeepsSubjects_data()
{
    QTest::addColumn<QStringList>("files");
    QTest::addColumn<QStringList>("subjects"); // every subject the items name, in order of first appearance
    QTest::newRow("jsonl subject field") << QStringList{QString::fromStdString(fixture("mmlu.jsonl"))}
                                         << QStringList{"plant_biology", "arithmetic"};
    QTest::newRow("parquet subject column") << QStringList{QString::fromStdString(fixture("mmlu.parquet"))}
                                            << QStringList{"plant_biology", "arithmetic"};
    QTest::newRow("mmlu-redux file names")
        << QStringList{QString::fromStdString(test::sharedDataPath("mmlu-redux/mmlu_abstract_algebra.csv")),
                       QString::fromStdString(test::sharedDataPath("mmlu-redux/mmlu_high_school_physics.csv"))}
        << QStringList{"abstract_algebra", "high_school_physics"};
}

void TestChoiceTasks::datasetVersionKeepsSubjects()
{
    // The items of a dataset version imported from the files are the items of the files,
    // subjects included, so `eval mc --data DATASET` breaks down as `--data FILE` does.
    QFETCH(QStringList, files);
    QFETCH(QStringList, subjects);
    QTemporaryDir dir;
    std::vector<std::string> inputs;
    std::vector<ChoiceItem> fromFiles;
    for (const QString& f : files) {
        inputs.push_back(f.toStdString());
        for (auto& item : eval::loadChoiceFile(f.toStdString()).items)
            fromFiles.push_back(std::move(item));
    }
    const auto version = importChoiceFiles(inputs, dir.filePath("version").toStdString());
    const auto fromDataset = eval::loadChoiceDataset(version);
    QCOMPARE(fromDataset.items.size(), fromFiles.size());
    QStringList seen;
    for (size_t i = 0; i < fromFiles.size(); ++i) {
        compareItem(fromDataset.items[i], fromFiles[i].question, fromFiles[i].choices, fromFiles[i].answer,
                    fromFiles[i].subject);
        const QString subject = QString::fromStdString(fromDataset.items[i].subject);
        if (!seen.contains(subject))
            seen << subject;
    }
    QCOMPARE(seen, subjects);
}

void TestChoiceTasks::versionWithoutSubjectsStillLoads()
{
    // A version written before records carried a subject: its choice rows simply lack the field.
    QTemporaryDir dir;
    auto version = importChoiceFiles({fixture("mmlu.jsonl")}, dir.filePath("version").toStdString());
    std::vector<nlohmann::json> rows;
    records::forEachRecord(version.recordsPath(), [&](records::Record& r, int64_t) {
        rows.push_back(records::recordToJson(r));
        return true;
    });
    for (auto& row : rows)
        QCOMPARE(row.erase("subject"), size_t(1));
    QFile file(QString::fromStdString(version.recordsPath()));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    for (const auto& row : rows)
        file.write(QByteArray::fromStdString(row.dump() + "\n"));
    file.close();
    const auto task = eval::loadChoiceDataset(version);
    QCOMPARE(task.items.size(), rows.size());
    for (const auto& item : task.items)
        QCOMPARE(item.subject, std::string());
    // A subject that is not text is named with its field and row.
    rows[1]["subject"] = 7;
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    for (const auto& row : rows)
        file.write(QByteArray::fromStdString(row.dump() + "\n"));
    file.close();
    try {
        eval::loadChoiceDataset(version);
        QFAIL("a numeric subject was accepted");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("field 'subject'") != std::string::npos, e.what());
        QVERIFY2(std::string(e.what()).find(":2") != std::string::npos, e.what());
    }
}

LW_TEST_GUILESS_MAIN(TestChoiceTasks)
#include "test_choice_tasks.moc"

// `llmwb data import | filter | split | stats | list | show | delete` as other tools use
// them: the JSON contracts, exit codes and messages that name file, line and field.
#include "cli_runner.h"
#include "test_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDir>
#include <QProcess>
#include <QTemporaryDir>

using namespace lw::test;

namespace {

QJsonObject lastJsonLine(const CliResult& r)
{
    const auto lines = r.out.trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last().toUtf8()).object();
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestCliData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importFilterSplitStatsAndDelete()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("p");
        auto imported = runCli({"data", "import", "--input", sharedData("llms-from-scratch/instruction-data.json"),
                                "--name", "alpaca", "--project", project, "--json"});
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.all()));
        auto summary = lastJsonLine(imported);
        QCOMPARE(summary["dataset"].toString(), QString("alpaca"));
        QCOMPARE(summary["layout"].toString(), QString("alpaca"));
        QCOMPARE(summary["rows"].toInt(), 1100);
        QCOMPARE(summary["rejected"].toInt(), 0);

        const QString recipe = dir.filePath("recipe.json");
        writeFile(recipe, R"([{"step": "instruction_sanity"}, {"step": "exact_dedup", "field": "prompt"},
                              {"step": "length", "unit": "words", "min": 2, "field": "answer"}])");
        auto filtered = runCli({"data", "filter", "--dataset", "alpaca", "--recipe", recipe, "--name", "alpaca-clean",
                                "--project", project, "--json"});
        QVERIFY2(filtered.exitCode == 0, qPrintable(filtered.all()));
        auto result = lastJsonLine(filtered);
        QCOMPARE(result["rows_in"].toInt(), 1100);
        const auto steps = result["steps"].toArray();
        QCOMPARE(steps.size(), 3);
        QCOMPARE(steps[0].toObject()["rows_in"].toInt(), 1100);
        for (int i = 1; i < 3; ++i)
            QCOMPARE(steps[i].toObject()["rows_in"].toInt(), steps[i - 1].toObject()["rows_out"].toInt());
        QCOMPARE(result["rows_out"].toInt(), steps[2].toObject()["rows_out"].toInt());

        auto split = runCli({"data", "split", "--dataset", "alpaca-clean", "--train", "0.8", "--validation", "0.1",
                             "--test", "0.1", "--seed", "3", "--project", project, "--json"});
        QVERIFY2(split.exitCode == 0, qPrintable(split.all()));
        const auto splits = lastJsonLine(split)["splits"].toObject();
        QCOMPARE(splits["train"].toInt() + splits["validation"].toInt() + splits["test"].toInt(),
                 result["rows_out"].toInt());

        auto stats = runCli({"data", "stats", "--dataset", "alpaca-clean", "--tokenizer",
                             sharedData("llms-from-scratch/gpt2-bpe"), "--project", project, "--json"});
        QVERIFY2(stats.exitCode == 0, qPrintable(stats.all()));
        const auto s = lastJsonLine(stats);
        QCOMPARE(s["rows"].toInt(), result["rows_out"].toInt());
        QVERIFY(s["tokens"].toObject()["mean"].toDouble() > 10);
        QCOMPARE(s["splits"].toObject()["validation"].toObject()["rows"].toInt(), splits["validation"].toInt());

        // The validation split alone, as JSON Lines in the ShareGPT layout, each row with its source.
        const QString exported = dir.filePath("validation.jsonl");
        auto exportRun = runCli({"data", "export", "--dataset", "alpaca-clean", "--format", "jsonl", "--layout",
                                 "sharegpt", "--split", "validation", "--output", exported, "--project", project, "--json"});
        QVERIFY2(exportRun.exitCode == 0, qPrintable(exportRun.all()));
        QFile exportedFile(exported);
        QVERIFY(exportedFile.open(QIODevice::ReadOnly));
        const auto exportedRows = QString::fromUtf8(exportedFile.readAll()).trimmed().split('\n');
        QCOMPARE(exportedRows.size(), splits["validation"].toInt());
        const auto firstRow = QJsonDocument::fromJson(exportedRows[0].toUtf8()).object();
        QVERIFY(firstRow["conversations"].isArray());
        QVERIFY(firstRow["source"].toObject()["line"].toInt() >= 1);
        QVERIFY(firstRow["source"].toObject()["file"].toString().endsWith("instruction-data.json"));

        auto show = runCli({"data", "show", "alpaca-clean", "--project", project, "--json"});
        QVERIFY2(show.exitCode == 0, qPrintable(show.all()));
        const auto manifest = lastJsonLine(show);
        QCOMPARE(manifest["parent"].toString(), QString("alpaca"));
        QCOMPARE(manifest["recipe"].toArray().size(), 3);
        QCOMPARE(manifest["sources"].toArray()[0].toObject()["sha256"].toString().size(), 64);
        QVERIFY(manifest["tool_version"].toString().startsWith("llmwb "));

        auto refused = runCli({"data", "delete", "alpaca", "--project", project});
        QVERIFY(refused.exitCode != 0);
        QVERIFY2(refused.all().contains("alpaca-clean"), qPrintable(refused.all()));
        QCOMPARE(runCli({"data", "delete", "alpaca-clean", "--project", project}).exitCode, 0);
        QCOMPARE(runCli({"data", "delete", "alpaca", "--project", project}).exitCode, 0);
        auto list = runCli({"data", "list", "--project", project, "--json"});
        QCOMPARE(lastJsonLine(list)["datasets"].toArray().size(), 0);
    }

    void malformedRowsNameFileLineAndField()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("p");
        const QString bad = dir.filePath("bad.jsonl");
        writeFile(bad, "{\"instruction\": \"a\", \"output\": \"b\"}\n{\"instruction\": \"c\"}\n{not json\n"
                       "{\"instruction\": \"d\", \"output\": \"e\"}\n");
        auto stopped = runCli({"data", "import", "--input", bad, "--project", project});
        QCOMPARE(stopped.exitCode, 2); // bad input (docs/events.md)
        QVERIFY2(stopped.all().contains("bad.jsonl:2: field 'output': missing"), qPrintable(stopped.all()));

        auto kept = runCli({"data", "import", "--input", bad, "--skip-bad-rows", "--project", project, "--json"});
        QVERIFY2(kept.exitCode == 0, qPrintable(kept.all()));
        const auto summary = lastJsonLine(kept);
        QCOMPARE(summary["rows"].toInt(), 2);
        QCOMPARE(summary["rejected"].toInt(), 2);
        QFile report(summary["report"].toString());
        QVERIFY(report.open(QIODevice::ReadOnly));
        const auto lines = QString::fromUtf8(report.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const auto first = QJsonDocument::fromJson(lines[0].toUtf8()).object();
        QCOMPARE(first["line"].toInt(), 2);
        QCOMPARE(first["field"].toString(), QString("output"));
        QCOMPARE(QJsonDocument::fromJson(lines[1].toUtf8()).object()["line"].toInt(), 3);
    }

    void sigtermCancelsAnImportAndKeepsNothing()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("p");
        const QString big = dir.filePath("big.jsonl");
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            const QByteArray row = "{\"instruction\": \"Repeat the words.\", \"output\": \"" + QByteArray(200, 'x') + "\"}\n";
            for (int i = 0; i < 300000; ++i)
                f.write(row);
        }
        QProcess p;
        p.start(llmwbPath(), {"data", "import", "--input", big, "--name", "big", "--project", project, "--events"});
        QVERIFY(p.waitForStarted(10000));
        // Cancel once the import reports progress, as the Data panel's Cancel does.
        QByteArray seen;
        while (!seen.contains("\"progress\"") && p.state() == QProcess::Running) {
            p.waitForReadyRead(200);
            seen += p.readAllStandardOutput();
        }
        QVERIFY2(seen.contains("\"progress\""), seen.constData());
        p.terminate();
        QVERIFY(p.waitForFinished(60000));
        seen += p.readAllStandardOutput();
        QCOMPARE(p.exitCode(), 3);
        QVERIFY2(seen.contains("\"cancelled\""), seen.constData());
        QCOMPARE(lastJsonLine(runCli({"data", "list", "--project", project, "--json"}))["datasets"].toArray().size(), 0);
        QDir datasets(project + "/datasets");
        QVERIFY(!datasets.exists() || datasets.entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
    }

    void unknownRecipeStepIsAUsageError()
    {
        QTemporaryDir dir;
        const QString project = dir.filePath("p");
        QCOMPARE(runCli({"data", "import", "--input", sharedData("llms-from-scratch/instruction-data.json"),
                         "--name", "a", "--project", project})
                     .exitCode,
                 0);
        const QString recipe = dir.filePath("r.json");
        writeFile(recipe, R"([{"step": "dedupe"}])");
        auto r = runCli({"data", "filter", "--dataset", "a", "--recipe", recipe, "--name", "b", "--project", project});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.all().contains("recipe step 1: unknown step 'dedupe'"), qPrintable(r.all()));
        QCOMPARE(lastJsonLine(runCli({"data", "list", "--project", project, "--json"}))["datasets"].toArray().size(), 1);
    }
};

LW_TEST_GUILESS_MAIN(TestCliData)
#include "test_cli_data.moc"

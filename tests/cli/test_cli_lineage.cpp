// A run names the exact dataset version it trained on: records imported, filtered,
// exported as tokens under a name, trained on by that name, and `llmwb runs show`
// tracing the run back through every version to the import, each with its sha256.
#include "cli_runner.h"
#include "test_registry.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace lw::test;

class TestCliLineage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runShowsTheDatasetAndItsVersions();
    void exportRefusesATakenName();
    void packedExportIsRegisteredAsItsKind();

private:
    // The public instruction set as plain texts, one {"text": ...} per line; returns the count.
    int writeInstructionTexts(const QString& path);
    QString datasetDir(const QString& project, const QString& name);
};

int TestCliLineage::writeInstructionTexts(const QString& path)
{
    QFile in(sharedData("llms-from-scratch/instruction-data.json"));
    if (!in.open(QIODevice::ReadOnly))
        return -1;
    const QJsonArray rows = QJsonDocument::fromJson(in.readAll()).array();
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly))
        return -1;
    for (const auto& row : rows) {
        const QJsonObject o = row.toObject();
        const QString text = o["instruction"].toString() + "\n\n" + o["output"].toString();
        out.write(QJsonDocument(QJsonObject{{"text", text}}).toJson(QJsonDocument::Compact) + "\n");
    }
    return int(rows.size());
}

QString TestCliLineage::datasetDir(const QString& project, const QString& name)
{
    const auto shown = runCli({"data", "show", name, "--project", project, "--json"});
    return lastJsonObject(shown)["dir"].toString();
}

void TestCliLineage::runShowsTheDatasetAndItsVersions()
{
    QTemporaryDir dir;
    const QString project = dir.filePath("p");
    const QString texts = dir.filePath("instructions.jsonl");
    const int rows = writeInstructionTexts(texts);
    QVERIFY(rows > 100);

    auto imported = runCli({"data", "import", "--input", texts, "--name", "texts", "--project", project, "--json"});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.all()));
    QCOMPARE(lastJsonObject(imported)["rows"].toInt(), rows);

    const QString recipe = dir.filePath("recipe.json");
    QFile recipeFile(recipe);
    QVERIFY(recipeFile.open(QIODevice::WriteOnly));
    recipeFile.write(R"([{"step": "exact_dedup", "field": "text"}])");
    recipeFile.close();
    auto filtered = runCli({"data", "filter", "--dataset", "texts", "--recipe", recipe, "--name", "texts-unique",
                            "--project", project, "--json"});
    QVERIFY2(filtered.exitCode == 0, qPrintable(filtered.all()));

    const QString tokens = dir.filePath("tokens");
    auto exported = runCli({"data", "export", "--dataset", "texts-unique", "--format", "tokens", "--tokenizer",
                            sharedData("llms-from-scratch/gpt2-bpe"), "--val-fraction", "0.1", "--name", "texts-gpt2",
                            "--output", tokens, "--project", project, "--json"});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.all()));
    const QJsonObject exportResult = lastJsonObject(exported);
    QCOMPARE(exportResult["name"].toString(), QString("texts-gpt2"));
    QCOMPARE(exportResult["kind"].toString(), QString("text"));

    auto trained = runCli({"train", "--dataset", "texts-gpt2", "--preset", "tiny", "--max-steps", "3", "--batch-size",
                           "2", "--eval-every", "0", "--sample-every", "0", "--name", "lineage", "--project", project},
                          300000);
    QVERIFY2(trained.exitCode == 0, qPrintable(trained.all()));
    auto listed = runCli({"runs", "list", "--json", "--project", project});
    QVERIFY2(listed.exitCode == 0, qPrintable(listed.all()));
    const QJsonArray runs = QJsonDocument::fromJson(listed.out.toUtf8()).array();
    QCOMPARE(runs.size(), 1);
    const QString runId = QString::number(runs[0].toObject()["id"].toInt());

    auto shown = runCli({"runs", "show", runId, "--json", "--project", project});
    QVERIFY2(shown.exitCode == 0, qPrintable(shown.all()));
    const QJsonObject run = QJsonDocument::fromJson(shown.out.toUtf8()).object();
    QCOMPARE(run["dataset"].toString(), QString("texts-gpt2"));

    // Expected chain: the token set, the filtered version it was made from, the import.
    // The sha256 of each version is that of its records.jsonl, hashed here apart.
    const QString uniqueSha = fileSha256(datasetDir(project, "texts-unique") + "/records.jsonl");
    const QString importSha = fileSha256(datasetDir(project, "texts") + "/records.jsonl");
    QCOMPARE(uniqueSha.size(), 64);
    const QJsonArray chain = run["dataset_lineage"].toArray();
    QCOMPARE(chain.size(), 3);
    const QStringList names{"texts-gpt2", "texts-unique", "texts"};
    const QStringList kinds{"text", "records", "records"};
    const QStringList shas{uniqueSha, uniqueSha, importSha};
    for (int i = 0; i < 3; ++i) {
        const QJsonObject step = chain[i].toObject();
        QCOMPARE(step["name"].toString(), names[i]);
        QCOMPARE(step["kind"].toString(), kinds[i]);
        QCOMPARE(step["records_sha256"].toString(), shas[i]);
        QCOMPARE(step["missing"].toBool(), false);
    }

    // The human form names the dataset too.
    auto plain = runCli({"runs", "show", runId, "--project", project});
    QVERIFY2(plain.out.contains("texts-gpt2") && plain.out.contains(uniqueSha.left(12)), qPrintable(plain.out));
}

void TestCliLineage::exportRefusesATakenName()
{
    QTemporaryDir dir;
    const QString project = dir.filePath("p");
    const QString texts = dir.filePath("instructions.jsonl");
    QVERIFY(writeInstructionTexts(texts) > 0);
    QCOMPARE(runCli({"data", "import", "--input", texts, "--name", "texts", "--project", project}).exitCode, 0);
    const QString tokens = dir.filePath("tokens");
    auto refused = runCli({"data", "export", "--dataset", "texts", "--format", "tokens", "--tokenizer",
                           sharedData("llms-from-scratch/gpt2-bpe"), "--name", "texts", "--output", tokens,
                           "--project", project});
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains("--name") && refused.err.contains("texts"), qPrintable(refused.all()));
    QVERIFY2(!QDir(tokens).exists(), "nothing is written when the name is taken");
}

void TestCliLineage::packedExportIsRegisteredAsItsKind()
{
    QTemporaryDir dir;
    const QString project = dir.filePath("p");
    QCOMPARE(runCli({"data", "import", "--input", sharedData("llms-from-scratch/instruction-data.json"), "--name",
                     "alpaca", "--project", project}).exitCode, 0);
    const QStringList exportArgs{"data", "export", "--dataset", "alpaca", "--format", "tokens", "--template", "chatml",
                                 "--tokenizer", sharedData("llms-from-scratch/gpt2-bpe"), "--context", "256",
                                 "--name", "alpaca-sft", "--project", project, "--json", "--output"};
    auto exported = runCli(exportArgs + QStringList{dir.filePath("sft")});
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.all()));
    QCOMPARE(lastJsonObject(exported)["kind"].toString(), QString("sft"));
    QVERIFY(QFile::exists(dir.filePath("sft/sft.bin")));
    // The name now belongs to the project: a second export under it is refused.
    auto again = runCli(exportArgs + QStringList{dir.filePath("sft2")});
    QVERIFY2(again.exitCode != 0 && again.err.contains("alpaca-sft"), qPrintable(again.all()));
}

LW_TEST_GUILESS_MAIN(TestCliLineage)
#include "test_cli_lineage.moc"

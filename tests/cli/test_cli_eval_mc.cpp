// `llmwb eval mc` run as a user runs it: the public mmlu-redux questions with a small
// GPT-2-vocabulary model, its JSON summary, the per-example file, the evaluation stored
// in the project, and the error of a malformed file.
#include "cli_runner.h"
#include "core/model/transformer.h"
#include "core/store/project.h"
#include "core/store/store.h"
#include "core/train/checkpoint.h"
#include "test_registry.h"

#include <QTemporaryDir>

#include <cmath>
#include <fstream>

using namespace lw::test;

class TestCliEvalMc : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void mmluReduxSummaryFileAndStore();
    void fewShotWithLimitAndEvents();
    void malformedFileNamesLineAndField();
    void datasetBreaksDownBySubjectAsTheFilesDo();

private:
    CliResult evalMc(QStringList args)
    {
        return runCli(QStringList{"eval", "mc", "--model", m_checkpoint, "--project", m_dir.filePath("project")} + args,
                      600000);
    }
    QTemporaryDir m_dir;
    QString m_checkpoint;
};

void TestCliEvalMc::initTestCase()
{
    QVERIFY(QFile::exists(llmwbPath()));
    const std::string tokenizerDir = sharedData("llms-from-scratch/gpt2-bpe").toStdString();
    lw::model::ModelConfig config;
    config.family = lw::model::Family::Gpt2;
    config.vocab_size = 50257;
    config.context_length = 512;
    config.n_layer = 1;
    config.n_head = 2;
    config.d_model = 32;
    lw::model::Transformer model(config);
    model->initializeWeights(5);
    m_checkpoint = m_dir.filePath("tiny/checkpoints/step-1.safetensors");
    QDir().mkpath(m_dir.filePath("tiny/checkpoints"));
    lw::train::saveCheckpoint(m_checkpoint.toStdString(), model, nullptr, nlohmann::json::object(), {}, tokenizerDir);
}

void TestCliEvalMc::mmluReduxSummaryFileAndStore()
{
    const QString data = sharedData("mmlu-redux/mmlu_abstract_algebra.csv");
    const QString perExample = m_dir.filePath("examples.jsonl");
    const CliResult r = evalMc({"--data", data, "--json", "--per-example", perExample});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const QJsonObject summary = lastJsonObject(r);
    for (const char* key : {"acc", "acc_norm", "acc_stderr", "acc_norm_stderr", "n", "subjects", "evaluation_id"})
        QVERIFY2(summary.contains(key), key);
    QCOMPARE(summary["n"].toInt(), 100);
    const double acc = summary["acc"].toDouble();
    // mean_stderr of 100 zeros and ones: sqrt(acc (1 - acc) / 99).
    QVERIFY(std::abs(summary["acc_stderr"].toDouble() - std::sqrt(acc * (1 - acc) / 99.0)) < 1e-9);
    // Every MMLU continuation is one letter, so dividing by the length changes nothing.
    QCOMPARE(summary["acc_norm"].toDouble(), acc);
    const QJsonObject subject = summary["subjects"].toObject()["abstract_algebra"].toObject();
    QCOMPARE(subject["n"].toInt(), 100);
    QCOMPARE(subject["acc"].toDouble(), acc);

    // The per-example lines agree with the summary: argmax of the log-probabilities vs gold.
    QFile file(perExample);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const auto lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 100);
    int hits = 0;
    for (int i = 0; i < lines.size(); ++i) {
        const QJsonObject e = QJsonDocument::fromJson(lines[i]).object();
        QCOMPARE(e["index"].toInt(), i);
        const QJsonArray choices = e["choices"].toArray();
        QCOMPARE(choices.size(), 4);
        int best = 0;
        for (int c = 0; c < 4; ++c) {
            const QJsonObject choice = choices[c].toObject();
            QCOMPARE(choice["tokens"].toInt(), 1);     // " A" is one GPT-2 token
            QCOMPARE(choice["characters"].toInt(), 1); // "A"
            QVERIFY(choice["logprob"].toDouble() < 0);
            if (choice["logprob"].toDouble() > choices[best].toObject()["logprob"].toDouble())
                best = c;
        }
        QCOMPARE(e["predicted"].toInt(), best);
        hits += best == e["gold"].toInt();
    }
    QCOMPARE(hits / 100.0, acc);

    auto project = lw::store::Project::open(m_dir.filePath("project").toStdString());
    lw::store::Store store = project.openStore();
    const auto id = int64_t(summary["evaluation_id"].toInteger());
    const auto record = store.evaluation(id);
    QVERIFY(record.has_value());
    QCOMPARE(record->task, std::string("mc"));
    QCOMPARE(record->dataset, QFileInfo(data).canonicalFilePath().toStdString());
    QCOMPARE(record->datasetInfo["sha256"].get<std::string>(),
             std::string("83b98626d7615b9594d86117ae6cb02cbbea8e3e5e285eb2ced1fb8caa245b99")); // SOURCES.md
    QCOMPARE(record->settings["layout"].get<std::string>(), std::string("mmlu"));
    QCOMPARE(record->settings["shots"].get<int64_t>(), int64_t(0));
    QCOMPARE(record->summary["acc"].get<double>(), acc);
    const auto examples = store.evaluationExamples(id);
    QCOMPARE(examples.size(), size_t(100));
    const QJsonObject seventh = QJsonDocument::fromJson(lines[7]).object();
    QCOMPARE(examples[7]["gold"].get<int>(), seventh["gold"].toInt());
    QCOMPARE(examples[7]["choices"][2]["logprob"].get<double>(), seventh["choices"][2]["logprob"].toDouble());
}

void TestCliEvalMc::datasetBreaksDownBySubjectAsTheFilesDo()
{
    // Both mmlu-redux subjects imported into one dataset version: its per-subject n and
    // acc are those of each file evaluated on its own (the subject comes from the file's
    // name, kept with every row of the version).
    const QString project = m_dir.filePath("project");
    const QStringList files{sharedData("mmlu-redux/mmlu_abstract_algebra.csv"),
                            sharedData("mmlu-redux/mmlu_high_school_physics.csv")};
    const CliResult imported = runCli({"data", "import", "--project", project, "--input", files[0], "--input", files[1],
                                       "--format", "mc", "--name", "mmlu-two"});
    QVERIFY2(imported.exitCode == 0, qPrintable(imported.all()));
    const CliResult fromDataset = evalMc({"--data", "mmlu-two", "--json"});
    QVERIFY2(fromDataset.exitCode == 0, qPrintable(fromDataset.all()));
    const QJsonObject subjects = lastJsonObject(fromDataset)["subjects"].toObject();
    QCOMPARE(subjects.keys(), (QStringList{"abstract_algebra", "high_school_physics"}));
    int total = 0;
    for (const QString& file : files) {
        const CliResult fromFile = evalMc({"--data", file, "--json"});
        QVERIFY2(fromFile.exitCode == 0, qPrintable(fromFile.all()));
        const QJsonObject fileSummary = lastJsonObject(fromFile);
        const QString subject = QFileInfo(file).completeBaseName().mid(int(strlen("mmlu_")));
        const QJsonObject got = subjects[subject].toObject();
        QCOMPARE(got["n"].toInt(), fileSummary["n"].toInt());
        QCOMPARE(got["acc"].toDouble(), fileSummary["acc"].toDouble());
        QCOMPARE(got["acc_norm"].toDouble(), fileSummary["acc_norm"].toDouble());
        total += got["n"].toInt();
    }
    QCOMPARE(lastJsonObject(fromDataset)["n"].toInt(), total);
}

void TestCliEvalMc::fewShotWithLimitAndEvents()
{
    const QString data = sharedData("mmlu-redux/mmlu_high_school_physics.csv");
    const CliResult r = evalMc({"--data", data, "--shots", "2", "--seed", "7", "--limit", "5", "--events"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    QJsonObject result;
    bool progress = false;
    for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts)) {
        const QJsonObject e = QJsonDocument::fromJson(line.toUtf8()).object();
        progress = progress || (e["event"].toString() == "progress" && e["stage"].toString() == "eval");
        if (e["event"].toString() == "result")
            result = e;
    }
    QVERIFY(progress);
    QCOMPARE(result["n"].toInt(), 5);
    QVERIFY(result["evaluation_id"].toInteger() > 0);
    auto project = lw::store::Project::open(m_dir.filePath("project").toStdString());
    lw::store::Store store = project.openStore();
    const auto record = store.evaluation(result["evaluation_id"].toInteger());
    QCOMPARE(record->settings["shots"].get<int64_t>(), int64_t(2));
    QCOMPARE(record->settings["seed"].get<int64_t>(), int64_t(7));
    QCOMPARE(record->settings["limit"].get<int64_t>(), int64_t(5));
}

void TestCliEvalMc::malformedFileNamesLineAndField()
{
    const QString bad = m_dir.filePath("bad.csv");
    std::ofstream(bad.toStdString()) << "question,choices,answer\n"
                                        "Which is even?,\"['3', '4']\",1\n"
                                        "Which is odd?,\"['3', '4']\",9\n";
    const CliResult r = evalMc({"--data", bad});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(bad + ":3: field 'answer'"), qPrintable(r.err));
}

LW_TEST_GUILESS_MAIN(TestCliEvalMc)
#include "test_cli_eval_mc.moc"

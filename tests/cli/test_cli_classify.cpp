// Classification fine-tuning through the real llmwb, on the demo project: the demo
// model is pretrained, the demo questions are written as choice rows labelled by the
// kind of thing they ask about (told here from the question's wording: "What kind of
// animal", "Where did", "What did ... find"), imported and split, then
//   - `finetune --objective classify` reaches a validation accuracy of at least 0.9, and
//     each reported confusion matrix sums to its row count with the correct ones (the
//     accuracy times n) on its diagonal, in the event and in classification.json alike;
//   - `classify` names the right kind for sentences no row holds;
//   - the run's checkpoint is still a language model `generate` takes;
//   - rows whose class lists differ are refused naming the file and line, adapters
//     naming the method, and a resume of the completed run without --max-steps;
//   - `finetune --demo --objective classify` (the demo messages, spam or ham) beats
//     chance on its validation rows, and its `--check` finds nothing wrong;
//   - `--check` on crafted rows reports a class without training rows (exit 1), very
//     imbalanced classes, and a dataset without labels; none of them creates a run.
#include "cli_runner.h"
#include "core/finetune/demo_instructions.h"
#include "test_registry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>

using namespace lw::test;

namespace {

std::vector<QJsonObject> eventsOfType(const CliResult& r, const QString& name)
{
    std::vector<QJsonObject> out;
    for (const QString& line : r.out.split('\n', Qt::SkipEmptyParts)) {
        const auto doc = QJsonDocument::fromJson(line.toUtf8());
        if (doc.isObject() && doc.object()["event"].toString() == name)
            out.push_back(doc.object());
    }
    return out;
}

const QStringList kKinds{"animal", "place", "thing"};

int kindOf(const QString& question)
{
    if (question.contains("What kind of animal"))
        return 0;
    if (question.contains("Where did"))
        return 1;
    if (question.contains(" find?"))
        return 2;
    return -1;
}

QByteArray choiceRow(const QString& question, const QStringList& classes, int answer)
{
    QJsonObject row{{"question", question}, {"choices", QJsonArray::fromStringList(classes)}, {"answer", answer}};
    return QJsonDocument(row).toJson(QJsonDocument::Compact) + "\n";
}

// The sum and the diagonal of a confusion matrix.
std::pair<int64_t, int64_t> sumAndDiagonal(const QJsonArray& confusion)
{
    int64_t sum = 0, diagonal = 0;
    for (int i = 0; i < confusion.size(); ++i) {
        const QJsonArray row = confusion[i].toArray();
        for (int j = 0; j < row.size(); ++j) {
            sum += row[j].toInteger();
            diagonal += i == j ? row[j].toInteger() : 0;
        }
    }
    return {sum, diagonal};
}

} // namespace

class TestCliClassify : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void classifierLearnsTheKindOfQuestion();
    void classifyNamesTheKindOfNewSentences();
    void differingClassListsAreRefusedByLine();
    void adaptersAreRefusedAndACompletedRunNeedsMoreSteps();
    void demoSpamClassifierBeatsChance();
    void checkFindsMissingAndImbalancedClasses();

private:
    QString project() const { return m_dir.filePath("project"); }
    CliResult cli(QStringList args, int timeoutMs = 600000)
    {
        args << "--project" << project();
        return runCli(args, timeoutMs);
    }
    QTemporaryDir m_dir;
    QString m_demoRun;
    QString m_classifyRun;
};

void TestCliClassify::initTestCase()
{
    const CliResult r = cli({"train", "--demo", "--events"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    m_demoRun = QString::number(eventsOfType(r, "run_started").front()["run_id"].toInteger());

    const QString rows = m_dir.filePath("kinds.jsonl");
    QFile f(rows);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (const auto& q : lw::finetune::demoQuestions(7, 600)) {
        const QString question = QString::fromStdString(q.question);
        const int kind = kindOf(question);
        QVERIFY2(kind >= 0, qPrintable(question));
        f.write(choiceRow(question, kKinds, kind));
    }
    f.close();
    QVERIFY(cli({"data", "import", "--input", rows, "--format", "mc", "--name", "kinds"}).exitCode == 0);
    const CliResult split = cli({"data", "split", "--dataset", "kinds", "--train", "0.8", "--validation", "0.1",
                                 "--test", "0.1"});
    QVERIFY2(split.exitCode == 0, qPrintable(split.all()));
}

void TestCliClassify::classifierLearnsTheKindOfQuestion()
{
    const CliResult r = cli({"finetune", "--objective", "classify", "--method", "full", "--dataset", "kinds", "--base",
                             m_demoRun, "--max-steps", "60", "--batch-size", "16", "--learning-rate", "1e-3",
                             "--warmup-steps", "5", "--eval-every", "20", "--events"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    m_classifyRun = QString::number(eventsOfType(r, "run_started").front()["run_id"].toInteger());
    const QString runDir = eventsOfType(r, "run_started").front()["run_dir"].toString();
    const auto steps = eventsOfType(r, "step");
    QVERIFY(!steps.empty());
    QVERIFY(steps.back()["metrics"].toObject().contains("accuracy"));
    const auto evals = eventsOfType(r, "eval");
    QVERIFY(!evals.empty());
    QVERIFY(evals.back()["metrics"].toObject().contains("val_accuracy"));

    const auto reports = eventsOfType(r, "classification");
    QCOMPARE(reports.size(), size_t(1));
    const QJsonObject report = reports.front();
    QCOMPARE(report["classes"].toArray(), QJsonArray::fromStringList(kKinds));
    QFile file(runDir + "/classification.json");
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject written = QJsonDocument::fromJson(file.readAll()).object();
    for (const QString split : {"validation", "test"}) {
        const QJsonObject s = report[split].toObject();
        QCOMPARE(written[split].toObject()["confusion"], s["confusion"]);
        const auto [sum, diagonal] = sumAndDiagonal(s["confusion"].toArray());
        QCOMPARE(sum, s["n"].toInteger());
        QVERIFY2(sum > 30, qPrintable(split)); // a tenth of 600 rows, give or take the seeded split
        QVERIFY(std::abs(s["accuracy"].toDouble() * double(sum) - double(diagonal)) < 1e-6);
    }
    const double accuracy = report["validation"].toObject()["accuracy"].toDouble();
    QVERIFY2(accuracy >= 0.9, qPrintable(QString("validation accuracy %1").arg(accuracy)));
    // The validation accuracy of the last evaluation is the report's.
    QCOMPARE(evals.back()["metrics"].toObject()["val_accuracy"].toDouble(), accuracy);

    const CliResult g = cli({"generate", "--model", m_classifyRun, "--prompt", "Where did Max live?", "--max-tokens",
                             "4", "--json"});
    QVERIFY2(g.exitCode == 0, qPrintable(g.all()));
}

void TestCliClassify::classifyNamesTheKindOfNewSentences()
{
    QVERIFY(!m_classifyRun.isEmpty());
    const std::vector<std::pair<QString, QString>> cases = {
        {"There was a sleepy owl named Pip. What kind of animal is Pip?", "animal"},
        {"Pip lived near a quiet river. Where did Pip live?", "place"},
        {"One day, Pip found a green cup. What did Pip find?", "thing"},
    };
    for (const auto& [text, kind] : cases) {
        const CliResult r = cli({"classify", "--model", m_classifyRun, "--text", text, "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
        const QJsonObject answer = QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object();
        QVERIFY2(answer["class"].toString() == kind, qPrintable(text + " -> " + r.out));
        double total = 0, best = 0;
        for (const auto& p : answer["probabilities"].toObject())
            total += p.toDouble(), best = std::max(best, p.toDouble());
        QVERIFY(std::abs(total - 1.0) < 1e-6);
        QCOMPARE(answer["probabilities"].toObject()[kind].toDouble(), best);
    }
}

void TestCliClassify::differingClassListsAreRefusedByLine()
{
    const QString rows = m_dir.filePath("mixed.jsonl");
    QFile f(rows);
    QVERIFY(f.open(QIODevice::WriteOnly));
    for (int i = 0; i < 20; ++i)
        f.write(choiceRow(QString("Mia saw bird number %1.").arg(i),
                          i == 13 ? QStringList{"yes", "no"} : QStringList{"no", "yes"}, i % 2));
    f.close();
    QVERIFY(cli({"data", "import", "--input", rows, "--format", "mc", "--name", "mixed"}).exitCode == 0);
    const CliResult r = cli({"finetune", "--objective", "classify", "--method", "full", "--dataset", "mixed",
                             "--base", m_demoRun});
    QVERIFY(r.exitCode != 0);
    // The 14th row (from 1) lists the classes in another order.
    QVERIFY2(r.err.contains("records.jsonl:14"), qPrintable(r.err));
    QVERIFY2(r.err.contains("same classes"), qPrintable(r.err));
}

void TestCliClassify::adaptersAreRefusedAndACompletedRunNeedsMoreSteps()
{
    const CliResult lora = cli({"finetune", "--objective", "classify", "--method", "lora", "--dataset", "kinds",
                                "--base", m_demoRun});
    QVERIFY(lora.exitCode != 0);
    QVERIFY2(lora.err.contains("method"), qPrintable(lora.err));
    QVERIFY(!m_classifyRun.isEmpty());
    // Its final checkpoint resumes (test_cli_distributed_classify resumes one), but only to go further.
    const CliResult resume = cli({"finetune", "--resume", m_classifyRun});
    QVERIFY(resume.exitCode != 0);
    QVERIFY2(resume.err.contains("has completed its 60 steps: give --max-steps to extend it"), qPrintable(resume.err));
}

void TestCliClassify::demoSpamClassifierBeatsChance()
{
    const CliResult check = cli({"finetune", "--demo", "--objective", "classify", "--check", "--events"});
    QVERIFY2(check.exitCode == 0, qPrintable(check.all()));
    const QJsonObject report = eventsOfType(check, "check").front();
    QCOMPARE(report["classes"].toArray(), QJsonArray({"ham", "spam"}));
    QVERIFY2(report["findings"].toArray().isEmpty(), qPrintable(QJsonDocument(report["findings"].toArray()).toJson()));
    QVERIFY(report["seconds_per_step"].toDouble() > 0);
    // 400 distinct messages, half of them spam, split 80/10/10 by a hash of each text.
    const QJsonArray perClass = report["train_rows_per_class"].toArray();
    QCOMPARE(perClass[0].toInteger() + perClass[1].toInteger(), report["train_rows"].toInteger());
    QVERIFY(perClass[0].toInteger() > 120 && perClass[1].toInteger() > 120);

    const CliResult r = cli({"finetune", "--demo", "--objective", "classify", "--events"});
    QVERIFY2(r.exitCode == 0, qPrintable(r.all()));
    const auto reports = eventsOfType(r, "classification");
    QCOMPARE(reports.size(), size_t(1));
    const QJsonObject validation = reports.front()["validation"].toObject();
    // Two balanced classes: chance is one half; the demo model should do far better.
    const double accuracy = validation["accuracy"].toDouble();
    QVERIFY2(accuracy >= 0.8, qPrintable(QString("validation accuracy %1 on %2 rows").arg(accuracy)
                                             .arg(validation["n"].toInteger())));
}

void TestCliClassify::checkFindsMissingAndImbalancedClasses()
{
    // 100 rows: 95 "ham", 5 "spam", none "eggs"; a tenth held out for validation leaves
    // at least 85 ham and at most 5 spam to train on: far over ten to one.
    const QString rows = m_dir.filePath("skewed.jsonl");
    QFile f(rows);
    QVERIFY(f.open(QIODevice::WriteOnly));
    const QStringList classes{"ham", "spam", "eggs"};
    for (int i = 0; i < 100; ++i)
        f.write(choiceRow(QString("Message number %1 about the river.").arg(i), classes, i % 20 == 0 ? 1 : 0));
    f.close();
    QVERIFY(cli({"data", "import", "--input", rows, "--format", "mc", "--name", "skewed"}).exitCode == 0);
    const int runsBefore = int(QJsonDocument::fromJson(cli({"runs", "list", "--json"}).out.toUtf8()).array().size());
    const CliResult r = cli({"finetune", "--objective", "classify", "--method", "full", "--dataset", "skewed", "--base",
                             m_demoRun, "--check", "--events"});
    QCOMPARE(r.exitCode, 1);
    const QJsonObject report = eventsOfType(r, "check").front();
    QStringList codes;
    for (const QJsonValue& finding : report["findings"].toArray())
        codes << finding.toObject()["severity"].toString() + ":" + finding.toObject()["code"].toString();
    QVERIFY2(codes.contains("error:class_without_train_rows") && codes.contains("warning:imbalanced_classes"),
             qPrintable(codes.join(", ")));
    const QJsonArray perClass = report["train_rows_per_class"].toArray();
    QCOMPARE(perClass[2].toInteger(), qint64(0));
    QCOMPARE(perClass[0].toInteger() + perClass[1].toInteger(), report["train_rows"].toInteger());

    // Chat rows have no label: the check says so rather than failing.
    const CliResult unlabelled = cli({"finetune", "--demo", "--objective", "classify", "--dataset",
                                      "demo-instructions", "--check", "--events"});
    QCOMPARE(unlabelled.exitCode, 1);
    const QJsonArray findings = eventsOfType(unlabelled, "check").front()["findings"].toArray();
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings[0].toObject()["code"].toString(), QString("unreadable_rows"));
    QVERIFY2(findings[0].toObject()["message"].toString().contains("choice records"),
             qPrintable(findings[0].toObject()["message"].toString()));
    QCOMPARE(int(QJsonDocument::fromJson(cli({"runs", "list", "--json"}).out.toUtf8()).array().size()), runsBefore);
}

LW_TEST_GUILESS_MAIN(TestCliClassify)
#include "test_cli_classify.moc"

// A real `llmwb eval perplexity` job started from the Evaluate panel: a tiny GPT-2
// folder (written by tests/core/hf/hf_reference.py) imported into a project, a text file
// of a few sentences, the model ticked and Run pressed. The stored evaluation appears in
// the table, its summary agrees with itself (perplexity = exp(nll / tokens)) and its
// per-example windows add up to the summary's nll and tokens.
#include "../models/models_test_support.h"
#include "test_registry.h"
#include "ui/panels/evaluate/eval_form.h"
#include "ui/panels/evaluate/eval_results_table.h"
#include "ui/panels/evaluate/evaluate_panel.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"

#include <QLineEdit>
#include <QProcess>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace lw::ui;
using namespace lw::ui::evaluate;

class TestEvalPerplexityJob : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void perplexityOfATextFile();
};

void TestEvalPerplexityJob::perplexityOfATextFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ui_test::isolateSettings(dir.path());
    const QString worker = ui_test::useBuiltWorker();

    const QString folder = dir.filePath(QStringLiteral("tiny-gpt2"));
    QVERIFY(models_test::makeGpt2Folder(folder, 32, 53));
    const QString project = dir.filePath(QStringLiteral("project"));
    QProcess import;
    import.start(worker, {QStringLiteral("import"), QStringLiteral("--from"), folder, QStringLiteral("--name"),
                          QStringLiteral("tiny-gpt2"), QStringLiteral("--project"), project});
    QVERIFY(import.waitForFinished(120000));
    QCOMPARE(import.exitCode(), 0);
    const QString text = dir.filePath(QStringLiteral("notes.txt"));
    QFile file(text);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("The kettle whistled twice before anyone in the kitchen looked up from the crossword.\n"
               "Rain kept the market quiet, so the fishmonger sharpened every knife he owned.\n");
    file.close();

    JobSupervisor supervisor;
    EvaluatePanel panel(&supervisor);
    QSignalSpy listed(&panel, &EvaluatePanel::listed);
    panel.setProjectDir(project);
    QVERIFY(listed.wait(30000));
    panel.form()->setModelChecked(QStringLiteral("tiny-gpt2"), true);
    QCOMPARE(panel.form()->checkedModels(), QStringList({"tiny-gpt2"}));
    panel.form()->setTask(kTaskPerplexity);
    panel.form()->textFileEdit()->setText(text);
    QSignalSpy finished(&panel, &EvaluatePanel::queueFinished);
    QVERIFY(panel.run());
    QVERIFY(finished.wait(300000));
    QCOMPARE(finished.first().at(0).toInt(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(panel.evaluations().size() == 1, 30000);

    const StoredEvaluation& e = panel.evaluations().first();
    QCOMPARE(e.task, kTaskPerplexity);
    const double nll = e.summary.value(QStringLiteral("nll")).toDouble();
    const double tokens = e.summary.value(QStringLiteral("tokens")).toDouble();
    QVERIFY(tokens > 10);
    QVERIFY(std::abs(e.summary.value(QStringLiteral("perplexity")).toDouble() - std::exp(nll / tokens)) <
            1e-6 * std::exp(nll / tokens));
    QCOMPARE(panel.resultsTable()->rowCount(), 1);
    const EvaluationExamples examples = loadEvaluationExamples(project, e.id);
    QVERIFY(examples.error.isEmpty());
    double windowNll = 0, windowTokens = 0;
    for (const QJsonValue& row : examples.rows) {
        windowNll += row.toObject().value(QStringLiteral("nll")).toDouble();
        windowTokens += row.toObject().value(QStringLiteral("tokens")).toDouble();
    }
    QVERIFY(std::abs(windowNll - nll) < 1e-6 * nll);
    QCOMPARE(windowTokens, tokens);
}

LW_TEST_MAIN(TestEvalPerplexityJob)
#include "test_eval_perplexity_job.moc"

// The `llmwb eval` command lines the Evaluate panel builds from its form: for each task
// exactly the contract's flags, settings left at "default" leave their flag out, and a
// request that lacks its data says what is missing.
#include "test_registry.h"
#include "ui/panels/evaluate/eval_command_line.h"
#include "ui/panels/evaluate/eval_form.h"

#include <QComboBox>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>
#include <QtTest>

using namespace lw::ui;
using namespace lw::ui::evaluate;

class TestEvalCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void perplexityWithADataset();
    void perplexityWithATextFileAndWindows();
    void multipleChoiceWithEverySetting();
    void multipleChoiceDefaultsLeaveFlagsOut();
    void generationMetrics();
    void judge();
    void missingInputSaysWhat();
    void formFillsTheRequest();
};

namespace {

QStringList tail(const QString& project)
{
    return {QStringLiteral("--project"), project, QStringLiteral("--events")};
}

} // namespace

void TestEvalCommandLine::perplexityWithADataset()
{
    EvalRequest r;
    r.projectDir = QStringLiteral("/p");
    r.task = kTaskPerplexity;
    r.dataset = QStringLiteral("wiki");
    r.textFile = QStringLiteral("/ignored.txt"); // the dataset wins
    QCOMPARE(evalArguments(r, QStringLiteral("3:best")),
             QStringList({"eval", "perplexity", "--model", "3:best", "--dataset", "wiki"}) + tail("/p"));
}

void TestEvalCommandLine::perplexityWithATextFileAndWindows()
{
    EvalRequest r;
    r.projectDir = QStringLiteral("/p");
    r.task = kTaskPerplexity;
    r.textFile = QStringLiteral("/data/book.txt");
    r.context = 256;
    r.stride = 128;
    const JobSpec spec = evalJob(r, QStringLiteral("/runs/1/step-10.ckpt"));
    QCOMPARE(spec.arguments, QStringList({"eval", "perplexity", "--model", "/runs/1/step-10.ckpt", "--text-file",
                                          "/data/book.txt", "--context", "256", "--stride", "128"}) +
                                 tail("/p"));
    QCOMPARE(spec.projectDir, QStringLiteral("/p"));
    QVERIFY(spec.program.isEmpty()); // the worker
}

void TestEvalCommandLine::multipleChoiceWithEverySetting()
{
    EvalRequest r;
    r.projectDir = QStringLiteral("/p");
    r.task = kTaskMultipleChoice;
    r.data = QStringLiteral("/data/mmlu.jsonl");
    r.layout = QStringLiteral("mmlu");
    r.shots = 5;
    r.seed = 0; // a seed of 0 is a seed
    r.limit = 100;
    QCOMPARE(evalArguments(r, QStringLiteral("qwen")),
             QStringList({"eval", "mc", "--model", "qwen", "--data", "/data/mmlu.jsonl", "--layout", "mmlu",
                          "--shots", "5", "--seed", "0", "--limit", "100"}) +
                 tail("/p"));
}

void TestEvalCommandLine::multipleChoiceDefaultsLeaveFlagsOut()
{
    EvalRequest r;
    r.projectDir = QStringLiteral("/p");
    r.task = kTaskMultipleChoice;
    r.data = QStringLiteral("quiz");
    r.shots = 0; // zero-shot is said, not left to the default
    QCOMPARE(evalArguments(r, QStringLiteral("m")),
             QStringList({"eval", "mc", "--model", "m", "--data", "quiz", "--shots", "0"}) + tail("/p"));
}

void TestEvalCommandLine::generationMetrics()
{
    EvalRequest r;
    r.projectDir = QStringLiteral("/p");
    r.task = kTaskGenerate;
    r.data = QStringLiteral("/d/qa.jsonl");
    r.promptTemplate = QStringLiteral("Q: {prompt}\nA:");
    r.maxNewTokens = 32;
    r.limit = 10;
    r.shots = 3; // not a generation flag: left out
    QCOMPARE(evalArguments(r, QStringLiteral("m")),
             QStringList({"eval", "generate", "--model", "m", "--data", "/d/qa.jsonl", "--template",
                          "Q: {prompt}\nA:", "--max-new-tokens", "32", "--limit", "10"}) +
                 tail("/p"));
}

void TestEvalCommandLine::judge()
{
    EvalRequest r;
    r.projectDir = QStringLiteral("/p");
    r.task = kTaskJudge;
    r.data = QStringLiteral("/d/answers.jsonl");
    r.judgeUrl = QStringLiteral("http://127.0.0.1:8080/v1");
    r.judgeModel = QStringLiteral("big");
    r.rubric = QStringLiteral("score-100");
    r.limit = 5; // judge takes no --limit in the contract
    QCOMPARE(evalArguments(r, QStringLiteral("m")),
             QStringList({"eval", "judge", "--model", "m", "--data", "/d/answers.jsonl", "--judge",
                          "http://127.0.0.1:8080/v1", "--judge-model", "big", "--rubric", "score-100"}) +
                 tail("/p"));
    r.judgeModel.clear();
    r.rubric.clear();
    QCOMPARE(evalArguments(r, QStringLiteral("m")),
             QStringList({"eval", "judge", "--model", "m", "--data", "/d/answers.jsonl", "--judge",
                          "http://127.0.0.1:8080/v1"}) +
                 tail("/p"));
}

void TestEvalCommandLine::missingInputSaysWhat()
{
    EvalRequest r;
    QVERIFY(!missingInput(r).isEmpty()); // no project
    r.projectDir = QStringLiteral("/p");
    QVERIFY(!missingInput(r).isEmpty()); // no model
    r.models = {QStringLiteral("m")};
    QVERIFY(!missingInput(r).isEmpty()); // no text
    r.textFile = QStringLiteral("/t.txt");
    QVERIFY(missingInput(r).isEmpty());
    r.task = kTaskJudge;
    r.data = QStringLiteral("/a.jsonl");
    QVERIFY(!missingInput(r).isEmpty()); // no judge
    r.judgeUrl = QStringLiteral("http://127.0.0.1:1/v1");
    QVERIFY(missingInput(r).isEmpty());
}

void TestEvalCommandLine::formFillsTheRequest()
{
    EvalForm form;
    lw::ui::models::ModelEntry a, b, c;
    a.spec = QStringLiteral("1:best");
    b.spec = QStringLiteral("tiny-import");
    c.spec = QStringLiteral("2");
    form.setModels({a, b, c});
    form.setModelChecked(QStringLiteral("2"), true);
    form.setModelChecked(QStringLiteral("1:best"), true);
    form.setTask(kTaskMultipleChoice);
    form.dataEdit()->setText(QStringLiteral(" /d/quiz.jsonl "));
    form.layoutBox()->setCurrentIndex(form.layoutBox()->findData(QStringLiteral("arc")));
    form.shotsSpin()->setValue(2);
    form.limitSpin()->setValue(50);
    EvalRequest r = form.request();
    r.projectDir = QStringLiteral("/p");
    QCOMPARE(r.models, QStringList({"1:best", "2"})); // in the list's order
    QCOMPARE(evalArguments(r, r.models.first()),
             QStringList({"eval", "mc", "--model", "1:best", "--data", "/d/quiz.jsonl", "--layout", "arc", "--shots",
                          "2", "--limit", "50"}) +
                 tail("/p"));
    // The ticks survive a new listing of the same models.
    form.setModels({c, b, a});
    QCOMPARE(form.checkedModels(), QStringList({"2", "1:best"}));
}

LW_TEST_MAIN(TestEvalCommandLine)
#include "test_eval_command_line.moc"

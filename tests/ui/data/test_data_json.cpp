// The JSON the `llmwb data` commands print, as documented, read into the panel's
// values; the command lines the panel builds; the ETA the progress row shows.
#include "ui/panels/data/data_commands.h"
#include "ui/panels/data/data_job.h"
#include "ui/panels/data/data_json.h"
#include "ui/panels/data/job_progress_row.h"
#include "ui/panels/data/record_text.h"
#include "ui/panels/data/recipe_steps.h"
#include "test_registry.h"

#include <QJsonDocument>
#include <QtTest>

using namespace lw::ui;
using namespace lw::ui::data;

namespace {

QJsonObject parse(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestDataJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listBuildsParentLinks();
    void manifestKeepsSourcesStepsAndSplits();
    void previewKeepsProblemsByFileAndLine();
    void filterResultCountsPerStep();
    void statsHistogramsAndCounts();
    void histogramWithWrongEdgesIsDropped();
    void templateTokensAndChecks();
    void splitAndExportResults();
    void exportAndShapingCommandLines();
    void progressRowText();
    void recordTextOfEveryKind();
    void recipeTextIsChecked();
    void importCommandLine();
    void etaFromElapsedTime();
};

void TestDataJson::listBuildsParentLinks()
{
    const auto list = datasetListFromJson(parse(R"({"datasets":[
        {"id":1,"name":"raw","record_kind":"chat","layout":"alpaca","rows":1100,"rejected":2,"parent":null,"created_at":5},
        {"id":2,"name":"clean","record_kind":"chat","layout":"alpaca","rows":990,"rejected":0,"parent":"raw","created_at":6}]})"));
    QCOMPARE(list.size(), 2);
    QCOMPARE(list[0].name, QStringLiteral("raw"));
    QCOMPARE(list[0].parent, QString()); // null: an import
    QCOMPARE(list[0].rows, 1100);
    QCOMPARE(list[0].rejected, 2);
    QCOMPARE(list[1].parent, QStringLiteral("raw"));
    QCOMPARE(list[1].recordKind, QStringLiteral("chat"));
}

void TestDataJson::manifestKeepsSourcesStepsAndSplits()
{
    const auto m = datasetManifestFromJson(parse(R"({"name":"clean","kind":"text","layout":"text","rows":7,
        "rejected":0,"parent":"raw","recipe":[{"step":"length","min":3}],
        "steps":[{"step":{"step":"length","min":3},"rows_in":10,"rows_out":7,"changed":0,
                  "removed_samples":[{"row":4,"source":{"file":"a.txt","line":9},"reason":"too short","text":"hi"}]}],
        "sources":[{"path":"/d/a.txt","sha256":"ab12","bytes":40,"format":"text","layout":"text","rows":10,"rejected":0}],
        "splits":{"train":6,"test":1,"seed":1},"tool_version":"llmwb 0.1","records_sha256":"ff","created_at":1.5,
        "id":3,"dir":"/p/datasets/clean","children":["clean-2"]})"));
    QCOMPARE(m.id, 3);
    QCOMPARE(m.parent, QStringLiteral("raw"));
    QCOMPARE(m.recipe.size(), 1);
    QCOMPARE(m.steps.size(), 1);
    QCOMPARE(m.steps[0].rowsIn - m.steps[0].rowsOut, 3);
    QCOMPARE(m.steps[0].removed.size(), 1);
    QCOMPARE(m.steps[0].removed[0].line, 9);
    QCOMPARE(m.steps[0].removed[0].reason, QStringLiteral("too short"));
    QCOMPARE(m.sources.size(), 1);
    QCOMPARE(m.sources[0].path, QStringLiteral("/d/a.txt")); // the manifest's key is "path"
    QCOMPARE(m.sources[0].sha256, QStringLiteral("ab12"));
    QCOMPARE(m.splits.value(QStringLiteral("train")).toInt(), 6);
    QCOMPARE(m.children, QStringList{QStringLiteral("clean-2")});
}

void TestDataJson::previewKeepsProblemsByFileAndLine()
{
    const auto files = importPreviewFromJson(parse(R"({"preview":[{"file":"x.jsonl","format":"jsonl",
        "layout":"alpaca","records":[{"messages":[{"role":"user","content":"q"}]}],
        "problems":[{"file":"x.jsonl","line":3,"field":"output","reason":"missing"}],"error":""}]})"));
    QCOMPARE(files.size(), 1);
    QCOMPARE(files[0].records.size(), 1);
    QCOMPARE(files[0].problems.size(), 1);
    QCOMPARE(files[0].problems[0].line, 3);
    QCOMPARE(files[0].problems[0].field, QStringLiteral("output"));
}

void TestDataJson::filterResultCountsPerStep()
{
    const auto r = filterResultFromJson(parse(R"({"dataset":"f","rows_in":100,"rows_out":80,"steps":[
        {"step":{"step":"exact_dedup"},"rows_in":100,"rows_out":90,"changed":0,"removed_samples":[]},
        {"step":{"step":"pii"},"rows_in":90,"rows_out":90,"changed":12,"removed_samples":[]},
        {"step":{"step":"length"},"rows_in":90,"rows_out":80,"changed":0,"removed_samples":[
            {"row":1,"source":{"file":"a","line":2},"reason":"r","text":"t"}]}]})"));
    QCOMPARE(r.steps.size(), 3);
    // Each step starts from what the one before it kept.
    for (int i = 1; i < r.steps.size(); ++i)
        QCOMPARE(r.steps[i].rowsIn, r.steps[i - 1].rowsOut);
    QCOMPARE(r.steps.last().rowsOut, r.rowsOut);
    QCOMPARE(r.steps[1].changed, 12);
    QCOMPARE(r.steps[2].removed[0].file, QStringLiteral("a"));
}

void TestDataJson::statsHistogramsAndCounts()
{
    const auto s = dataStatsFromJson(parse(R"({"rows":10,"kinds":{"chat":10},
        "chars":{"histogram":{"edges":[0,10,20,30],"counts":[2,5,3]},"mean":14.5,"p50":15,"p95":28,"max":29},
        "empty_fields":{"input":4},"languages":{"en":9,"vi":1},"duplicates":{"exact":2},
        "splits":{"train":{"rows":9,"tokens":900},"test":{"rows":1,"tokens":100}}})"));
    QCOMPARE(s.rows, 10);
    QCOMPARE(s.kinds.value(QStringLiteral("chat")), 10);
    QCOMPARE(s.chars.counts.size(), 3);
    QCOMPARE(s.chars.edges.size(), 4);
    double sum = 0;
    for (double c : s.chars.counts)
        sum += c;
    QCOMPARE(sum, 10.0); // every row in one bin
    QVERIFY(s.tokens.isEmpty()); // no tokenizer given
    QCOMPARE(s.emptyFields.value(QStringLiteral("input")), 4);
    QCOMPARE(s.languages.value(QStringLiteral("vi")), 1);
    QCOMPARE(s.exactDuplicates, 2);
    QCOMPARE(s.splits.value(QStringLiteral("train")).tokens, 900);
}

void TestDataJson::histogramWithWrongEdgesIsDropped()
{
    const auto h = histogramFromJson(parse(R"({"histogram":{"edges":[0,10],"counts":[1,2,3]},"mean":1})"));
    QVERIFY(h.isEmpty());
    QVERIFY(h.edges.isEmpty());
}

void TestDataJson::templateTokensAndChecks()
{
    // As template_preview.h writes it: tokens as [id, piece, loss] triples, one sequence
    // per row (two for a preference row), the checks of shape_checks.h.
    const auto p = templatePreviewFromJson(parse(R"({"dataset":"d","loss":"assistant","context":0,
        "answer_end":{"marker":"<|im_end|>","marker_is_special_token":false,"eos_after_answer":true,"eos_id":50256},
        "rows":[{"row":0,"source":{"file":"a.json","line":3},"kind":"chat","sequences":[
            {"text":"<|im_start|>user hi","tokens":[[27,"<|",0],[7,"hi",1],[8,"!",true]],"loss_tokens":2,"length":3,
             "full_length":5,"truncated":true}]},
                {"row":1,"source":{"file":"a.json","line":4},"kind":"preference","sequences":[
            {"text":"a","tokens":[[1,"a",1]]},{"text":"b","tokens":[[2,"b",0]]}]}],
        "checks":{"rows":10,"sequences":11,"tokens":400,"loss_tokens":120,"longest_sequence":90,"answers":10,
                  "answers_without_end":1,"rows_without_end":1,"truncated_rows":3,"rows_without_loss":4,
                  "stop_strings_never_rendered":[],"stop_strings_never_trained":["<|im_end|>"]}})"));
    QCOMPARE(p.rows.size(), 2);
    QCOMPARE(p.rows[0].sourceLine, 3);
    const TemplateSequence& first = p.rows[0].sequences.at(0);
    QCOMPARE(first.tokens.size(), 3);
    QCOMPARE(first.tokens[1].id, 7);
    QVERIFY(!first.tokens[0].loss);
    QVERIFY(first.tokens[1].loss);
    QVERIFY(first.tokens[2].loss); // true as a flag means loss, like 1
    QVERIFY(first.truncated);
    QCOMPARE(first.fullLength - first.length, 2);
    QCOMPARE(p.rows[1].sequences.size(), 2); // chosen and rejected
    QVERIFY(p.checks.present);
    QCOMPARE(p.checks.rowsWithoutEnd + p.checks.truncatedRows + p.checks.rowsWithoutLoss, 1 + 3 + 4);
    QCOMPARE(p.checks.stopStringsNeverTrained, QStringList{QStringLiteral("<|im_end|>")});
    QCOMPARE(p.answerEndMarker, QStringLiteral("<|im_end|>"));
    // Rows only (--rows-only-preview): no checks.
    QVERIFY(!templatePreviewFromJson(parse(R"({"rows":[]})")).checks.present);
}

void TestDataJson::splitAndExportResults()
{
    const SplitCounts split = splitCountsFromJson(parse(R"({"train":990,"validation":55,"test":55,"seed":7,
        "group_by":null})"));
    QCOMPARE(split.train + split.validation + split.test, 1100);
    QCOMPARE(split.seed, 7);
    QVERIFY(split.groupBy.isEmpty());
    const ExportResult jsonl = exportResultFromJson(parse(R"({"dataset":"d","format":"jsonl","layout":"alpaca",
        "rows":12,"tokens":0,"files":["/x/d.jsonl"]})"));
    QCOMPARE(jsonl.rows, 12);
    QCOMPARE(jsonl.files, QStringList{QStringLiteral("/x/d.jsonl")});
    QVERIFY(!jsonl.checks.present);
    const ExportResult tokens = exportResultFromJson(parse(R"({"dataset":"d","format":"sft","rows":12,
        "tokens":3400,"files":["/x/sft.bin","/x/shape.json"],"checks":{"rows":12,"truncated_rows":2}})"));
    QCOMPARE(tokens.tokens, 3400);
    QCOMPARE(tokens.checks.truncatedRows, 2);
}

void TestDataJson::recordTextOfEveryKind()
{
    QCOMPARE(recordKind(parse(R"({"text":"a"})")), QStringLiteral("text"));
    QCOMPARE(recordText(parse(R"({"text":"a\nb"})")), QStringLiteral("a↵b"));
    QCOMPARE(recordText(parse(R"({"messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}]})")),
             QStringLiteral("user: q | assistant: a"));
    QCOMPARE(recordKind(parse(R"({"prompt":[],"chosen":[],"rejected":[]})")), QStringLiteral("preference"));
    QCOMPARE(recordText(parse(R"({"question":"2+2?","choices":["3","4"],"answer":1})")),
             QStringLiteral("2+2? A) 3 B) 4"));
    QCOMPARE(recordText(parse(R"({"text":"abcdef"})"), 3), QStringLiteral("abc…"));
}

void TestDataJson::recipeTextIsChecked()
{
    QString error;
    QCOMPARE(recipeFromText(R"([{"step":"length","min":3},{"step":"pii"}])", &error).size(), 2);
    QVERIFY(error.isEmpty());
    QVERIFY(recipeFromText(R"({"step":"pii"})", &error).isEmpty());
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(recipeFromText(R"([{"step":"pii"},{"step":"sparkle"}])", &error).isEmpty());
    QVERIFY2(error.contains(QStringLiteral("2")) && error.contains(QStringLiteral("sparkle")), qPrintable(error));
    // Every kind the builder offers starts as a step of that kind.
    for (const QString& kind : recipeStepKinds())
        QCOMPARE(defaultRecipeStep(kind).value(QStringLiteral("step")).toString(), kind);
}

void TestDataJson::importCommandLine()
{
    ImportRequest r;
    r.projectDir = QStringLiteral("/p");
    r.inputs = {QStringLiteral("/a.csv"), QStringLiteral("/b.csv")};
    r.format = QStringLiteral("alpaca");
    r.columnMap = {{QStringLiteral("instruction"), QStringLiteral("question")}};
    r.skipBadRows = true;
    const QStringList args = importJob(r).arguments;
    QCOMPARE(args.count(QStringLiteral("--input")), 2);
    QVERIFY(args.contains(QStringLiteral("instruction=question")));
    QVERIFY(args.contains(QStringLiteral("--skip-bad-rows")));
    QCOMPARE(args.last(), QStringLiteral("--events"));
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--project")) + 1), QStringLiteral("/p"));
    const QStringList preview = importPreviewArguments(r, 5);
    QVERIFY(!preview.contains(QStringLiteral("--project"))); // a preview writes nothing
    QCOMPARE(preview.at(preview.indexOf(QStringLiteral("--preview")) + 1), QStringLiteral("5"));
}

void TestDataJson::exportAndShapingCommandLines()
{
    ExportRequest r;
    r.projectDir = QStringLiteral("/p");
    r.dataset = QStringLiteral("d");
    r.output = QStringLiteral("/out/d.jsonl");
    r.layout = QStringLiteral("sharegpt");
    r.templateName = QStringLiteral("chatml"); // ignored for JSON Lines
    QStringList args = exportJob(r).arguments;
    QCOMPARE(args.mid(0, 2), (QStringList{QStringLiteral("data"), QStringLiteral("export")}));
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--format")) + 1), QStringLiteral("jsonl"));
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--layout")) + 1), QStringLiteral("sharegpt"));
    QVERIFY(!args.contains(QStringLiteral("--template"))); // the worker refuses shaping flags it does not use
    QCOMPARE(args.last(), QStringLiteral("--events"));

    r.format = QStringLiteral("tokens");
    r.tokenizer = QStringLiteral("/tok");
    r.context = 256;
    args = exportJob(r).arguments;
    QVERIFY(!args.contains(QStringLiteral("--layout"))); // --layout is for jsonl only
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--template")) + 1), QStringLiteral("chatml"));
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--tokenizer")) + 1), QStringLiteral("/tok"));
    QCOMPARE(args.at(args.indexOf(QStringLiteral("--context")) + 1), QStringLiteral("256"));
    r.templateName.clear(); // text datasets need none
    QVERIFY(!exportJob(r).arguments.contains(QStringLiteral("--template")));

    // A filter names a tokenizer only when one is chosen.
    QVERIFY(!filterJob(QStringLiteral("/p"), QStringLiteral("d"), QStringLiteral("/r.json"), QStringLiteral("e"))
                 .arguments.contains(QStringLiteral("--tokenizer")));
    const QStringList filter =
        filterJob(QStringLiteral("/p"), QStringLiteral("d"), QStringLiteral("/r.json"), QStringLiteral("e"), QStringLiteral("/tok"))
            .arguments;
    QCOMPARE(filter.at(filter.indexOf(QStringLiteral("--tokenizer")) + 1), QStringLiteral("/tok"));

    TemplateRequest t;
    t.tokenizer = QStringLiteral("/tok");
    const QStringList preview = templateArguments(QStringLiteral("/p"), QStringLiteral("d"), t);
    QVERIFY(!preview.contains(QStringLiteral("--context"))); // 0: the worker's default
    QCOMPARE(preview.last(), QStringLiteral("--json"));
}

void TestDataJson::progressRowText()
{
    ProgressEvent e = ProgressEvent::fromJson(parse(R"({"event":"progress","stage":"importing","fraction":0.5,
        "rows":12000,"rejected":3,"message":"/data/in/a.jsonl"})"));
    QCOMPARE(e.rows, 12000);
    QCOMPARE(e.rejected, 3);
    const QString text = JobProgressRow::progressText(e, -1);
    QVERIFY2(text.contains(QLocale().toString(12000)) && text.contains(QStringLiteral("3 rejected")), qPrintable(text));
    QVERIFY2(text.endsWith(QStringLiteral("a.jsonl")) && !text.contains(QStringLiteral("/data")), qPrintable(text));
    // A filter tells rows but not rejections; a job that tells neither shows neither.
    e = ProgressEvent::fromJson(parse(R"({"event":"progress","stage":"filtering","fraction":0.1,"rows":40})"));
    QCOMPARE(e.rejected, -1);
    QVERIFY(!JobProgressRow::progressText(e, -1).contains(QStringLiteral("rejected")));
    QVERIFY(!JobProgressRow::progressText(ProgressEvent::fromJson(parse(R"({"fraction":0.1})")), -1)
                 .contains(QStringLiteral("rows")));
}

void TestDataJson::etaFromElapsedTime()
{
    // A quarter done in 10 s: three quarters left take 30 s.
    QCOMPARE(DataJob::estimateEta(10, 0.25), 30.0);
    QCOMPARE(DataJob::estimateEta(10, 0.01), -1.0); // too early to tell
    QCOMPARE(DataJob::estimateEta(0.5, 0.5), -1.0);
    QCOMPARE(DataJob::estimateEta(10, 1.0), -1.0);
}

LW_TEST_GUILESS_MAIN(TestDataJson)
#include "test_data_json.moc"

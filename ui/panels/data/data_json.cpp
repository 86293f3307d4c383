#include "ui/panels/data/data_json.h"

namespace lw::ui::data {

namespace {

QString str(const QJsonObject& json, const char* key)
{
    return json.value(QLatin1String(key)).toString();
}

// Counts arrive as JSON numbers; a double holds every count a dataset can have exactly.
qint64 count(const QJsonObject& json, const char* key)
{
    return qint64(json.value(QLatin1String(key)).toDouble());
}

QMap<QString, qint64> countMap(const QJsonValue& value)
{
    QMap<QString, qint64> map;
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        map.insert(it.key(), qint64(it.value().toDouble()));
    return map;
}

QList<double> numbers(const QJsonValue& value)
{
    QList<double> list;
    for (const QJsonValue& v : value.toArray())
        list.append(v.toDouble());
    return list;
}

RowProblem rowProblemFromJson(const QJsonObject& json)
{
    return {str(json, "file"), count(json, "line"), str(json, "field"), str(json, "reason")};
}

SourceEntry sourceFromJson(const QJsonObject& json)
{
    SourceEntry s;
    // The manifest says "path", the import result "file".
    s.path = json.contains(QLatin1String("path")) ? str(json, "path") : str(json, "file");
    s.format = str(json, "format");
    s.layout = str(json, "layout");
    s.rows = count(json, "rows");
    s.rejected = count(json, "rejected");
    s.sha256 = str(json, "sha256");
    return s;
}

QList<SourceEntry> sourcesFromJson(const QJsonValue& value)
{
    QList<SourceEntry> list;
    for (const QJsonValue& v : value.toArray())
        list.append(sourceFromJson(v.toObject()));
    return list;
}

} // namespace

QList<DatasetEntry> datasetListFromJson(const QJsonObject& json)
{
    QList<DatasetEntry> list;
    for (const QJsonValue& v : json.value(QLatin1String("datasets")).toArray()) {
        const QJsonObject o = v.toObject();
        DatasetEntry e;
        e.id = count(o, "id");
        e.name = str(o, "name");
        e.recordKind = str(o, "record_kind");
        e.layout = str(o, "layout");
        e.rows = count(o, "rows");
        e.rejected = count(o, "rejected");
        e.parent = str(o, "parent"); // null reads as ""
        e.createdAt = o.value(QLatin1String("created_at")).toDouble();
        list.append(e);
    }
    return list;
}

QList<StepResult> stepResultsFromJson(const QJsonArray& steps)
{
    QList<StepResult> list;
    for (const QJsonValue& v : steps) {
        const QJsonObject o = v.toObject();
        StepResult s;
        s.step = o.value(QLatin1String("step")).toObject();
        s.rowsIn = count(o, "rows_in");
        s.rowsOut = count(o, "rows_out");
        s.changed = count(o, "changed");
        for (const QJsonValue& r : o.value(QLatin1String("removed_samples")).toArray()) {
            const QJsonObject sample = r.toObject();
            const QJsonObject source = sample.value(QLatin1String("source")).toObject();
            s.removed.append({count(sample, "row"), str(source, "file"), count(source, "line"), str(sample, "reason"),
                              str(sample, "text")});
        }
        list.append(s);
    }
    return list;
}

DatasetManifest datasetManifestFromJson(const QJsonObject& json)
{
    DatasetManifest m;
    m.id = count(json, "id");
    m.name = str(json, "name");
    m.dir = str(json, "dir");
    m.kind = str(json, "kind");
    m.layout = str(json, "layout");
    m.rows = count(json, "rows");
    m.rejected = count(json, "rejected");
    m.parent = str(json, "parent");
    m.recipe = json.value(QLatin1String("recipe")).toArray();
    m.steps = stepResultsFromJson(json.value(QLatin1String("steps")).toArray());
    m.sources = sourcesFromJson(json.value(QLatin1String("sources")));
    m.splits = json.value(QLatin1String("splits")).toObject();
    m.toolVersion = str(json, "tool_version");
    m.recordsSha256 = str(json, "records_sha256");
    m.createdAt = json.value(QLatin1String("created_at")).toDouble();
    for (const QJsonValue& c : json.value(QLatin1String("children")).toArray())
        m.children.append(c.toString());
    return m;
}

QList<PreviewFile> importPreviewFromJson(const QJsonObject& json)
{
    QList<PreviewFile> list;
    for (const QJsonValue& v : json.value(QLatin1String("preview")).toArray()) {
        const QJsonObject o = v.toObject();
        PreviewFile p;
        p.file = str(o, "file");
        p.format = str(o, "format");
        p.layout = str(o, "layout");
        p.error = str(o, "error");
        for (const QJsonValue& r : o.value(QLatin1String("records")).toArray())
            p.records.append(r.toObject());
        for (const QJsonValue& r : o.value(QLatin1String("problems")).toArray())
            p.problems.append(rowProblemFromJson(r.toObject()));
        list.append(p);
    }
    return list;
}

ImportResult importResultFromJson(const QJsonObject& json)
{
    ImportResult r;
    r.dataset = str(json, "dataset");
    r.id = count(json, "id");
    r.layout = str(json, "layout");
    r.kind = str(json, "kind");
    r.rows = count(json, "rows");
    r.rejected = count(json, "rejected");
    r.report = str(json, "report");
    r.sources = sourcesFromJson(json.value(QLatin1String("sources")));
    return r;
}

FilterResult filterResultFromJson(const QJsonObject& json)
{
    FilterResult r;
    r.dataset = str(json, "dataset");
    r.rowsIn = count(json, "rows_in");
    r.rowsOut = count(json, "rows_out");
    r.steps = stepResultsFromJson(json.value(QLatin1String("steps")).toArray());
    return r;
}

Histogram histogramFromJson(const QJsonObject& json)
{
    Histogram h;
    const QJsonObject histogram = json.value(QLatin1String("histogram")).toObject();
    h.edges = numbers(histogram.value(QLatin1String("edges")));
    h.counts = numbers(histogram.value(QLatin1String("counts")));
    // A histogram whose edges do not bound its counts cannot be drawn: shown as none.
    if (h.edges.size() != h.counts.size() + 1) {
        h.edges.clear();
        h.counts.clear();
    }
    h.mean = json.value(QLatin1String("mean")).toDouble();
    h.p50 = json.value(QLatin1String("p50")).toDouble();
    h.p95 = json.value(QLatin1String("p95")).toDouble();
    h.max = json.value(QLatin1String("max")).toDouble();
    return h;
}

DataStats dataStatsFromJson(const QJsonObject& json)
{
    DataStats s;
    s.rows = count(json, "rows");
    s.kinds = countMap(json.value(QLatin1String("kinds")));
    s.chars = histogramFromJson(json.value(QLatin1String("chars")).toObject());
    s.tokens = histogramFromJson(json.value(QLatin1String("tokens")).toObject());
    s.emptyFields = countMap(json.value(QLatin1String("empty_fields")));
    s.languages = countMap(json.value(QLatin1String("languages")));
    s.exactDuplicates = count(json.value(QLatin1String("duplicates")).toObject(), "exact");
    const QJsonObject splits = json.value(QLatin1String("splits")).toObject();
    for (auto it = splits.begin(); it != splits.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        s.splits.insert(it.key(), {count(o, "rows"), count(o, "tokens")});
    }
    return s;
}

ShapeChecks shapeChecksFromJson(const QJsonValue& json)
{
    ShapeChecks c;
    const QJsonObject o = json.toObject();
    c.present = !o.isEmpty();
    c.rows = count(o, "rows");
    c.sequences = count(o, "sequences");
    c.tokens = count(o, "tokens");
    c.lossTokens = count(o, "loss_tokens");
    c.longestSequence = count(o, "longest_sequence");
    c.answers = count(o, "answers");
    c.answersWithoutEnd = count(o, "answers_without_end");
    c.rowsWithoutEnd = count(o, "rows_without_end");
    c.truncatedRows = count(o, "truncated_rows");
    c.rowsWithoutLoss = count(o, "rows_without_loss");
    for (const QJsonValue& v : o.value(QLatin1String("stop_strings_never_rendered")).toArray())
        c.stopStringsNeverRendered.append(v.toString());
    for (const QJsonValue& v : o.value(QLatin1String("stop_strings_never_trained")).toArray())
        c.stopStringsNeverTrained.append(v.toString());
    return c;
}

namespace {

TemplateToken templateTokenFromJson(const QJsonValue& value)
{
    const QJsonArray triple = value.toArray();
    const QJsonValue loss = triple.at(2);
    // A loss flag may be written as 1/0 or as true/false.
    return {qint64(triple.at(0).toDouble()), triple.at(1).toString(),
            loss.isBool() ? loss.toBool() : loss.toDouble() != 0};
}

TemplateSequence templateSequenceFromJson(const QJsonObject& json)
{
    TemplateSequence s;
    s.text = str(json, "text");
    for (const QJsonValue& t : json.value(QLatin1String("tokens")).toArray())
        s.tokens.append(templateTokenFromJson(t));
    s.lossTokens = count(json, "loss_tokens");
    s.length = count(json, "length");
    s.fullLength = count(json, "full_length");
    s.truncated = json.value(QLatin1String("truncated")).toBool();
    return s;
}

} // namespace

qint64 DataStats::totalTokens() const
{
    qint64 sum = 0;
    for (const SplitStats& s : splits)
        sum += s.tokens;
    return sum;
}

TemplatePreview templatePreviewFromJson(const QJsonObject& json)
{
    TemplatePreview p;
    for (const QJsonValue& v : json.value(QLatin1String("rows")).toArray()) {
        const QJsonObject o = v.toObject();
        TemplateRow row;
        row.row = count(o, "row");
        row.kind = str(o, "kind");
        const QJsonObject source = o.value(QLatin1String("source")).toObject();
        row.sourceFile = str(source, "file");
        row.sourceLine = count(source, "line");
        for (const QJsonValue& s : o.value(QLatin1String("sequences")).toArray())
            row.sequences.append(templateSequenceFromJson(s.toObject()));
        p.rows.append(row);
    }
    p.checks = shapeChecksFromJson(json.value(QLatin1String("checks")));
    const QJsonObject end = json.value(QLatin1String("answer_end")).toObject();
    p.answerEndMarker = str(end, "marker");
    p.eosAfterAnswer = end.value(QLatin1String("eos_after_answer")).toBool();
    return p;
}

SplitCounts splitCountsFromJson(const QJsonObject& splits)
{
    SplitCounts s;
    s.train = count(splits, "train");
    s.validation = count(splits, "validation");
    s.test = count(splits, "test");
    s.seed = count(splits, "seed");
    s.groupBy = str(splits, "group_by"); // null reads as ""
    return s;
}

ExportResult exportResultFromJson(const QJsonObject& json)
{
    ExportResult r;
    r.dataset = str(json, "dataset");
    r.format = str(json, "format");
    r.layout = str(json, "layout");
    r.rows = count(json, "rows");
    r.tokens = count(json, "tokens");
    for (const QJsonValue& f : json.value(QLatin1String("files")).toArray())
        r.files.append(f.toString());
    r.checks = shapeChecksFromJson(json.value(QLatin1String("checks")));
    return r;
}

} // namespace lw::ui::data

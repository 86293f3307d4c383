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

TemplatePreview templatePreviewFromJson(const QJsonObject& json)
{
    TemplatePreview p;
    for (const QJsonValue& v : json.value(QLatin1String("rows")).toArray()) {
        const QJsonObject o = v.toObject();
        TemplateRow row;
        row.text = str(o, "text");
        for (const QJsonValue& t : o.value(QLatin1String("tokens")).toArray()) {
            const QJsonObject token = t.toObject();
            const QJsonValue loss = token.value(QLatin1String("loss"));
            // A mask may be written as true/false or as 1/0.
            row.tokens.append({count(token, "id"), str(token, "text"), loss.isBool() ? loss.toBool() : loss.toDouble() != 0});
        }
        p.rows.append(row);
    }
    const QJsonObject checks = json.value(QLatin1String("checks")).toObject();
    p.missingEos = count(checks, "missing_eos");
    p.stopNeverAppears = count(checks, "stop_never_appears");
    p.truncated = count(checks, "truncated");
    p.noLossTokens = count(checks, "no_loss_tokens");
    return p;
}

QMap<QString, qint64> splitCountsFromJson(const QJsonObject& json)
{
    return countMap(json.value(QLatin1String("splits")));
}

} // namespace lw::ui::data

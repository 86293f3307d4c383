#pragma once
// What the `llmwb data ...` commands print (their --json lines and --events results),
// read into plain values for the Data panel. Lenient as the worker protocol asks:
// unknown fields are ignored, missing ones keep their defaults, so a newer worker with
// more fields still reads.
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace lw::ui::data {

// One dataset version of `data list`.
struct DatasetEntry {
    qint64 id = 0;
    QString name;
    QString recordKind;
    QString layout;
    qint64 rows = 0;
    qint64 rejected = 0;
    QString parent; // "" for an import
    double createdAt = 0;
};
QList<DatasetEntry> datasetListFromJson(const QJsonObject& json);

// A row a job refused or removed, with where it came from.
struct RowProblem {
    QString file;
    qint64 line = 0;
    QString field;
    QString reason;
};

struct RemovedSample {
    qint64 row = 0;
    QString file;
    qint64 line = 0;
    QString reason;
    QString text;
};

// What one recipe step did.
struct StepResult {
    QJsonObject step; // as written in the recipe
    qint64 rowsIn = 0;
    qint64 rowsOut = 0;
    qint64 changed = 0;
    QList<RemovedSample> removed;
};
QList<StepResult> stepResultsFromJson(const QJsonArray& steps);

struct SourceEntry {
    QString path;
    QString format;
    QString layout;
    qint64 rows = 0;
    qint64 rejected = 0;
    QString sha256;
};

// `data show NAME --json`: the manifest with the version's id, folder and children.
struct DatasetManifest {
    qint64 id = 0;
    QString name;
    QString dir;
    QString kind;
    QString layout;
    qint64 rows = 0;
    qint64 rejected = 0;
    QString parent;
    QJsonArray recipe; // empty for an import
    QList<StepResult> steps;
    QList<SourceEntry> sources;
    QJsonObject splits;
    QString toolVersion;
    QString recordsSha256;
    double createdAt = 0;
    QStringList children;
};
DatasetManifest datasetManifestFromJson(const QJsonObject& json);

// `data import --preview N --json`: per file, its first rows as records and the rows
// it would refuse.
struct PreviewFile {
    QString file;
    QString format;
    QString layout;
    QList<QJsonObject> records;
    QList<RowProblem> problems;
    QString error;
};
QList<PreviewFile> importPreviewFromJson(const QJsonObject& json);

// `data import` result (--json line or the `result` event).
struct ImportResult {
    QString dataset;
    qint64 id = 0;
    QString layout;
    QString kind;
    qint64 rows = 0;
    qint64 rejected = 0;
    QString report; // rejected.jsonl, "" when nothing was rejected
    QList<SourceEntry> sources;
};
ImportResult importResultFromJson(const QJsonObject& json);

// `data filter` result.
struct FilterResult {
    QString dataset;
    qint64 rowsIn = 0;
    qint64 rowsOut = 0;
    QList<StepResult> steps;
};
FilterResult filterResultFromJson(const QJsonObject& json);

struct Histogram {
    QList<double> edges; // counts.size() + 1 of them
    QList<double> counts;
    double mean = 0, p50 = 0, p95 = 0, max = 0;
    bool isEmpty() const { return counts.isEmpty(); }
};
Histogram histogramFromJson(const QJsonObject& json);

struct SplitStats {
    qint64 rows = 0;
    qint64 tokens = 0;
};

// `data stats --json`.
struct DataStats {
    qint64 rows = 0;
    QMap<QString, qint64> kinds;
    Histogram chars;
    Histogram tokens; // empty without a tokenizer
    QMap<QString, qint64> emptyFields;
    QMap<QString, qint64> languages;
    qint64 exactDuplicates = 0;
    QMap<QString, SplitStats> splits; // "all" when the rows were never split
    qint64 totalTokens() const; // over every split; 0 without a tokenizer
};
DataStats dataStatsFromJson(const QJsonObject& json);

// `data template --json`: rows as the model sees them, token by token. Each row holds
// one sequence (two for a preference row: chosen and rejected); tokens arrive as
// [id, piece, loss] triples.
struct TemplateToken {
    qint64 id = 0;
    QString text;
    bool loss = false;
};
struct TemplateSequence {
    QString text;
    QList<TemplateToken> tokens;
    qint64 lossTokens = 0;
    qint64 length = 0;     // tokens kept
    qint64 fullLength = 0; // tokens before the context length cut
    bool truncated = false;
};
struct TemplateRow {
    qint64 row = 0;
    QString kind;
    QString sourceFile;
    qint64 sourceLine = 0;
    QList<TemplateSequence> sequences;
};
// The counts of the dataset checks over every row (shape_checks.h).
struct ShapeChecks {
    bool present = false; // absent when only the preview rows were rendered
    qint64 rows = 0, sequences = 0, tokens = 0, lossTokens = 0, longestSequence = 0;
    qint64 answers = 0, answersWithoutEnd = 0;
    qint64 rowsWithoutEnd = 0, truncatedRows = 0, rowsWithoutLoss = 0;
    QStringList stopStringsNeverRendered, stopStringsNeverTrained;
};
ShapeChecks shapeChecksFromJson(const QJsonValue& json);
struct TemplatePreview {
    QList<TemplateRow> rows;
    ShapeChecks checks;
    QString answerEndMarker; // what ends an answer: the template's stop string, or ""
    bool eosAfterAnswer = false;
};
TemplatePreview templatePreviewFromJson(const QJsonObject& json);

// Rows per split, as `data split --json` and the manifest write them.
struct SplitCounts {
    qint64 train = 0, validation = 0, test = 0;
    qint64 seed = 0;
    QString groupBy; // "" for none
};
SplitCounts splitCountsFromJson(const QJsonObject& splits);

// `data export` result (--json line or the `result` event).
struct ExportResult {
    QString dataset;
    QString format; // jsonl, pretraining, sft or preference
    QString layout; // jsonl only
    qint64 rows = 0;
    qint64 tokens = 0;
    QStringList files;
    ShapeChecks checks; // tokens only
};
ExportResult exportResultFromJson(const QJsonObject& json);

} // namespace lw::ui::data

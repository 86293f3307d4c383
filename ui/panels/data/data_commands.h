#pragma once
// The `llmwb data ...` command lines the Data panel runs (see `llmwb data --help`):
// jobs with progress (--events, through the job supervisor) and short queries that
// print one JSON line (--json, through DataQuery).
#include "ui/shell/job_supervisor.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace lw::ui::data {

struct ImportRequest {
    QString projectDir;
    QStringList inputs;            // files or folders
    QString format = QStringLiteral("auto"); // auto, a layout or a file format
    QString name;                  // "" lets the worker name it after the first file
    QString textUnit = QStringLiteral("paragraph");
    QMap<QString, QString> columnMap; // layout field -> source column
    bool skipBadRows = false;
};

// Flags shared by the import and its preview.
QStringList importInputArguments(const ImportRequest& request);
JobSpec importJob(const ImportRequest& request);
QStringList importPreviewArguments(const ImportRequest& request, int rows);

// `recipePath` is a JSON file written for the job (removed when it ends); `tokenizer`
// ("" for none) counts the tokens of length steps in tokens.
JobSpec filterJob(const QString& projectDir, const QString& dataset, const QString& recipePath,
                  const QString& newName, const QString& tokenizer = QString());

QStringList listArguments(const QString& projectDir);
QStringList showArguments(const QString& projectDir, const QString& dataset);
QStringList deleteArguments(const QString& projectDir, const QString& dataset);
QStringList statsArguments(const QString& projectDir, const QString& dataset, const QString& tokenizer);
struct SplitRequest {
    double train = 0.9, validation = 0.05, test = 0.05;
    qint64 seed = 1;
    QString groupBy; // "" for none
};
QStringList splitArguments(const QString& projectDir, const QString& dataset, const SplitRequest& split);
struct TemplateRequest {
    QString templateName = QStringLiteral("chatml"); // chatml, llama3, alpaca or a JSON file
    QString tokenizer;
    int rows = 8;
    QString loss = QStringLiteral("assistant"); // assistant or all
    int context = 0; // 0: the worker's default
};
QStringList templateArguments(const QString& projectDir, const QString& dataset, const TemplateRequest& request);

// `data export`: JSON Lines in a layout, or token files through a template and tokenizer.
struct ExportRequest {
    QString projectDir;
    QString dataset;
    QString format = QStringLiteral("jsonl"); // jsonl or tokens
    QString layout;        // jsonl: "" keeps the dataset's own layout
    QString templateName;  // tokens: "" only for text datasets
    QString tokenizer;     // tokens
    QString loss = QStringLiteral("assistant");
    int context = 0;       // tokens: 0 cuts nothing
    QString output;        // a file (jsonl) or a folder (tokens)
};
JobSpec exportJob(const ExportRequest& request);

} // namespace lw::ui::data

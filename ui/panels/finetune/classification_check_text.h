#pragma once
// What only a classification fine-tune's check report has (core's
// ClassificationCheckReport, `llmwb finetune --objective classify --check`), in the
// panel's words: the rows by split and by class, and its findings (a class no training
// row has, one never validated, very imbalanced classes, rows that cannot be read).
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace lw::ui::finetune {

// The report lists classes: it is a classification check's.
bool isClassificationReport(const QJsonObject& report);

// (label, value) rows of the report's figures: rows by split, then rows per class.
QList<QPair<QString, QString>> classificationDataRows(const QJsonObject& report);

// A classification finding in plain words; a null QString for codes shared with the
// other objectives (or unknown), which the caller words.
QString classificationFindingText(const QJsonObject& finding, const QJsonObject& report);

} // namespace lw::ui::finetune

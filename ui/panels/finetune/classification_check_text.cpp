#include "ui/panels/finetune/classification_check_text.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QLocale>
#include <QStringList>

namespace lw::ui::finetune {

namespace {

// The texts' translation context (lupdate reads the class's tr calls).
class ClassificationCheckText {
    Q_DECLARE_TR_FUNCTIONS(lw::ui::finetune::ClassificationCheckText)
};

struct ClassCounts {
    QStringList names;
    QList<qint64> train, val;
};

ClassCounts classCounts(const QJsonObject& report)
{
    ClassCounts counts;
    const QJsonArray names = report.value(QLatin1String("classes")).toArray();
    const QJsonArray train = report.value(QLatin1String("train_rows_per_class")).toArray();
    const QJsonArray val = report.value(QLatin1String("val_rows_per_class")).toArray();
    for (int i = 0; i < names.size(); ++i) {
        counts.names << names[i].toString();
        counts.train << qint64(train.at(i).toDouble());
        counts.val << qint64(val.at(i).toDouble());
    }
    return counts;
}

// "“spam”, “ham”": the classes with no row in a split.
QString classesWithout(const ClassCounts& counts, const QList<qint64>& rows)
{
    QStringList names;
    for (int i = 0; i < counts.names.size(); ++i)
        if (rows.value(i) == 0)
            names << QStringLiteral("“%1”").arg(counts.names[i]);
    return names.join(QStringLiteral(", "));
}

} // namespace

bool isClassificationReport(const QJsonObject& report)
{
    return report.value(QLatin1String("classes")).isArray();
}

QList<QPair<QString, QString>> classificationDataRows(const QJsonObject& report)
{
    const QLocale locale;
    const auto count = [&](const char* key) {
        return locale.toString(qint64(report.value(QLatin1String(key)).toDouble()));
    };
    QList<QPair<QString, QString>> rows;
    rows.append({ClassificationCheckText::tr("Rows"),
                 ClassificationCheckText::tr("%1 for training, %2 for validation, %3 for testing")
                     .arg(count("train_rows"), count("val_rows"), count("test_rows"))});
    const ClassCounts counts = classCounts(report);
    // Many classes would push the costs out of view: the first few, then how many more.
    constexpr int kShown = 6;
    QStringList perClass;
    for (int i = 0; i < counts.names.size() && i < kShown; ++i)
        perClass << ClassificationCheckText::tr("%1: %2 + %3")
                        .arg(counts.names[i], locale.toString(counts.train[i]), locale.toString(counts.val[i]));
    if (counts.names.size() > kShown)
        perClass << ClassificationCheckText::tr("%1 more")
                        .arg(locale.toString(qint64(counts.names.size() - kShown)));
    rows.append({ClassificationCheckText::tr("Classes (training + validation rows)"),
                 perClass.join(QStringLiteral("; "))});
    return rows;
}

QString classificationFindingText(const QJsonObject& finding, const QJsonObject& report)
{
    const QString code = finding.value(QLatin1String("code")).toString();
    if (code == QLatin1String("unreadable_rows"))
        return ClassificationCheckText::tr("The dataset cannot be read as labelled texts: %1")
            .arg(finding.value(QLatin1String("message")).toString());
    const ClassCounts counts = classCounts(report);
    if (code == QLatin1String("class_without_train_rows"))
        return ClassificationCheckText::tr(
                   "No training row has the class %1: the classifier can never learn to pick it.")
            .arg(classesWithout(counts, counts.train));
    if (code == QLatin1String("class_without_val_rows"))
        return ClassificationCheckText::tr(
                   "No validation row has the class %1: how well it is recognised is never measured.")
            .arg(classesWithout(counts, counts.val));
    if (code == QLatin1String("imbalanced_classes") && !counts.names.isEmpty()) {
        int largest = 0, smallest = 0;
        for (int i = 1; i < counts.names.size(); ++i) {
            if (counts.train[i] > counts.train[largest])
                largest = i;
            if (counts.train[i] < counts.train[smallest])
                smallest = i;
        }
        const double trainRows = report.value(QLatin1String("train_rows")).toDouble();
        const double share = trainRows > 0 ? 100.0 * double(counts.train[largest]) / trainRows : 0.0;
        const QLocale locale;
        return ClassificationCheckText::tr(
                   "The classes are very imbalanced: “%1” has %2 training rows, “%3” %4; always answering “%1” "
                   "would be right %5 % of the time. Balance the rows in the Data panel.")
            .arg(counts.names[largest], locale.toString(counts.train[largest]), counts.names[smallest],
                 locale.toString(counts.train[smallest]), locale.toString(share, 'f', 0));
    }
    return {};
}

} // namespace lw::ui::finetune

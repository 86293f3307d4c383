#pragma once
// The Quantize panel's comparison: one row per stored quality report (`llmwb
// quant-report`, evaluations of task "quant_report"), the reference model's figures on
// the first row of each group, so any number of quantizations of one model read side by
// side: size, bits per weight, perplexity and its change, mean KL divergence, top-1
// agreement, decode and prefill speed.
#include "ui/panels/evaluate/eval_store_reader.h"

#include <QTableWidget>

namespace lw::ui::quantize {

inline const QString kQuantReportTask = QStringLiteral("quant_report");

// One report's figures, read from its summary (NaN where the report lacks one).
struct QuantReportFigures {
    qint64 evaluationId = 0;
    QString model;
    QString reference;
    double bytesOnDisk = qQNaN();
    double bitsPerWeight = qQNaN();
    double perplexity = qQNaN();
    double referencePerplexity = qQNaN();
    double referenceBytesOnDisk = qQNaN();
    double klMean = qQNaN();
    double klStderr = qQNaN();
    double top1Agreement = qQNaN(); // 0..1
    double decodeTokensPerSecond = qQNaN();
    double prefillTokensPerSecond = qQNaN();
};
QuantReportFigures reportFigures(const evaluate::StoredEvaluation& evaluation);

class QuantReportTable : public QTableWidget {
    Q_OBJECT
public:
    enum Column {
        ModelColumn,
        SizeColumn,
        BitsColumn,
        PerplexityColumn,
        PerplexityChangeColumn,
        KlColumn,
        AgreementColumn,
        DecodeColumn,
        PrefillColumn,
        ColumnCount
    };

    explicit QuantReportTable(QWidget* parent = nullptr);

    // Keeps the reports whose reference is `reference` (all when empty), newest first.
    void setReports(const QList<evaluate::StoredEvaluation>& reports, const QString& reference);
    QList<QuantReportFigures> shownReports() const { return m_shown; }
    QList<QuantReportFigures> selectedReports() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void fill();
    void retranslate();

    QList<evaluate::StoredEvaluation> m_all;
    QString m_reference;
    QList<QuantReportFigures> m_shown;
};

} // namespace lw::ui::quantize

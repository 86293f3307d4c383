#include "ui/panels/quantize/quant_report_table.h"

#include "ui/widgets/number_text.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>

#include <cmath>

namespace lw::ui::quantize {

namespace {

constexpr int kIdRole = Qt::UserRole;

double number(const QJsonObject& summary, const char* key)
{
    const QJsonValue value = summary.value(QLatin1String(key));
    return value.isDouble() ? value.toDouble() : qQNaN();
}

QString fixed(double value, int decimals)
{
    return std::isnan(value) ? QStringLiteral("–") : QLocale().toString(value, 'f', decimals);
}

QString megabytes(double bytes)
{
    return std::isnan(bytes) ? QStringLiteral("–") : QLocale().toString(bytes / 1e6, 'f', bytes < 1e8 ? 2 : 0);
}

QTableWidgetItem* cell(const QString& text, bool number = true)
{
    auto* item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

QuantReportFigures reportFigures(const evaluate::StoredEvaluation& evaluation)
{
    const QJsonObject& s = evaluation.summary;
    QuantReportFigures f;
    f.evaluationId = evaluation.id;
    f.model = s.value(QLatin1String("model")).toString(evaluation.label);
    f.reference = s.value(QLatin1String("reference")).toString(
        evaluation.settings.value(QLatin1String("reference")).toString());
    f.bytesOnDisk = number(s, "bytes_on_disk");
    f.bitsPerWeight = number(s, "bits_per_weight");
    f.perplexity = number(s, "ppl");
    f.referencePerplexity = number(s, "ppl_reference");
    f.referenceBytesOnDisk = number(s, "bytes_on_disk_reference");
    f.klMean = number(s, "kl_mean");
    f.klStderr = number(s, "kl_stderr");
    f.top1Agreement = number(s, "top1_agreement");
    f.decodeTokensPerSecond = number(s, "decode_tokens_per_s");
    f.prefillTokensPerSecond = number(s, "prefill_tokens_per_s");
    return f;
}

QuantReportTable::QuantReportTable(QWidget* parent) : QTableWidget(0, ColumnCount, parent)
{
    setObjectName(QStringLiteral("quantReports"));
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    verticalHeader()->hide();
    // Every column as wide as its text (the table scrolls sideways when the window is
    // narrow): model names and the Vietnamese headers are never cut.
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
    retranslate();
}

void QuantReportTable::setReports(const QList<evaluate::StoredEvaluation>& reports, const QString& reference)
{
    m_all = reports;
    m_reference = reference;
    fill();
}

QList<QuantReportFigures> QuantReportTable::selectedReports() const
{
    QList<QuantReportFigures> selected;
    for (const QModelIndex& index : selectionModel()->selectedRows()) {
        const qint64 id = item(index.row(), ModelColumn)->data(kIdRole).toLongLong();
        for (const QuantReportFigures& f : m_shown)
            if (f.evaluationId == id)
                selected.append(f);
    }
    return selected;
}

void QuantReportTable::fill()
{
    const QList<qint64> selectedIds = [this] {
        QList<qint64> ids;
        for (const QuantReportFigures& f : selectedReports())
            ids.append(f.evaluationId);
        return ids;
    }();
    m_shown.clear();
    for (const evaluate::StoredEvaluation& e : m_all) {
        if (e.task != kQuantReportTask)
            continue;
        QuantReportFigures f = reportFigures(e);
        if (m_reference.isEmpty() || f.reference == m_reference)
            m_shown.append(f);
    }
    const QSignalBlocker blocker(this);
    clearContents();
    setRowCount(int(m_shown.size()));
    for (int row = 0; row < m_shown.size(); ++row) {
        const QuantReportFigures& f = m_shown.at(row);
        auto* name = cell(f.model, false);
        name->setData(kIdRole, f.evaluationId);
        name->setToolTip(tr("Report #%1: %2 measured against %3").arg(f.evaluationId).arg(f.model, f.reference));
        setItem(row, ModelColumn, name);
        setItem(row, SizeColumn, cell(megabytes(f.bytesOnDisk)));
        setItem(row, BitsColumn, cell(fixed(f.bitsPerWeight, 2)));
        setItem(row, PerplexityColumn, cell(fixed(f.perplexity, 3)));
        const double change = 100.0 * (f.perplexity / f.referencePerplexity - 1.0);
        setItem(row, PerplexityChangeColumn,
                cell(std::isnan(change) ? QStringLiteral("–")
                                        : (change >= 0 ? QStringLiteral("+") : QString()) + fixed(change, 2)));
        setItem(row, KlColumn, cell(std::isnan(f.klMean) ? fixed(f.klMean, 5) : formatDecimals(f.klMean, 5))); // q8_0: ~1e-6
        setItem(row, AgreementColumn, cell(fixed(100.0 * f.top1Agreement, 2)));
        setItem(row, DecodeColumn, cell(fixed(f.decodeTokensPerSecond, 1)));
        setItem(row, PrefillColumn, cell(fixed(f.prefillTokensPerSecond, 1)));
        if (selectedIds.contains(f.evaluationId))
            selectRow(row);
    }
}

void QuantReportTable::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QTableWidget::changeEvent(event);
}

void QuantReportTable::retranslate()
{
    setHorizontalHeaderLabels({tr("Model"), tr("Size (MB)"), tr("Bits/weight"), tr("Perplexity"), tr("Change (%)"),
                               tr("Mean KL"), tr("Same top-1 (%)"), tr("Decode (tok/s)"), tr("Prefill (tok/s)")});
    const QList<QPair<int, QString>> tips = {
        {SizeColumn, tr("The model's file size.")},
        {BitsColumn, tr("Bits per weight of the matrices.")},
        {PerplexityColumn, tr("Perplexity on the report's data; lower is better.")},
        {PerplexityChangeColumn, tr("Perplexity relative to the original model's on the same tokens.")},
        {KlColumn, tr("Mean KL divergence of the next-token distribution from the original's; 0 is identical.")},
        {AgreementColumn, tr("How often the most likely next token is the original's.")},
        {DecodeColumn, tr("Generation speed on this machine, tokens per second.")},
        {PrefillColumn, tr("Prompt processing speed on this machine, tokens per second.")},
    };
    for (const auto& [column, tip] : tips)
        if (QTableWidgetItem* header = horizontalHeaderItem(column))
            header->setToolTip(tip);
}

} // namespace lw::ui::quantize

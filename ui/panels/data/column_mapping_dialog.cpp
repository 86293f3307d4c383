#include "ui/panels/data/column_mapping_dialog.h"

#include "core/records/source_rows.h"
#include "ui/shell/background.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <exception>

namespace lw::ui::data {

namespace {

struct ColumnsRead {
    QStringList columns;
    QString error;
};

} // namespace

QStringList ColumnMappingDialog::layouts()
{
    return {QStringLiteral("text"),     QStringLiteral("alpaca"),     QStringLiteral("sharegpt"),
            QStringLiteral("messages"), QStringLiteral("preference"), QStringLiteral("mc")};
}

QStringList ColumnMappingDialog::layoutFields(const QString& layout)
{
    // The fields core/records/layout.cpp reads for each layout.
    if (layout == QLatin1String("text"))
        return {QStringLiteral("text")};
    if (layout == QLatin1String("alpaca"))
        return {QStringLiteral("instruction"), QStringLiteral("input"), QStringLiteral("output"),
                QStringLiteral("system")};
    if (layout == QLatin1String("sharegpt"))
        return {QStringLiteral("conversations")};
    if (layout == QLatin1String("messages"))
        return {QStringLiteral("messages")};
    if (layout == QLatin1String("preference"))
        return {QStringLiteral("prompt"), QStringLiteral("chosen"), QStringLiteral("rejected")};
    if (layout == QLatin1String("mc"))
        return {QStringLiteral("question"), QStringLiteral("choices"), QStringLiteral("answer")};
    return {};
}

QStringList ColumnMappingDialog::readColumns(const QString& file, QString* error)
{
    QStringList columns;
    try {
        records::SourceRowHandlers handlers;
        handlers.row = [&](nlohmann::json& row, int64_t) {
            if (row.is_object())
                for (auto it = row.begin(); it != row.end(); ++it)
                    columns.append(QString::fromStdString(it.key()));
            return false; // the first row is enough
        };
        handlers.malformed = [](int64_t, const std::string&, const std::string&) { return true; };
        records::forEachSourceRow(file.toStdString(), records::SourceReadOptions{}, handlers);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
    }
    return columns;
}

ColumnMappingDialog::ColumnMappingDialog(const QString& file, const QString& layout,
                                         const QMap<QString, QString>& mapping, QWidget* parent)
    : QDialog(parent), m_file(file), m_mapping(mapping), m_layout(new QComboBox(this)), m_fields(new QFormLayout),
      m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("columnMappingDialog"));
    setWindowTitle(tr("Map columns"));
    m_layout->addItems(layouts());
    m_layout->setCurrentText(layouts().contains(layout) ? layout : QStringLiteral("alpaca"));
    m_status->setWordWrap(true);
    m_status->setText(tr("Reading the columns of %1…").arg(QFileInfo(file).fileName()));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* form = new QFormLayout;
    form->addRow(tr("Layout"), m_layout);
    auto* layoutBox = new QVBoxLayout(this);
    layoutBox->addWidget(m_status);
    layoutBox->addLayout(form);
    layoutBox->addLayout(m_fields);
    layoutBox->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_layout, &QComboBox::currentTextChanged, this, [this] {
        m_mapping = this->mapping();
        rebuildFields();
    });
    rebuildFields();
    runInBackground(
        this,
        [file] {
            ColumnsRead read;
            read.columns = readColumns(file, &read.error);
            return read;
        },
        [this](const ColumnsRead& read) {
            m_columns = read.columns;
            m_status->setText(read.error.isEmpty()
                                  ? tr("Columns of %1: pick the column each field is read from.")
                                        .arg(QFileInfo(m_file).fileName())
                                  : tr("The columns could not be read: %1").arg(read.error));
            rebuildFields();
            Q_EMIT columnsRead();
        });
}

void ColumnMappingDialog::rebuildFields()
{
    while (m_fields->rowCount() > 0)
        m_fields->removeRow(0);
    m_fieldBoxes.clear();
    for (const QString& field : layoutFields(layout())) {
        auto* box = new QComboBox(this);
        box->setObjectName(QStringLiteral("map_") + field);
        box->addItem(tr("same name"), QString());
        for (const QString& column : std::as_const(m_columns))
            box->addItem(column, column);
        const QString chosen = m_mapping.value(field);
        if (!chosen.isEmpty()) {
            if (box->findData(chosen) < 0)
                box->addItem(chosen, chosen); // kept while the columns are being read
            box->setCurrentIndex(box->findData(chosen));
        }
        m_fields->addRow(field, box);
        m_fieldBoxes.insert(field, box);
    }
}

QString ColumnMappingDialog::layout() const
{
    return m_layout->currentText();
}

QMap<QString, QString> ColumnMappingDialog::mapping() const
{
    QMap<QString, QString> map;
    for (auto it = m_fieldBoxes.begin(); it != m_fieldBoxes.end(); ++it) {
        const QString column = it.value()->currentData().toString();
        if (!column.isEmpty())
            map.insert(it.key(), column);
    }
    return map;
}

} // namespace lw::ui::data

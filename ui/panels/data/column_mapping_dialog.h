#pragma once
// Maps the columns of a CSV, TSV or Parquet file to the fields of a layout (`--map
// FIELD=COLUMN`): the file's columns are read from its first row, off the GUI thread,
// and each field of the chosen layout gets a list of them. A field left on "same name"
// is read from the column of its own name.
#include <QDialog>
#include <QMap>
#include <QStringList>

class QComboBox;
class QFormLayout;
class QLabel;

namespace lw::ui::data {

class ColumnMappingDialog : public QDialog {
    Q_OBJECT
public:
    ColumnMappingDialog(const QString& file, const QString& layout, const QMap<QString, QString>& mapping,
                        QWidget* parent = nullptr);

    // The layouts that can be mapped, and the fields each one reads.
    static QStringList layouts();
    static QStringList layoutFields(const QString& layout);
    // The column names of the file's first row; sets `error` when it cannot be read.
    static QStringList readColumns(const QString& file, QString* error);

    QString layout() const;
    QMap<QString, QString> mapping() const; // field -> column, only the fields mapped
    QStringList columns() const { return m_columns; }
    QComboBox* layoutBox() const { return m_layout; }
    QComboBox* fieldBox(const QString& field) const { return m_fieldBoxes.value(field); }

Q_SIGNALS:
    void columnsRead();

private:
    void rebuildFields();

    QString m_file;
    QStringList m_columns;
    QMap<QString, QString> m_mapping;
    QComboBox* m_layout;
    QFormLayout* m_fields;
    QLabel* m_status;
    QMap<QString, QComboBox*> m_fieldBoxes;
};

} // namespace lw::ui::data

#include "ui/panels/models/merge_dialog.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lw::ui::models {

namespace {

QDoubleSpinBox* factorBox(double value, double maximum, QWidget* parent)
{
    auto* box = new QDoubleSpinBox(parent);
    box->setRange(0, maximum);
    box->setDecimals(3);
    box->setSingleStep(0.05);
    box->setValue(value);
    return box;
}

} // namespace

MergeDialog::MergeDialog(QWidget* parent)
    : QDialog(parent), m_models(new QTableWidget(0, 3, this)), m_methodLabel(new QLabel(this)),
      m_baseLabel(new QLabel(this)), m_tLabel(new QLabel(this)), m_lambdaLabel(new QLabel(this)),
      m_seedLabel(new QLabel(this)), m_nameLabel(new QLabel(this)), m_hint(new QLabel(this)),
      m_method(new QComboBox(this)), m_base(new QComboBox(this)), m_t(factorBox(0.5, 1, this)),
      m_lambda(factorBox(1, 10, this)), m_seed(new QSpinBox(this)), m_name(new QLineEdit(this)),
      m_addRow(new QPushButton(this)), m_removeRow(new QPushButton(this)), m_mergeButton(new QPushButton(this)),
      m_cancelButton(new QPushButton(this))
{
    setObjectName(QStringLiteral("mergeDialog"));
    m_models->setObjectName(QStringLiteral("mergeModels"));
    m_models->verticalHeader()->hide();
    m_models->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    m_models->setMinimumSize(460, 160);
    m_method->setObjectName(QStringLiteral("mergeMethod"));
    m_method->addItems(mergeMethods());
    m_base->setObjectName(QStringLiteral("mergeBase"));
    m_seed->setObjectName(QStringLiteral("mergeSeed"));
    m_seed->setRange(0, 1 << 30);
    m_name->setObjectName(QStringLiteral("mergeName"));
    m_mergeButton->setObjectName(QStringLiteral("startMerge"));
    m_mergeButton->setDefault(true);
    m_hint->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(m_methodLabel, m_method);
    form->addRow(m_baseLabel, m_base);
    form->addRow(m_tLabel, m_t);
    form->addRow(m_lambdaLabel, m_lambda);
    form->addRow(m_seedLabel, m_seed);
    form->addRow(m_nameLabel, m_name);
    auto* rowButtons = new QHBoxLayout;
    rowButtons->addWidget(m_addRow);
    rowButtons->addWidget(m_removeRow);
    rowButtons->addStretch();
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_mergeButton);
    buttons->addWidget(m_cancelButton);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_hint);
    layout->addWidget(m_models, 1);
    layout->addLayout(rowButtons);
    layout->addLayout(form);
    layout->addLayout(buttons);

    connect(m_method, &QComboBox::currentIndexChanged, this, &MergeDialog::updateFields);
    connect(m_name, &QLineEdit::textChanged, this, &MergeDialog::updateFields);
    connect(m_addRow, &QPushButton::clicked, this,
            [this] { addModelRow(m_choices.isEmpty() ? QString() : m_choices.first().spec); });
    connect(m_removeRow, &QPushButton::clicked, this, [this] {
        const int row = m_models->currentRow() >= 0 ? m_models->currentRow() : m_models->rowCount() - 1;
        if (row >= 0)
            m_models->removeRow(row);
        updateFields();
    });
    connect(m_mergeButton, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_cancelButton, &QPushButton::clicked, this, &QDialog::reject);
    retranslateUi();
    updateFields();
}

void MergeDialog::setModels(const QString& projectDir, const QList<ModelEntry>& models, const QStringList& picked)
{
    m_projectDir = projectDir;
    m_choices = models;
    m_models->setRowCount(0);
    m_base->clear();
    m_base->addItem(tr("(none)"), QString());
    for (const ModelEntry& m : models)
        m_base->addItem(m.name, m.spec);
    QStringList rows = picked;
    // One model picked: merged with itself until the user picks another.
    while (!rows.isEmpty() && rows.size() < 2)
        rows << rows.first();
    for (const QString& spec : rows)
        addModelRow(spec);
    updateFields();
}

void MergeDialog::addModelRow(const QString& spec)
{
    const int row = m_models->rowCount();
    m_models->insertRow(row);
    auto* model = new QComboBox(m_models);
    for (const ModelEntry& m : m_choices)
        model->addItem(m.name, m.spec);
    model->setCurrentIndex(qMax(0, model->findData(spec)));
    m_models->setCellWidget(row, ModelColumn, model);
    m_models->setCellWidget(row, WeightColumn, factorBox(1, 100, m_models));
    m_models->setCellWidget(row, DensityColumn, factorBox(1, 1, m_models));
    updateFields();
}

MergeRequest MergeDialog::request() const
{
    MergeRequest r;
    r.projectDir = m_projectDir;
    for (int row = 0; row < m_models->rowCount(); ++row) {
        MergeInput input;
        input.model = static_cast<QComboBox*>(m_models->cellWidget(row, ModelColumn))->currentData().toString();
        input.weight = static_cast<QDoubleSpinBox*>(m_models->cellWidget(row, WeightColumn))->value();
        input.density = static_cast<QDoubleSpinBox*>(m_models->cellWidget(row, DensityColumn))->value();
        r.models.append(input);
    }
    r.method = m_method->currentText();
    r.base = m_base->currentData().toString();
    r.t = m_t->value();
    r.lambda = m_lambda->value();
    r.seed = m_seed->value();
    r.name = m_name->text().trimmed();
    return r;
}

void MergeDialog::updateFields()
{
    const QString method = m_method->currentText();
    m_base->setEnabled(methodUsesBase(method));
    m_t->setEnabled(methodUsesT(method));
    m_lambda->setEnabled(methodUsesLambda(method));
    m_seed->setEnabled(methodUsesSeed(method));
    const bool density = methodUsesDensity(method);
    for (int row = 0; row < m_models->rowCount(); ++row)
        if (QWidget* box = m_models->cellWidget(row, DensityColumn))
            box->setEnabled(density);
    m_mergeButton->setEnabled(m_models->rowCount() >= 2 && !m_name->text().trimmed().isEmpty());
}

void MergeDialog::retranslateUi()
{
    setWindowTitle(tr("Merge models"));
    m_hint->setText(tr("Merge two or more models of the same shape into a new "
                       "one. A model may be listed "
                       "more than once."));
    m_models->setHorizontalHeaderLabels({tr("Model"), tr("Weight"), tr("Density")});
    m_methodLabel->setText(tr("Method:"));
    m_baseLabel->setText(tr("Base model:"));
    m_tLabel->setText(tr("t (slerp):"));
    m_lambdaLabel->setText(tr("Lambda:"));
    m_seedLabel->setText(tr("Seed (dare):"));
    m_nameLabel->setText(tr("New model's name:"));
    if (m_base->count() > 0)
        m_base->setItemText(0, tr("(none)"));
    m_addRow->setText(tr("Add model"));
    m_removeRow->setText(tr("Remove model"));
    m_mergeButton->setText(tr("Merge"));
    m_cancelButton->setText(tr("Cancel"));
}

void MergeDialog::changeEvent(QEvent* event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

} // namespace lw::ui::models

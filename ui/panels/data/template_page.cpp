#include "ui/panels/data/template_page.h"

#include "ui/panels/data/data_commands.h"
#include "ui/panels/data/data_query.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace lw::ui::data {

TemplatePage::TemplatePage(QWidget* parent)
    : QWidget(parent), m_query(new DataQuery(this)), m_datasetLabel(new QLabel(this)),
      m_templateLabel(new QLabel(this)), m_template(new QComboBox(this)), m_tokenizerLabel(new QLabel(this)),
      m_tokenizer(new QComboBox(this)), m_rowsLabel(new QLabel(this)), m_rows(new QSpinBox(this)),
      m_lossLabel(new QLabel(this)), m_loss(new QComboBox(this)), m_showButton(new QPushButton(this)),
      m_checks(new QLabel(this)), m_error(new QLabel(this)), m_view(new QTextBrowser(this)),
      m_showAction(new QAction(this))
{
    m_template->setObjectName(QStringLiteral("templateName"));
    m_template->setEditable(true); // a template JSON file's path is accepted too
    m_template->addItems({QStringLiteral("chatml"), QStringLiteral("llama3"), QStringLiteral("alpaca")});
    m_tokenizer->setObjectName(QStringLiteral("templateTokenizer"));
    m_tokenizer->setEditable(true); // a tokenizer's path is accepted too
    m_tokenizer->setMinimumContentsLength(14);
    m_rows->setRange(1, 200);
    m_rows->setValue(8);
    m_loss->addItem(QString(), QStringLiteral("assistant"));
    m_loss->addItem(QString(), QStringLiteral("all"));
    m_showButton->setObjectName(QStringLiteral("showTemplate"));
    m_view->setObjectName(QStringLiteral("templateView"));
    m_checks->setObjectName(QStringLiteral("templateChecks"));
    m_checks->setWordWrap(true);
    m_datasetLabel->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c0392b;"));
    m_error->hide();
    m_showAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_showAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_showAction);

    auto* form = new QGridLayout;
    form->addWidget(m_templateLabel, 0, 0);
    form->addWidget(m_template, 0, 1);
    form->addWidget(m_tokenizerLabel, 0, 2);
    form->addWidget(m_tokenizer, 0, 3);
    form->addWidget(m_rowsLabel, 1, 0);
    form->addWidget(m_rows, 1, 1);
    form->addWidget(m_lossLabel, 1, 2);
    form->addWidget(m_loss, 1, 3);
    form->addWidget(m_showButton, 0, 4, 2, 1);
    form->setColumnStretch(1, 1);
    form->setColumnStretch(3, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_datasetLabel);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_checks);
    layout->addWidget(m_view, 1);

    connect(m_showButton, &QPushButton::clicked, this, &TemplatePage::requestPreview);
    connect(m_showAction, &QAction::triggered, this, &TemplatePage::requestPreview);
    connect(m_tokenizer, &QComboBox::currentTextChanged, this, &TemplatePage::updateButtons);
    connect(m_query, &DataQuery::succeeded, this, [this](const QJsonObject& json) {
        showPreview(templatePreviewFromJson(json));
    });
    connect(m_query, &DataQuery::failed, this, [this](const QString& message) {
        m_error->setText(message);
        m_error->show();
    });
    retranslateUi();
    updateButtons();
}

void TemplatePage::retranslateUi()
{
    m_templateLabel->setText(tr("Template"));
    m_tokenizerLabel->setText(tr("Tokenizer"));
    m_tokenizer->setToolTip(tr("A tokenizer of the project, or the path of one"));
    m_rowsLabel->setText(tr("Rows"));
    m_lossLabel->setText(tr("Loss on"));
    m_loss->setItemText(0, tr("Assistant answers"));
    m_loss->setItemText(1, tr("All tokens"));
    m_showButton->setText(tr("Show"));
    m_showButton->setToolTip(tr("Write the rows with the template and show their tokens (Ctrl+R)"));
    m_showAction->setText(tr("Show templated rows"));
    m_datasetLabel->setText(m_dataset.isEmpty() ? tr("Select a dataset version first.")
                                                : tr("Rows of %1 as the model will see them; tokens that "
                                                     "receive loss are coloured.")
                                                      .arg(m_dataset));
    if (m_hasPreview)
        showPreview(m_preview);
    else
        m_checks->setText(tr("Choose a template and a tokenizer, then press Show."));
}

void TemplatePage::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void TemplatePage::setDataset(const QString& name)
{
    m_dataset = name;
    retranslateUi();
    updateButtons();
}

void TemplatePage::setTokenizers(const QStringList& names)
{
    const QString current = m_tokenizer->currentText();
    m_tokenizer->clear();
    m_tokenizer->addItems(names);
    m_tokenizer->setCurrentText(current.isEmpty() && !names.isEmpty() ? names.first() : current);
}

bool TemplatePage::isBusy() const
{
    return m_query->isRunning();
}

void TemplatePage::updateButtons()
{
    const bool ready = !m_dataset.isEmpty() && !m_tokenizer->currentText().trimmed().isEmpty();
    m_showButton->setEnabled(ready);
    m_showAction->setEnabled(ready);
}

void TemplatePage::requestPreview()
{
    if (!m_showButton->isEnabled())
        return;
    TemplateRequest request;
    request.templateName = m_template->currentText().trimmed();
    request.tokenizer = m_tokenizer->currentText().trimmed();
    request.rows = m_rows->value();
    request.loss = m_loss->currentData().toString();
    m_error->hide();
    m_query->run(templateArguments(m_projectDir, m_dataset, request));
}

QString TemplatePage::rowsHtml(const TemplatePreview& preview, const QColor& lossColor)
{
    QString html;
    for (int i = 0; i < preview.rows.size(); ++i) {
        html += QStringLiteral("<p style=\"white-space: pre-wrap; font-family: monospace;\">");
        for (const TemplateToken& token : preview.rows.at(i).tokens) {
            const QString text = token.text.toHtmlEscaped();
            if (token.loss)
                html += QStringLiteral("<span style=\"background-color: %1;\">%2</span>").arg(lossColor.name(), text);
            else
                html += text;
        }
        html += QStringLiteral("</p><hr/>");
    }
    return html;
}

void TemplatePage::showPreview(const TemplatePreview& preview)
{
    m_preview = preview;
    m_hasPreview = true;
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_view->setHtml(rowsHtml(preview, dark ? QColor(0x2e, 0x6b, 0x3a) : QColor(0xb9, 0xea, 0xc4)));
    const QLocale locale;
    m_checks->setText(tr("%1 rows. Checks: %2 without an end-of-sequence token, %3 where the stop string never "
                         "appears, %4 truncated, %5 with no token that receives loss.")
                          .arg(locale.toString(preview.rows.size()), locale.toString(preview.missingEos),
                               locale.toString(preview.stopNeverAppears), locale.toString(preview.truncated),
                               locale.toString(preview.noLossTokens)));
}

} // namespace lw::ui::data

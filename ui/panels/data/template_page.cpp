#include "ui/panels/data/template_page.h"

#include "ui/panels/data/data_commands.h"
#include "ui/panels/data/data_query.h"
#include "ui/panels/data/tokenizer_chooser.h"

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
      m_tokenizer(new TokenizerChooser(false, this)), m_rowsLabel(new QLabel(this)), m_rows(new QSpinBox(this)),
      m_lossLabel(new QLabel(this)), m_loss(new QComboBox(this)), m_contextLabel(new QLabel(this)),
      m_context(new QSpinBox(this)), m_showButton(new QPushButton(this)),
      m_checks(new QLabel(this)), m_error(new QLabel(this)), m_view(new QTextBrowser(this)),
      m_showAction(new QAction(this))
{
    m_template->setObjectName(QStringLiteral("templateName"));
    m_template->setEditable(true); // a template JSON file's path is accepted too
    m_template->addItems({QStringLiteral("chatml"), QStringLiteral("llama3"), QStringLiteral("alpaca")});
    m_tokenizer->setObjectName(QStringLiteral("templateTokenizer"));
    m_context->setObjectName(QStringLiteral("templateContext"));
    m_context->setRange(0, 1 << 20);
    m_context->setSingleStep(256);
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
    form->addWidget(m_tokenizer, 0, 3, 1, 4);
    form->addWidget(m_rowsLabel, 1, 0);
    form->addWidget(m_rows, 1, 1);
    form->addWidget(m_lossLabel, 1, 2);
    form->addWidget(m_loss, 1, 3);
    form->addWidget(m_contextLabel, 1, 4);
    form->addWidget(m_context, 1, 5);
    form->addWidget(m_showButton, 1, 6);
    form->setColumnStretch(1, 1);
    form->setColumnStretch(3, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_datasetLabel);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(m_checks);
    layout->addWidget(m_view, 1);

    connect(m_showButton, &QPushButton::clicked, this, &TemplatePage::requestPreview);
    connect(m_showAction, &QAction::triggered, this, &TemplatePage::requestPreview);
    connect(m_tokenizer, &TokenizerChooser::tokenizerChanged, this, &TemplatePage::updateButtons);
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
    m_rowsLabel->setText(tr("Rows"));
    m_lossLabel->setText(tr("Loss on"));
    m_loss->setItemText(0, tr("Assistant answers"));
    m_loss->setItemText(1, tr("All tokens"));
    m_contextLabel->setText(tr("Context"));
    m_context->setSpecialValueText(tr("No limit"));
    // The box is sized from its numbers; its words need room too, in every language.
    m_context->setMinimumWidth(m_context->fontMetrics().horizontalAdvance(m_context->specialValueText()) +
                               m_context->fontMetrics().height() * 3);
    m_context->setToolTip(tr("Context length in tokens: longer rows are cut and counted as truncated"));
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
    m_tokenizer->setTokenizers(names);
}

bool TemplatePage::isBusy() const
{
    return m_query->isRunning();
}

void TemplatePage::updateButtons()
{
    const bool ready = !m_dataset.isEmpty() && !m_tokenizer->tokenizer().isEmpty();
    m_showButton->setEnabled(ready);
    m_showAction->setEnabled(ready);
}

void TemplatePage::requestPreview()
{
    if (!m_showButton->isEnabled())
        return;
    TemplateRequest request;
    request.templateName = m_template->currentText().trimmed();
    request.tokenizer = m_tokenizer->tokenizer();
    request.rows = m_rows->value();
    request.loss = m_loss->currentData().toString();
    request.context = m_context->value();
    m_error->hide();
    m_query->run(templateArguments(m_projectDir, m_dataset, request));
}

QString TemplatePage::rowsHtml(const TemplatePreview& preview, const QColor& lossColor)
{
    QString html;
    for (const TemplateRow& row : preview.rows) {
        for (const TemplateSequence& sequence : row.sequences) {
            html += QStringLiteral("<p style=\"white-space: pre-wrap; font-family: monospace;\">");
            for (const TemplateToken& token : sequence.tokens) {
                const QString text = token.text.toHtmlEscaped();
                if (token.loss)
                    html += QStringLiteral("<span style=\"background-color: %1;\">%2</span>").arg(lossColor.name(), text);
                else
                    html += text;
            }
            html += QStringLiteral("</p>");
        }
        html += QStringLiteral("<hr/>");
    }
    return html;
}

QString TemplatePage::checksText(const TemplatePreview& preview)
{
    const QLocale locale;
    const ShapeChecks& c = preview.checks;
    if (!c.present)
        return tr("%1 rows shown; the dataset was not checked.").arg(locale.toString(preview.rows.size()));
    QString text = tr("%1 rows checked, %2 tokens, %3 of them with loss. %4 rows with an answer that never ends, %5 "
                      "truncated, %6 with no token that receives loss.")
                       .arg(locale.toString(c.rows), locale.toString(c.tokens), locale.toString(c.lossTokens),
                            locale.toString(c.rowsWithoutEnd), locale.toString(c.truncatedRows),
                            locale.toString(c.rowsWithoutLoss));
    if (!c.stopStringsNeverTrained.isEmpty())
        text += QLatin1Char(' ') + tr("Stop strings never trained: %1.").arg(c.stopStringsNeverTrained.join(QStringLiteral(", ")));
    return text;
}

void TemplatePage::showPreview(const TemplatePreview& preview)
{
    m_preview = preview;
    m_hasPreview = true;
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    m_view->setHtml(rowsHtml(preview, dark ? QColor(0x2e, 0x6b, 0x3a) : QColor(0xb9, 0xea, 0xc4)));
    m_checks->setText(checksText(preview));
}

} // namespace lw::ui::data

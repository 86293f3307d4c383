#include "ui/panels/data/tokenizer_chooser.h"

#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QToolButton>

namespace lw::ui::data {

TokenizerChooser::TokenizerChooser(bool optional, QWidget* parent)
    : QWidget(parent), m_optional(optional), m_box(new QComboBox(this)), m_browse(new QToolButton(this))
{
    m_box->setEditable(true);
    m_box->setMinimumContentsLength(14);
    m_box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_browse->setObjectName(QStringLiteral("browseTokenizer"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_box, 1);
    layout->addWidget(m_browse);
    if (m_optional)
        m_box->addItem(QString());
    connect(m_box, &QComboBox::currentTextChanged, this, [this](const QString& text) {
        Q_EMIT tokenizerChanged(text.trimmed());
    });
    connect(m_browse, &QToolButton::clicked, this, &TokenizerChooser::browse);
    retranslateUi();
}

void TokenizerChooser::retranslateUi()
{
    m_browse->setText(tr("Browse…"));
    m_browse->setToolTip(tr("Choose a tokenizer folder"));
    m_box->setToolTip(m_optional ? tr("Optional: a tokenizer of the project, or the path of one")
                                 : tr("A tokenizer of the project, or the path of one"));
}

void TokenizerChooser::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void TokenizerChooser::setTokenizers(const QStringList& names)
{
    const QString current = tokenizer();
    QSignalBlocker block(m_box);
    m_box->clear();
    if (m_optional)
        m_box->addItem(QString()); // none
    m_box->addItems(names);
    // A required tokenizer starts on the project's first one.
    const QString keep = current.isEmpty() && !m_optional && !names.isEmpty() ? names.first() : current;
    m_box->setCurrentText(keep);
    block.unblock();
    if (keep != current)
        Q_EMIT tokenizerChanged(keep);
}

QString TokenizerChooser::tokenizer() const
{
    return m_box->currentText().trimmed();
}

void TokenizerChooser::setTokenizer(const QString& nameOrPath)
{
    m_box->setCurrentText(nameOrPath);
}

void TokenizerChooser::browse()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Tokenizer folder"), tokenizer());
    if (!dir.isEmpty())
        setTokenizer(dir);
}

} // namespace lw::ui::data

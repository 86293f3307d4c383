#include "ui/panels/train/tokenizer_section.h"

#include "core/tokenizer/tokenizer.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>

namespace lw::ui {

namespace {

constexpr int kSmallestVocabulary = 260;

} // namespace

TokenizerSection::TokenizerSection(QWidget* parent) : QGroupBox(parent)
{
    m_combo = new QComboBox(this);
    m_combo->setObjectName(QStringLiteral("tokenizerCombo"));
    m_comboLabel = new QLabel(this);
    m_comboLabel->setBuddy(m_combo);
    m_kind = new QComboBox(this);
    m_kind->setObjectName(QStringLiteral("tokenizerKind"));
    for (const char* kind : {"bpe", "sp-bpe", "sp-unigram"})
        m_kind->addItem(QString(), QString::fromLatin1(kind));
    m_kindLabel = new QLabel(this);
    m_kindLabel->setBuddy(m_kind);
    // 0 is "Auto": the corpus decides (byte-level BPE stops merging at pairs seen once),
    // so a small corpus never fails for want of text to fill a fixed size.
    m_vocab = new QSpinBox(this);
    m_vocab->setObjectName(QStringLiteral("tokenizerVocabSize"));
    m_vocab->setRange(tokenizer::kAutoVocabSize, 1 << 20);
    m_vocab->setSingleStep(1024);
    m_vocab->setKeyboardTracking(false);
    m_vocab->setValue(tokenizer::TrainTokenizerOptions().vocabSize);
    connect(m_vocab, &QSpinBox::valueChanged, this, [this](int value) {
        if (value != tokenizer::kAutoVocabSize && value < kSmallestVocabulary)
            m_vocab->setValue(kSmallestVocabulary); // the 256 bytes and the special tokens
    });
    m_vocabLabel = new QLabel(this);
    m_vocabLabel->setBuddy(m_vocab);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("tokenizerName"));
    m_nameLabel = new QLabel(this);
    m_nameLabel->setBuddy(m_name);
    m_train = new QPushButton(this);
    m_train->setObjectName(QStringLiteral("trainTokenizerButton"));

    auto* grid = new QGridLayout(this);
    grid->addWidget(m_comboLabel, 0, 0);
    grid->addWidget(m_combo, 0, 1, 1, 2);
    grid->addWidget(m_kindLabel, 1, 0);
    grid->addWidget(m_kind, 1, 1, 1, 2);
    grid->addWidget(m_vocabLabel, 2, 0);
    grid->addWidget(m_vocab, 2, 1, 1, 2);
    grid->addWidget(m_nameLabel, 3, 0);
    grid->addWidget(m_name, 3, 1);
    grid->addWidget(m_train, 3, 2);
    grid->setColumnStretch(1, 1);

    connect(m_combo, &QComboBox::currentIndexChanged, this, &TokenizerSection::tokenizerChanged);
    connect(m_train, &QPushButton::clicked, this, [this] {
        QString name = m_name->text().trimmed();
        if (name.isEmpty())
            name = vocabSize() == tokenizer::kAutoVocabSize ? QStringLiteral("%1-auto").arg(kind())
                                                             : QStringLiteral("%1-%2").arg(kind()).arg(vocabSize());
        Q_EMIT trainRequested(kind(), vocabSize(), name);
    });
    retranslate();
}

void TokenizerSection::setTokenizers(const QList<TokenizerEntry>& tokenizers)
{
    const QString selected = currentTokenizer();
    {
        const QSignalBlocker blocker(m_combo);
        m_combo->clear();
        for (const TokenizerEntry& t : tokenizers) {
            m_combo->addItem(tr("%1 (%2, %3 tokens)").arg(t.name, t.kind, QLocale().toString(t.vocabSize)), t.name);
            m_combo->setItemData(m_combo->count() - 1, t.path, Qt::ToolTipRole);
        }
        const int index = m_combo->findData(selected);
        m_combo->setCurrentIndex(index >= 0 ? index : (tokenizers.isEmpty() ? -1 : 0));
    }
    Q_EMIT tokenizerChanged();
}

bool TokenizerSection::selectTokenizer(const QString& name)
{
    const int index = m_combo->findData(name);
    if (index >= 0)
        m_combo->setCurrentIndex(index);
    return index >= 0;
}

QString TokenizerSection::currentTokenizer() const { return m_combo->currentData().toString(); }
QString TokenizerSection::kind() const { return m_kind->currentData().toString(); }
int TokenizerSection::vocabSize() const { return m_vocab->value(); }

void TokenizerSection::setTextFilesAvailable(bool available)
{
    m_filesAvailable = available;
    updateButtons();
}

void TokenizerSection::setBusy(bool busy)
{
    m_busy = busy;
    updateButtons();
}

void TokenizerSection::updateButtons()
{
    m_train->setEnabled(m_filesAvailable && !m_busy);
    m_train->setToolTip(m_filesAvailable ? tr("Learn a vocabulary from the text files of the Dataset section")
                                         : tr("Add text files in the Dataset section first"));
}

void TokenizerSection::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QGroupBox::changeEvent(event);
}

void TokenizerSection::retranslate()
{
    setTitle(tr("Tokenizer"));
    m_comboLabel->setText(tr("Tokenizer"));
    m_combo->setToolTip(tr("The tokenizer new datasets are prepared with"));
    m_kindLabel->setText(tr("New tokenizer"));
    m_kind->setItemText(0, tr("Byte-level BPE (GPT-2 style)"));
    m_kind->setItemText(1, tr("SentencePiece BPE"));
    m_kind->setItemText(2, tr("SentencePiece unigram"));
    m_kind->setToolTip(tr("How the vocabulary is learned from the text"));
    m_vocabLabel->setText(tr("Vocabulary"));
    m_vocab->setSpecialValueText(tr("Auto"));
    m_vocab->setToolTip(tr("Number of tokens, the 256 bytes and special tokens included. Auto: as many as the "
                           "text supports (byte-level BPE stops at pairs seen only once), at most %1")
                            .arg(QLocale().toString(tokenizer::kAutoVocabLimit)));
    m_nameLabel->setText(tr("Name"));
    m_name->setPlaceholderText(tr("kind-vocabulary, when empty"));
    m_train->setText(tr("Train tokenizer"));
    updateButtons();
}

} // namespace lw::ui

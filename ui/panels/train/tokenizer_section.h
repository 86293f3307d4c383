#pragma once
// Which tokenizer turns the text files into tokens: one of the project's, or a new one
// trained here on those files, of the kind and vocabulary size chosen.
#include "ui/panels/train/project_catalog.h"

#include <QGroupBox>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace lw::ui {

class TokenizerSection : public QGroupBox {
    Q_OBJECT
public:
    explicit TokenizerSection(QWidget* parent = nullptr);

    void setTokenizers(const QList<TokenizerEntry>& tokenizers);
    bool selectTokenizer(const QString& name);
    QString currentTokenizer() const; // its name, or ""
    QString kind() const;             // bpe, sp-bpe, sp-unigram
    int vocabSize() const;
    void setTextFilesAvailable(bool available);
    void setBusy(bool busy);

Q_SIGNALS:
    void tokenizerChanged();
    void trainRequested(const QString& kind, int vocabSize, const QString& name);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateButtons();
    void retranslate();

    QComboBox* m_combo;
    QLabel* m_comboLabel;
    QLabel* m_kindLabel;
    QComboBox* m_kind;
    QLabel* m_vocabLabel;
    QSpinBox* m_vocab;
    QLabel* m_nameLabel;
    QLineEdit* m_name;
    QPushButton* m_train;
    bool m_filesAvailable = false;
    bool m_busy = false;
};

} // namespace lw::ui

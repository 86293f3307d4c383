#pragma once
// Where the Data panel asks for a tokenizer: the project's tokenizers by name in an
// editable box (a path typed in works too), and Browse… to pick a tokenizer folder
// (e.g. a GPT-2 encoder.json + vocab.bpe pair) outside the project.
#include <QWidget>

class QComboBox;
class QToolButton;

namespace lw::ui::data {

class TokenizerChooser : public QWidget {
    Q_OBJECT
public:
    // `optional`: an empty first entry means "no tokenizer".
    explicit TokenizerChooser(bool optional, QWidget* parent = nullptr);

    void setTokenizers(const QStringList& names);
    QString tokenizer() const; // a name of the project, a path, or ""
    void setTokenizer(const QString& nameOrPath);

    QComboBox* box() const { return m_box; }
    QToolButton* browseButton() const { return m_browse; }

Q_SIGNALS:
    void tokenizerChanged(const QString& nameOrPath);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void browse();

    bool m_optional;
    QComboBox* m_box;
    QToolButton* m_browse;
};

} // namespace lw::ui::data

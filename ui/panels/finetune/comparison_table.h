#pragma once
// The side-by-side answers after a fine-tune: for each held-out prompt, the expected
// answer, the base model's and the fine-tuned model's, from the worker's `comparison`
// event or the run's comparison.json. Cells wrap; a fine-tuned answer equal to the
// expected one is marked.
#include <QJsonArray>
#include <QTableWidget>

#include <optional>

namespace lw::ui::finetune {

class ComparisonTable : public QTableWidget {
    Q_OBJECT
public:
    enum Column { Prompt, Expected, Base, Finetuned, ColumnCount };

    explicit ComparisonTable(QWidget* parent = nullptr);

    // `items`: [{row, prompt, reference, base, finetuned}]; entries that are not objects
    // are skipped.
    void setItems(const QJsonArray& items);
    // Reads <run dir>/comparison.json ({"items": [...]} or the array itself); false (and
    // the table emptied) when it is missing or not JSON.
    bool loadFile(const QString& path);
    // What loadFile shows, read on any thread: nullopt when missing or not JSON.
    static std::optional<QJsonArray> readFile(const QString& path);
    // Rows whose fine-tuned answer is the expected one (the worker's finetuned_exact,
    // else the shown texts equal), and rows whose base answer is (base_exact).
    int matchingRows() const { return m_matching; }
    int baseMatchingRows() const { return m_baseMatching; }
    // The text a reader wants of a prompt or an answer as the worker gives it: without
    // the chat template's markup ("<|im_start|>user\n", "<|im_end|>", "<|endoftext|>")
    // and the role header of a rendered prompt, trimmed.
    static QString readableText(const QString& rendered);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();

    int m_matching = 0;
    int m_baseMatching = 0;
};

} // namespace lw::ui::finetune

#pragma once
// Which chat template turns a conversation into a prompt: the built-in ones (ChatML,
// Llama 3, Alpaca) or a custom template file (JSON, see core/generate/chat_template.h),
// which stays in the list once loaded.
#include "core/generate/chat_template.h"

#include <QComboBox>
#include <QList>

namespace lw::ui {

class ChatTemplatePicker : public QComboBox {
    Q_OBJECT
public:
    explicit ChatTemplatePicker(QWidget* parent = nullptr);

    generate::ChatTemplate currentTemplate() const;
    // Selects `chatTemplate`: the built-in one it equals, or it as a custom entry.
    void setTemplate(const generate::ChatTemplate& chatTemplate);
    // Loads a custom template file and selects it; false (with the reason) when it is bad.
    bool addCustomFile(const QString& path, QString* error = nullptr);

Q_SIGNALS:
    void templateChanged();

protected:
    void changeEvent(QEvent* event) override;

private:
    void chooseFile();
    void rebuild();
    int addCustom(const generate::ChatTemplate& chatTemplate);

    QList<generate::ChatTemplate> m_templates; // built-in ones first, then custom ones
    int m_builtinCount = 0;
    int m_lastIndex = 0;
};

} // namespace lw::ui

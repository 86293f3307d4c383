#include "ui/panels/chat/chat_template_picker.h"

#include <QEvent>
#include <QFileDialog>
#include <QMessageBox>

#include <exception>

namespace lw::ui {

namespace {

QString displayName(const std::string& name)
{
    if (name == "chatml")
        return QStringLiteral("ChatML");
    if (name == "llama3")
        return QStringLiteral("Llama 3");
    if (name == "alpaca")
        return QStringLiteral("Alpaca");
    return QString::fromStdString(name);
}

} // namespace

ChatTemplatePicker::ChatTemplatePicker(QWidget* parent) : QComboBox(parent)
{
    for (const std::string& name : generate::builtinChatTemplateNames())
        m_templates.append(generate::builtinChatTemplate(name));
    m_builtinCount = int(m_templates.size());
    rebuild();
    connect(this, &QComboBox::activated, this, [this](int index) {
        if (index == count() - 1) // "Custom template file…"
            chooseFile();
    });
    connect(this, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0 && index < m_templates.size()) {
            m_lastIndex = index;
            Q_EMIT templateChanged();
        }
    });
}

void ChatTemplatePicker::rebuild()
{
    const QSignalBlocker block(this);
    clear();
    for (int i = 0; i < m_templates.size(); ++i) {
        const QString name = displayName(m_templates[i].name);
        addItem(i < m_builtinCount ? name : tr("%1 (custom)").arg(name));
    }
    addItem(tr("Custom template file…"));
    setItemData(count() - 1, tr("A JSON file with the fields name, bos, system, user, assistant and stop"),
                Qt::ToolTipRole);
    setCurrentIndex(m_lastIndex);
}

generate::ChatTemplate ChatTemplatePicker::currentTemplate() const
{
    return m_templates.value(m_lastIndex, m_templates.front());
}

int ChatTemplatePicker::addCustom(const generate::ChatTemplate& chatTemplate)
{
    for (int i = m_builtinCount; i < m_templates.size(); ++i)
        if (m_templates[i].toJson() == chatTemplate.toJson())
            return i;
    m_templates.append(chatTemplate);
    rebuild();
    return int(m_templates.size()) - 1;
}

void ChatTemplatePicker::setTemplate(const generate::ChatTemplate& chatTemplate)
{
    int index = -1;
    for (int i = 0; i < m_builtinCount && index < 0; ++i)
        if (m_templates[i].toJson() == chatTemplate.toJson())
            index = i;
    if (index < 0)
        index = addCustom(chatTemplate);
    setCurrentIndex(index);
}

bool ChatTemplatePicker::addCustomFile(const QString& path, QString* error)
{
    try {
        generate::ChatTemplate loaded = generate::loadChatTemplate(path.toStdString());
        setCurrentIndex(addCustom(loaded));
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromUtf8(e.what());
        return false;
    }
}

void ChatTemplatePicker::chooseFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Chat template"), QString(),
                                                      tr("Chat templates (*.json);;All files (*)"));
    QString error;
    if (!path.isEmpty() && !addCustomFile(path, &error))
        QMessageBox::warning(this, tr("Chat template"), tr("This chat template cannot be used:\n%1").arg(error));
    if (currentIndex() == count() - 1)
        setCurrentIndex(m_lastIndex);
}

void ChatTemplatePicker::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        rebuild();
    QComboBox::changeEvent(event);
}

} // namespace lw::ui

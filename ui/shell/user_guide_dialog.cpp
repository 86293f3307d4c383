#include "ui/shell/user_guide_dialog.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFile>
#include <QLocale>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace lw::ui {

UserGuideDialog::UserGuideDialog(QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("userGuideDialog"));
    m_browser = new QTextBrowser(this);
    m_browser->setObjectName(QStringLiteral("userGuide"));
    m_browser->setOpenExternalLinks(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
    load();
    resize(760, 640);
}

QString UserGuideDialog::guidePath(const QString& language)
{
    return language == QLatin1String("vi") ? QStringLiteral(":/docs/user-guide.vi.md")
                                           : QStringLiteral(":/docs/user-guide.md");
}

QString UserGuideDialog::guideText()
{
    // The language switcher sets the default locale with the language.
    const QString language = QLocale().language() == QLocale::Vietnamese ? QStringLiteral("vi") : QStringLiteral("en");
    QFile file(guidePath(language));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

void UserGuideDialog::load()
{
    setWindowTitle(tr("User Guide"));
    const QString text = guideText();
    if (text.isEmpty())
        m_browser->setPlainText(tr("The user guide is missing from this build."));
    else
        m_browser->setMarkdown(text);
}

void UserGuideDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        load();
    QDialog::changeEvent(event);
}

} // namespace lw::ui

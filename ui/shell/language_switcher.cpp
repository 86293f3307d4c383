#include "ui/shell/language_switcher.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace lw::ui {

LanguageSwitcher::LanguageSwitcher(QObject* parent) : QObject(parent) { }

LanguageSwitcher::~LanguageSwitcher()
{
    removeTranslators();
}

QList<QPair<QString, QString>> LanguageSwitcher::availableLanguages()
{
    return {{QStringLiteral("en"), QStringLiteral("English")}, {QStringLiteral("vi"), QStringLiteral("Tiếng Việt")}};
}

QLocale LanguageSwitcher::localeFor(const QString& language)
{
    if (language == QLatin1String("vi"))
        return QLocale(QLocale::Vietnamese, QLocale::Vietnam);
    // English as the system writes it (en_GB, en_IN, ...), else as in the US.
    const QLocale system = QLocale::system();
    return system.language() == QLocale::English ? system : QLocale(QLocale::English, QLocale::UnitedStates);
}

void LanguageSwitcher::removeTranslators()
{
    if (m_appTranslator)
        QCoreApplication::removeTranslator(m_appTranslator.get());
    if (m_qtTranslator)
        QCoreApplication::removeTranslator(m_qtTranslator.get());
    m_appTranslator.reset();
    m_qtTranslator.reset();
}

bool LanguageSwitcher::apply(const QString& language)
{
    const QString code = language == QLatin1String("vi") ? language : QStringLiteral("en");
    if (code == m_current)
        return true;
    removeTranslators();
    // Before the translators: LanguageChange handlers that write numbers use it.
    QLocale::setDefault(localeFor(code));
    // The app's own texts, built into the binary by qt_add_translations.
    auto app = std::make_unique<QTranslator>();
    const bool loaded = app->load(QStringLiteral(":/i18n/llmwb_%1.qm").arg(code));
    // Qt's standard dialogs and buttons, where the system has their translation.
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QLocale(code), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        m_qtTranslator = std::move(qt);
    }
    if (loaded) {
        QCoreApplication::installTranslator(app.get());
        m_appTranslator = std::move(app);
    }
    m_current = code;
    // Numbers and dates in the language's own format ("1,5" and "3.099" in Vietnamese);
    // widgets write them again on the LanguageChange that follows.
    QLocale::setDefault(QLocale(code == QLatin1String("vi") ? QLocale::Vietnamese : QLocale::English,
                                code == QLatin1String("vi") ? QLocale::Vietnam : QLocale::UnitedStates));
    // Installing or removing a translator sends QEvent::LanguageChange to every widget.
    return loaded || code == QLatin1String("en");
}

} // namespace lw::ui

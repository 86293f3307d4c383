#pragma once
// Swaps the application's translators at run time. Installing a translator makes Qt
// send QEvent::LanguageChange to every widget, whose changeEvent() then retranslates
// its texts: no restart needed. The default QLocale follows the language, so numbers
// read the way the language writes them (1,024.5 or 1.024,5). Qt's own button texts
// (OK, Cancel, ...) come from Qt's qtbase translation where the system has it, else
// from the app's own (standard_button_texts.cpp).
#include <QLocale>
#include <QObject>
#include <QString>

#include <memory>

class QTranslator;

namespace lw::ui {

class LanguageSwitcher : public QObject {
    Q_OBJECT
public:
    explicit LanguageSwitcher(QObject* parent = nullptr);
    ~LanguageSwitcher() override;

    // "en" or "vi" (other codes fall back to English, the source language). Returns
    // false when the translation could not be loaded (English is used then).
    bool apply(const QString& language);
    QString current() const { return m_current; }

    // Languages the app is translated into: code and native name.
    static QList<QPair<QString, QString>> availableLanguages();
    // The locale numbers and dates are written in for a language code.
    static QLocale localeFor(const QString& language);

private:
    void removeTranslators();

    QString m_current;
    std::unique_ptr<QTranslator> m_appTranslator;
    std::unique_ptr<QTranslator> m_qtTranslator;
};

} // namespace lw::ui

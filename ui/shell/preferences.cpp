#include "ui/shell/preferences.h"

#include "core/util/paths.h"

#include <QDir>
#include <QLocale>
#include <QSettings>

namespace lw::ui {

namespace {

constexpr const char* kThreads = "preferences/threads";
constexpr const char* kDevice = "preferences/device";
constexpr const char* kDataFolder = "preferences/dataFolder";
constexpr const char* kTheme = "preferences/theme";
constexpr const char* kLanguage = "preferences/language";

QVariant read(const char* key, const QVariant& fallback)
{
    return QSettings().value(QLatin1String(key), fallback);
}

} // namespace

QString themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    case Theme::System: break;
    }
    return QStringLiteral("system");
}

Theme themeFromKey(const QString& key)
{
    if (key == QLatin1String("light"))
        return Theme::Light;
    if (key == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

Preferences::Preferences(QObject* parent) : QObject(parent) { }

int Preferences::threads() const { return qMax(0, read(kThreads, 0).toInt()); }
void Preferences::setThreads(int threads) { write(kThreads, qMax(0, threads)); }

QString Preferences::device() const { return read(kDevice, QStringLiteral("cpu")).toString(); }
void Preferences::setDevice(const QString& device) { write(kDevice, device); }

QString Preferences::dataFolder() const
{
    return read(kDataFolder, QString::fromStdString(util::dataHomeDir())).toString();
}
void Preferences::setDataFolder(const QString& folder) { write(kDataFolder, folder); }

QString Preferences::defaultProjectDir() const
{
    return QDir(dataFolder()).filePath(QLatin1String(util::kDefaultProjectName));
}

Theme Preferences::theme() const { return themeFromKey(read(kTheme, QString()).toString()); }
void Preferences::setTheme(Theme theme) { write(kTheme, themeKey(theme)); }

QString Preferences::language() const
{
    return read(kLanguage, QString::fromLatin1(kSystemLanguage)).toString();
}
void Preferences::setLanguage(const QString& language) { write(kLanguage, language); }

QString Preferences::effectiveLanguage() const
{
    const QString chosen = language();
    if (chosen != QLatin1String(kSystemLanguage))
        return chosen;
    return QLocale::system().language() == QLocale::Vietnamese ? QStringLiteral("vi") : QStringLiteral("en");
}

void Preferences::write(const char* key, const QVariant& value)
{
    QSettings settings;
    if (settings.value(QLatin1String(key)) == value)
        return;
    settings.setValue(QLatin1String(key), value);
    Q_EMIT changed();
}

} // namespace lw::ui

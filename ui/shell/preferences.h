#pragma once
// The user's preferences, kept in QSettings and applied live: changing one emits
// changed(), and the window, the theme and the translations follow at once.
#include <QObject>
#include <QString>

namespace lw::ui {

enum class Theme { System, Light, Dark };
QString themeKey(Theme theme);      // "system", "light", "dark"
Theme themeFromKey(const QString& key); // System for unknown keys

class Preferences : public QObject {
    Q_OBJECT
public:
    // Language keys: "system" (follow the system locale), "en", "vi".
    static constexpr const char* kSystemLanguage = "system";

    explicit Preferences(QObject* parent = nullptr);

    // CPU threads a job may use; 0 means all cores.
    int threads() const;
    void setThreads(int threads);
    // Where jobs compute: "cpu", "cuda" or "cuda:N".
    QString device() const;
    void setDevice(const QString& device);
    // The folder where new projects and the demo project go.
    QString dataFolder() const;
    void setDataFolder(const QString& folder);
    // <data folder>/default: the project the first start opens, with the demo project
    // in it, and where the Chat panel's demo model is trained. With the default data
    // folder it is the project `llmwb` uses when no --project is given.
    QString defaultProjectDir() const;
    Theme theme() const;
    void setTheme(Theme theme);
    QString language() const;
    void setLanguage(const QString& language);

    // The language actually used: the preference, or the system locale's when it is
    // "system" ("vi" for a Vietnamese locale, else "en").
    QString effectiveLanguage() const;

Q_SIGNALS:
    void changed();

private:
    void write(const char* key, const QVariant& value);
};

} // namespace lw::ui

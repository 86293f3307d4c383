#pragma once
// File > Preferences: threads, device, data folder, theme and language. OK writes them
// (QSettings, through Preferences) and the app applies them at once.
#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace lw::ui {

class Preferences;

class PreferencesDialog : public QDialog {
    Q_OBJECT
public:
    explicit PreferencesDialog(Preferences* preferences, QWidget* parent = nullptr);

    QSpinBox* threadsBox() const { return m_threads; }
    QComboBox* deviceBox() const { return m_device; }
    QLineEdit* dataFolderEdit() const { return m_dataFolder; }
    QComboBox* themeBox() const { return m_theme; }
    QComboBox* languageBox() const { return m_language; }

    // Writes the dialog's values into the preferences (what OK does before closing).
    void apply();

protected:
    void changeEvent(QEvent* event) override;

private:
    void load();
    void retranslate();

    Preferences* m_preferences;
    QFormLayout* m_form;
    QSpinBox* m_threads;
    QComboBox* m_device;
    QLineEdit* m_dataFolder;
    QComboBox* m_theme;
    QComboBox* m_language;
    QDialogButtonBox* m_buttons;
};

} // namespace lw::ui

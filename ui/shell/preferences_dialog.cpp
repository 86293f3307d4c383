#include "ui/shell/preferences_dialog.h"

#include "core/util/blas_setup.h"
#include "ui/shell/language_switcher.h"
#include "ui/shell/preferences.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>

namespace lw::ui {

PreferencesDialog::PreferencesDialog(Preferences* preferences, QWidget* parent)
    : QDialog(parent), m_preferences(preferences)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    m_threads = new QSpinBox(this);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(0, 1024);
    m_device = new QComboBox(this);
    m_device->setObjectName(QStringLiteral("device"));
    m_device->setEditable(true);
    m_device->addItems({QStringLiteral("cpu"), QStringLiteral("cuda"), QStringLiteral("cuda:0"), QStringLiteral("cuda:1")});
    m_dataFolder = new QLineEdit(this);
    m_dataFolder->setObjectName(QStringLiteral("dataFolder"));
    auto* browse = new QToolButton(this);
    browse->setText(QStringLiteral("…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Data folder"), m_dataFolder->text());
        if (!dir.isEmpty())
            m_dataFolder->setText(dir);
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(m_dataFolder, 1);
    folderRow->addWidget(browse);
    m_theme = new QComboBox(this);
    m_theme->setObjectName(QStringLiteral("theme"));
    for (Theme theme : {Theme::System, Theme::Light, Theme::Dark})
        m_theme->addItem(QString(), themeKey(theme));
    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(QString(), QString::fromLatin1(Preferences::kSystemLanguage));
    for (const auto& [code, nativeName] : LanguageSwitcher::availableLanguages())
        m_language->addItem(nativeName, code);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        apply();
        accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_form = new QFormLayout;
    m_form->addRow(QStringLiteral("threads"), m_threads);
    m_form->addRow(QStringLiteral("device"), m_device);
    m_form->addRow(QStringLiteral("data"), folderRow);
    m_form->addRow(QStringLiteral("theme"), m_theme);
    m_form->addRow(QStringLiteral("language"), m_language);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addStretch();
    layout->addWidget(m_buttons);
    retranslate();
    load();
    resize(520, sizeHint().height());
}

void PreferencesDialog::load()
{
    m_threads->setValue(m_preferences->threads());
    m_device->setCurrentText(m_preferences->device());
    m_dataFolder->setText(m_preferences->dataFolder());
    m_theme->setCurrentIndex(qMax(0, m_theme->findData(themeKey(m_preferences->theme()))));
    m_language->setCurrentIndex(qMax(0, m_language->findData(m_preferences->language())));
}

void PreferencesDialog::apply()
{
    m_preferences->setThreads(m_threads->value());
    m_preferences->setDevice(m_device->currentText().trimmed());
    m_preferences->setDataFolder(m_dataFolder->text().trimmed());
    m_preferences->setTheme(themeFromKey(m_theme->currentData().toString()));
    m_preferences->setLanguage(m_language->currentData().toString());
}

void PreferencesDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void PreferencesDialog::retranslate()
{
    setWindowTitle(tr("Preferences"));
    auto label = [this](QWidget* field, const QString& text) {
        if (auto* l = qobject_cast<QLabel*>(m_form->labelForField(field)))
            l->setText(text);
    };
    auto labelRow = [this](int row, const QString& text) {
        if (auto* item = m_form->itemAt(row, QFormLayout::LabelRole))
            if (auto* l = qobject_cast<QLabel*>(item->widget()))
                l->setText(text);
    };
    label(m_threads, tr("CPU threads"));
    m_threads->setSpecialValueText(tr("All cores (%1)").arg(util::hardwareThreads()));
    m_threads->setToolTip(tr("Threads each training job uses for tensor operations"));
    label(m_device, tr("Device"));
    m_device->setToolTip(tr("Where new runs compute: cpu, or cuda on a machine with an NVIDIA GPU"));
    labelRow(2, tr("Data folder"));
    m_dataFolder->setToolTip(tr("Where new projects and the demo project are created"));
    label(m_theme, tr("Theme"));
    m_theme->setItemText(0, tr("Same as the system"));
    m_theme->setItemText(1, tr("Light"));
    m_theme->setItemText(2, tr("Dark"));
    label(m_language, tr("Language"));
    m_language->setItemText(0, tr("Same as the system"));
}

} // namespace lw::ui

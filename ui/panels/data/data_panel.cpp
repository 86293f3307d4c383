#include "ui/panels/data/data_panel.h"

#include "core/store/project.h"
#include "ui/panels/data/export_dialog.h"
#include "ui/panels/data/import_page.h"
#include "ui/panels/data/recipe_page.h"
#include "ui/panels/data/stats_page.h"
#include "ui/panels/data/template_page.h"
#include "ui/panels/data/versions_page.h"
#include "ui/shell/background.h"

#include <QEvent>
#include <QTabWidget>
#include <QVBoxLayout>

#include <exception>

namespace lw::ui::data {

namespace {

// The project's tokenizers by name, read from its store (on a pool thread).
QStringList projectTokenizers(const QString& projectDir)
{
    QStringList names;
    try {
        auto project = store::Project::open(projectDir.toStdString());
        store::Store store = project.openStoreForListing();
        for (const auto& record : store.tokenizers())
            names << QString::fromStdString(record.name);
    } catch (const std::exception&) {
        // No tokenizer to offer: the boxes still take a name or a path typed in.
    }
    return names;
}

} // namespace

DataPanel::DataPanel(JobSupervisor* supervisor, QWidget* parent)
    : QWidget(parent), m_tabs(new QTabWidget(this)), m_versions(new VersionsPage(this)),
      m_import(new ImportPage(supervisor, this)), m_recipe(new RecipePage(supervisor, this)),
      m_template(new TemplatePage(this)), m_stats(new StatsPage(this)),
      m_export(new ExportDialog(supervisor, this))
{
    m_tabs->setObjectName(QStringLiteral("dataTabs"));
    m_tabs->addTab(m_versions, QString());
    m_tabs->addTab(m_import, QString());
    m_tabs->addTab(m_recipe, QString());
    m_tabs->addTab(m_template, QString());
    m_tabs->addTab(m_stats, QString());
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);

    connect(m_versions, &VersionsPage::currentDatasetChanged, this, [this](const QString& name) {
        m_recipe->setDataset(name);
        m_template->setDataset(name);
        m_stats->setDataset(name);
    });
    auto showNewVersion = [this](const QString& name) {
        m_versions->selectDataset(name);
        m_versions->refresh();
    };
    connect(m_import, &ImportPage::imported, this, [this, showNewVersion](const QString& name) {
        showNewVersion(name);
        Q_EMIT statusMessage(tr("Dataset %1 imported").arg(name));
    });
    connect(m_recipe, &RecipePage::filtered, this, [this, showNewVersion](const QString& name) {
        showNewVersion(name);
        Q_EMIT statusMessage(tr("Dataset %1 made by the recipe").arg(name));
    });
    connect(m_stats, &StatsPage::splitMade, m_versions, &VersionsPage::refresh);
    connect(m_versions, &VersionsPage::exportRequested, this, [this](const QString& name, const QString& kind) {
        m_export->setDataset(name, kind);
        m_export->show();
        m_export->raise();
        m_export->activateWindow();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int) {
        // A tokenizer trained meanwhile (Train panel, command line) is offered too.
        if (m_tabs->currentWidget() == m_template || m_tabs->currentWidget() == m_stats ||
            m_tabs->currentWidget() == m_recipe)
            loadTokenizers();
    });
    retranslateUi();
}

void DataPanel::retranslateUi()
{
    m_tabs->setTabText(m_tabs->indexOf(m_versions), tr("Versions"));
    m_tabs->setTabText(m_tabs->indexOf(m_import), tr("Import"));
    m_tabs->setTabText(m_tabs->indexOf(m_recipe), tr("Recipe"));
    m_tabs->setTabText(m_tabs->indexOf(m_template), tr("Template"));
    m_tabs->setTabText(m_tabs->indexOf(m_stats), tr("Statistics"));
}

void DataPanel::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
}

void DataPanel::setProjectDir(const QString& dir)
{
    m_projectDir = dir;
    m_import->setProjectDir(dir);
    m_recipe->setProjectDir(dir);
    m_template->setProjectDir(dir);
    m_stats->setProjectDir(dir);
    m_export->setProjectDir(dir);
    m_versions->setProjectDir(dir);
    loadTokenizers();
}

void DataPanel::addImportFiles(const QStringList& paths)
{
    m_tabs->setCurrentWidget(m_import);
    m_import->addPaths(paths);
}

void DataPanel::loadTokenizers()
{
    if (m_projectDir.isEmpty())
        return;
    const QString dir = m_projectDir;
    runInBackground(
        this, [dir] { return projectTokenizers(dir); },
        [this, dir](const QStringList& names) {
            if (dir != m_projectDir)
                return; // another project was opened meanwhile
            m_template->setTokenizers(names);
            m_stats->setTokenizers(names);
            m_recipe->setTokenizers(names);
            m_export->setTokenizers(names);
        });
}

} // namespace lw::ui::data

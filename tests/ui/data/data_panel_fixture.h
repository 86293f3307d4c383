#pragma once
// What the Data panel's end-to-end tests share: the public instruction set imported
// through the Import page, the tree item of a version, and the real `llmwb` run
// directly, so a test compares what the panel shows with what the command says.
#include "shared_data.h"
#include "ui/panels/data/data_panel.h"
#include "ui/panels/data/import_file_list.h"
#include "ui/panels/data/import_page.h"
#include "ui/panels/data/versions_page.h"
#include "ui/shell/job_supervisor.h"
#include "ui/train/ui_test_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QTableWidget>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

namespace data_test {

// A Data panel shown on a new project in a temporary folder, with the settings kept
// there and the worker of this build.
struct PanelOnTempProject {
    QTemporaryDir dir;
    QString project;
    std::unique_ptr<lw::ui::JobSupervisor> supervisor;
    std::unique_ptr<lw::ui::data::DataPanel> panel;

    bool start()
    {
        if (!dir.isValid())
            return false;
        ui_test::isolateSettings(dir.path());
        if (!QFileInfo(ui_test::useBuiltWorker()).isExecutable())
            return false;
        project = dir.filePath(QStringLiteral("project"));
        supervisor = std::make_unique<lw::ui::JobSupervisor>();
        panel = std::make_unique<lw::ui::data::DataPanel>(supervisor.get());
        panel->resize(1280, 800);
        panel->show();
        panel->setProjectDir(project);
        return true;
    }
};

inline QString instructionDataPath()
{
    return QString::fromStdString(lw::test::sharedDataPath("llms-from-scratch/instruction-data.json"));
}

// The GPT-2 byte-level BPE files (encoder.json + vocab.bpe), a tokenizer folder.
inline QString gpt2TokenizerDir()
{
    return QDir::cleanPath(QString::fromStdString(lw::test::sharedDataPath("llms-from-scratch/gpt2-bpe")));
}

// The rows of the instruction set, counted from the file itself.
inline qint64 instructionRows()
{
    QFile file(instructionDataPath());
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    return QJsonDocument::fromJson(file.readAll()).array().size();
}

inline QTreeWidgetItem* findVersion(lw::ui::data::DataPanel* panel, const QString& name)
{
    const auto items = panel->versionsPage()->tree()->findItems(name, Qt::MatchExactly | Qt::MatchRecursive, 0);
    return items.isEmpty() ? nullptr : items.first();
}

// Imports `path` as `name` by the Import page, as a user would; true once it is listed.
inline bool importThroughPanel(lw::ui::data::DataPanel* panel, const QString& path, const QString& name)
{
    lw::ui::data::ImportPage* page = panel->importPage();
    page->files()->clear();
    page->addPaths({path});
    page->nameEdit()->setText(name);
    QSignalSpy imported(page, &lw::ui::data::ImportPage::imported);
    if (!QTest::qWaitFor([page] { return page->importButton()->isEnabled(); }, 30000))
        return false;
    page->startImport();
    if (!imported.wait(120000))
        return false;
    return QTest::qWaitFor([panel, name] { return findVersion(panel, name) != nullptr; }, 20000);
}

// Runs the llmwb of this build (LLMWB_WORKER) and reads its last stdout line as JSON;
// an empty object when it fails (its stderr is printed).
inline QJsonObject runWorker(const QStringList& arguments)
{
    QProcess process;
    process.start(qEnvironmentVariable("LLMWB_WORKER"), arguments);
    if (!process.waitForFinished(300000) || process.exitCode() != 0) {
        qWarning("llmwb %s: %s", qPrintable(arguments.join(QLatin1Char(' '))),
                 process.readAllStandardError().constData());
        return {};
    }
    const QList<QByteArray> lines = process.readAllStandardOutput().trimmed().split('\n');
    return QJsonDocument::fromJson(lines.last()).object();
}

// A generated file of `rows` text rows, each different, imported by llmwb as `name`:
// big enough that a job over it is still running when a test cancels it.
inline bool importGeneratedRows(const QString& project, const QString& path, const QString& name, int rows)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    for (int i = 0; i < rows; ++i)
        file.write("{\"text\":\"row " + QByteArray::number(i) + " says " + QByteArray::number(i * 7919) +
                   " things about " + QByteArray::number(i % 977) + " and more words to read\"}\n");
    file.close();
    return !runWorker({QStringLiteral("data"), QStringLiteral("import"), QStringLiteral("--input"), path,
                       QStringLiteral("--name"), name, QStringLiteral("--project"), project, QStringLiteral("--json")})
                .isEmpty();
}

inline QJsonObject showVersion(const QString& project, const QString& name)
{
    return runWorker({QStringLiteral("data"), QStringLiteral("show"), name, QStringLiteral("--project"), project,
                      QStringLiteral("--json")});
}

} // namespace data_test

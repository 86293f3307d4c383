#include "ui/shell/demo_bootstrap.h"

#include "core/store/project.h"
#include "core/train/demo_project.h"
#include "ui/shell/background.h"
#include "ui/shell/json_bridge.h"

#include <QCoreApplication>
#include <QDir>
#include <QPointer>

#include <exception>

namespace lw::ui {

namespace {

// The messages ensureDemoProject reports, so that they reach the translation files.
[[maybe_unused]] const char* const kCoreMessages[] = {
    QT_TRANSLATE_NOOP("lw::ui::DemoBootstrap", "writing the demo stories"),
    QT_TRANSLATE_NOOP("lw::ui::DemoBootstrap", "training the demo tokenizer"),
    QT_TRANSLATE_NOOP("lw::ui::DemoBootstrap", "preparing the demo dataset"),
};

// The preset whose shape the configuration has (the vocabulary follows the dataset).
std::string presetMatching(const model::ModelConfig& config)
{
    for (const auto& preset : model::modelPresets()) {
        model::ModelConfig shape = preset.config;
        shape.vocab_size = config.vocab_size;
        if (shape == config)
            return preset.name;
    }
    return {};
}

struct BootstrapResult {
    DemoProjectInfo info;
    QString error;
};

} // namespace

DemoBootstrap::DemoBootstrap(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<DemoProjectInfo>();
}

void DemoBootstrap::start(const QString& projectDir)
{
    m_running = true;
    QPointer<DemoBootstrap> self(this);
    const QString dir = QDir::cleanPath(QDir(projectDir).absolutePath());
    runInBackground(
        this,
        [self, dir] {
            BootstrapResult result;
            try {
                auto demo = train::ensureDemoProject(dir.toStdString(), [self](const std::string& message) {
                    const QString text = QString::fromStdString(message);
                    QMetaObject::invokeMethod(
                        QCoreApplication::instance(),
                        [self, text] {
                            if (self)
                                Q_EMIT self->progress(QCoreApplication::translate("lw::ui::DemoBootstrap",
                                                                                  text.toUtf8().constData()));
                        },
                        Qt::QueuedConnection);
                });
                result.info.projectDir = QString::fromStdString(demo.projectDir);
                result.info.datasetDir = QString::fromStdString(demo.datasetDir);
                auto store = store::Project::open(demo.projectDir).openStore();
                if (auto dataset = store.dataset(demo.datasetId))
                    result.info.datasetName = QString::fromStdString(dataset->name);
                result.info.preset = QString::fromStdString(presetMatching(demo.config.model));
                result.info.config = toQJson(demo.config.toJson());
            } catch (const std::exception& e) {
                result.error = QString::fromUtf8(e.what());
            }
            return result;
        },
        [this](const BootstrapResult& result) {
            m_running = false;
            if (result.error.isEmpty())
                Q_EMIT ready(result.info);
            else
                Q_EMIT failed(result.error);
        });
}

} // namespace lw::ui

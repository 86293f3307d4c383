#pragma once
// First start: makes the demo project (stories, tokenizer, dataset) on a pool thread,
// reporting progress, so that a newcomer finds something ready to train.
#include <QJsonObject>
#include <QObject>
#include <QString>

namespace lw::ui {

struct DemoProjectInfo {
    QString projectDir;
    QString datasetDir;
    QString datasetName; // as registered in the project's store
    QString preset;      // the model preset the demo configuration uses ("" if none)
    QJsonObject config;  // the demo TrainConfig
};

class DemoBootstrap : public QObject {
    Q_OBJECT
public:
    explicit DemoBootstrap(QObject* parent = nullptr);
    // Creates what is missing of the demo project in `projectDir` (quick when it exists).
    void start(const QString& projectDir);
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void progress(const QString& message);
    void ready(const lw::ui::DemoProjectInfo& info);
    void failed(const QString& message);

private:
    bool m_running = false;
};

} // namespace lw::ui

Q_DECLARE_METATYPE(lw::ui::DemoProjectInfo)

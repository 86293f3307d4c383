#pragma once
// A Train panel on the demo project with a configuration short enough for a test, and
// small helpers the Train panel tests share (one header: the test sources of a folder
// compile together, so they must not each define these).
#include "ui/panels/train/train_panel.h"
#include "ui/shell/demo_bootstrap.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>

namespace train_test {

struct PanelFixture {
    lw::ui::JobSupervisor supervisor;
    lw::ui::Preferences preferences;
    lw::ui::TrainPanel panel{&supervisor, &preferences};

    // `steps` steps with evaluations, samples and checkpoints every `every` steps.
    PanelFixture(const lw::ui::DemoProjectInfo& demo, int steps, int every)
    {
        preferences.setThreads(1);
        lw::ui::DemoProjectInfo shortDemo = demo;
        shortDemo.config = ui_test::shortDemoConfig(demo.config, steps, every);
        QSignalSpy refreshed(&panel, &lw::ui::TrainPanel::catalogRefreshed);
        panel.applyDemo(shortDemo);
        panel.resize(1280, 800);
        panel.show();
        refreshed.wait(20000); // the tests check what it selected
    }
};

// Answers the next message box named `name` with its button named `button` (or the
// standard Cancel button for "cancel"), keeping what it said.
class MessageBoxAnswerer {
public:
    MessageBoxAnswerer(const QString& name, const QString& button)
    {
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, [this, name, button] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || box->objectName() != name)
                return;
            m_timer.stop();
            m_text = box->text();
            QAbstractButton* target = button == QLatin1String("cancel") ? box->button(QMessageBox::Cancel)
                                                                         : box->findChild<QAbstractButton*>(button);
            if (target)
                target->click();
            m_answered = true;
        });
        m_timer.start();
    }
    bool answered() const { return m_answered; }
    QString text() const { return m_text; }

private:
    QTimer m_timer;
    QString m_text;
    bool m_answered = false;
};

} // namespace train_test

#pragma once
// Helpers the Chat panel tests share: a panel on the fixture's project with its model
// loaded, and the decoding settings a test asks for.
#include "chat_fixture.h"
#include "ui/panels/chat/chat_panel.h"
#include "ui/panels/chat/chat_view.h"
#include "ui/panels/chat/decoding_form.h"
#include "ui/panels/chat/model_picker.h"
#include "ui/panels/chat/model_session.h"
#include "ui/shell/job_supervisor.h"
#include "ui/shell/preferences.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QMessageBox>
#include <QTimer>
#include <QtTest>

#include <memory>

namespace chat_test {

// The supervisor the tests' panels run their jobs with (the demo model's training).
inline lw::ui::JobSupervisor* testSupervisor()
{
    static auto* supervisor = new lw::ui::JobSupervisor; // lives as long as the program
    return supervisor;
}

// A shown Chat panel on the fixture's project; its session has `key` loaded (the
// picker's first choice, the run's best checkpoint, when empty).
inline std::unique_ptr<lw::ui::ChatPanel> openPanel(const ChatFixture& fixture, lw::ui::Preferences* preferences,
                                                    const QString& key = {})
{
    preferences->setDataFolder(fixture.dataFolder);
    preferences->setThreads(1);
    auto panel = std::make_unique<lw::ui::ChatPanel>(testSupervisor(), preferences);
    panel->resize(1200, 800);
    QSignalSpy refreshed(panel.get(), &lw::ui::ChatPanel::modelsRefreshed);
    panel->setProjectDir(fixture.projectDir);
    panel->show();
    if (!refreshed.wait(20000))
        qFatal("the Chat panel did not list the project's models");
    if (!key.isEmpty() && !panel->modelPicker()->selectKey(key))
        qFatal("no model %s in the picker", qPrintable(key));
    const QString wanted = key.isEmpty() ? fixture.checkpoint : key;
    if (!QTest::qWaitFor([&] { return panel->session()->isLoaded() && panel->session()->info().key == wanted; },
                         30000))
        qFatal("the model %s did not load (loaded: '%s'; picker: '%s'; %s)", qPrintable(wanted),
               qPrintable(panel->session()->info().key), qPrintable(panel->modelPicker()->currentKey()),
               qPrintable(panel->loadError()->text()));
    return panel;
}

// Greedy, and as long as asked: the short-trained models of the tests often give the
// end-of-text token first, which would leave nothing to watch stream in.
inline lw::generate::SamplerSettings greedySettings(int maxTokens)
{
    lw::generate::SamplerSettings s;
    s.temperature = 0;
    s.max_tokens = maxTokens;
    s.stop_at_eos = false;
    return s;
}

// Sampling that does not end early at the end-of-text token: long answers.
inline lw::generate::SamplerSettings longSettings(int maxTokens, uint64_t seed)
{
    lw::generate::SamplerSettings s;
    s.temperature = 0.9;
    s.max_tokens = maxTokens;
    s.seed = seed;
    s.stop_at_eos = false;
    return s;
}

inline lw::ui::AnswerResult answerOf(const QSignalSpy& finished, int index = 0)
{
    return finished.at(index).at(0).value<lw::ui::AnswerResult>();
}

// Answers the next message box named `name` with `button` as a user would click it.
class MessageBoxAnswerer {
public:
    MessageBoxAnswerer(const QString& name, QMessageBox::StandardButton button) : m_name(name), m_button(button)
    {
        m_timer.setInterval(20);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || box->objectName() != m_name || !box->button(m_button))
                return;
            m_timer.stop();
            m_answered = true;
            QTest::mouseClick(box->button(m_button), Qt::LeftButton);
        });
        m_timer.start();
    }
    bool answered() const { return m_answered; }

private:
    QString m_name;
    QMessageBox::StandardButton m_button;
    QTimer m_timer;
    bool m_answered = false;
};

} // namespace chat_test

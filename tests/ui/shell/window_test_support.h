#pragma once
// What the whole-window tests share: settings, the worker and the data folder of the
// test's own temporary folder, and the window as a user first sees it.
#include "ui/shell/main_window.h"
#include "ui/shell/preferences.h"
#include "ui/train/ui_test_support.h"

#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

namespace window_test {

// Settings in `dir`, the worker of this build, the data folder (where the demo project
// is made) inside `dir`, and one training thread (the test needs the other core).
inline void prepare(const QTemporaryDir& dir)
{
    ui_test::isolateSettings(dir.path());
    ui_test::useBuiltWorker();
    lw::ui::Preferences preferences;
    preferences.setDataFolder(dir.filePath(QStringLiteral("data")));
    preferences.setThreads(1);
}

// A new window at 1280x800, shown; runs still training when it closes are cancelled.
inline std::unique_ptr<lw::ui::MainWindow> showWindow()
{
    auto window = std::make_unique<lw::ui::MainWindow>();
    window->setClosePolicy(lw::ui::MainWindow::ClosePolicy::CancelRuns);
    window->resize(1280, 800);
    window->show();
    return window;
}

// Opens `projectDir` in `window` as File > Open does; false when it is not open within 30 s.
inline bool openProject(lw::ui::MainWindow& window, const QString& projectDir)
{
    QSignalSpy opened(&window, &lw::ui::MainWindow::projectOpened);
    window.openProject(projectDir);
    return opened.wait(30000);
}

} // namespace window_test

// llm-workbench: the desktop app. Thin: the application object, the window, go.
#include "core/util/blas_setup.h"
#include "ui/shell/main_window.h"

#include <QApplication>
#include <QIcon>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LW_VERSION
#define LW_VERSION "0.0.0"
#endif

namespace {

// Outside a desktop session (a container, ssh, a test run) XDG_RUNTIME_DIR may be unset;
// Qt then falls back to /tmp/runtime-<user> but warns on every start. Same folder, no
// warning.
void ensureRuntimeDir()
{
    if (std::getenv("XDG_RUNTIME_DIR"))
        return;
    const std::string dir = "/tmp/runtime-" + std::to_string(::getuid());
    struct stat info {};
    if (::mkdir(dir.c_str(), 0700) != 0 && (::stat(dir.c_str(), &info) != 0 || info.st_uid != ::getuid()))
        return; // not ours: let Qt say so
    ::chmod(dir.c_str(), 0700);
    ::setenv("XDG_RUNTIME_DIR", dir.c_str(), 1);
}

} // namespace

int main(int argc, char** argv)
{
    // Before Qt starts anything: --version needs no display.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("llm-workbench %s\n", LW_VERSION);
            return 0;
        }
    }
    lw::util::ensureFastRuntime(argv, true); // chats generate in this process
    ensureRuntimeDir();

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("llm-workbench"));
    QApplication::setApplicationName(QStringLiteral("llm-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("LLM Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(LW_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("llm-workbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/llm-workbench.svg")));

    lw::ui::MainWindow window;
    window.show();
    window.start();
    return app.exec();
}

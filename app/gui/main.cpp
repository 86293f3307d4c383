// llm-workbench: the desktop app. Thin: the application object, the window, go.
#include "core/util/blas_setup.h"
#include "ui/shell/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
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

// The app's options. Qt's own (-platform, -style, ...) are taken by QApplication first.
void describeOptions(QCommandLineParser& parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "LLM Workbench: build, train, fine-tune and chat with language models on this computer.\n"
        "Opens PROJECT (a folder, created when missing), else the project of the last session, else the\n"
        "default project, which `llmwb` uses too when given no --project."));
    parser.addPositionalArgument(QStringLiteral("project"), QStringLiteral("Project folder to open or create"),
                                 QStringLiteral("[PROJECT]"));
    parser.addHelpOption();
    parser.addVersionOption();
}

// --help and --version print and exit before Qt starts anything: they need no display.
bool answeredWithoutDisplay(int argc, char** argv, int* exitCode)
{
    for (int i = 1; i < argc; ++i) {
        const char* a = argv[i];
        if (std::strcmp(a, "--version") == 0 || std::strcmp(a, "-v") == 0) {
            std::printf("llm-workbench %s\n", LW_VERSION);
            *exitCode = 0;
            return true;
        }
        if (std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0 || std::strcmp(a, "-?") == 0 ||
            std::strcmp(a, "--help-all") == 0) {
            QCommandLineParser parser;
            describeOptions(parser);
            // Without an application object the parser cannot know the program's name.
            QString help = parser.helpText();
            help.replace(QStringLiteral("<executable_name>"), QStringLiteral("llm-workbench"));
            std::printf("%s", help.toLocal8Bit().constData());
            *exitCode = 0;
            return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    int exitCode = 0;
    if (answeredWithoutDisplay(argc, argv, &exitCode))
        return exitCode;
    lw::util::ensureFastRuntime(argv, true); // chats generate in this process
    ensureRuntimeDir();

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("llm-workbench"));
    QApplication::setApplicationName(QStringLiteral("llm-workbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("LLM Workbench"));
    QApplication::setApplicationVersion(QStringLiteral(LW_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("llm-workbench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/llm-workbench.svg")));

    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(app); // an unknown option prints why and exits
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "llm-workbench: one project folder at most, got %lld\n", qlonglong(positional.size()));
        return 2;
    }

    lw::ui::MainWindow window;
    window.show();
    window.start(positional.isEmpty() ? QString() : positional.first());
    return app.exec();
}

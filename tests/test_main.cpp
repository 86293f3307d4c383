// main() of every test program: runs the registered test class named by the first
// argument (a test source file's base name, e.g. test_store_runs), or every class in
// turn without one. Programs built with LW_TEST_WIDGETS make a QApplication, as
// QTEST_MAIN would; the others a QCoreApplication.
#include "test_registry.h"
#include "test_registry.h"

#include <QCoreApplication>
#ifdef LW_TEST_WIDGETS
#include <QApplication>
#endif

#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace lw::test {

namespace {

struct Entry {
    bool needsWidgets = false;
    TestRunner run;
};

std::map<std::string, Entry>& registry()
{
    static std::map<std::string, Entry> tests;
    return tests;
}

std::string baseName(const char* path)
{
    std::string name(path);
    const size_t slash = name.find_last_of('/');
    if (slash != std::string::npos)
        name.erase(0, slash + 1);
    const size_t dot = name.find('.');
    if (dot != std::string::npos)
        name.erase(dot);
    return name;
}

int runOne(const std::string& name, const Entry& entry, int argc, char** argv)
{
    // QTest reads the program name from argv[0] and its options from the rest.
    std::vector<char*> args(argv, argv + argc);
    std::string programName = name;
    args[0] = programName.data();
    args.push_back(nullptr);
    int count = argc;
    std::unique_ptr<QCoreApplication> app;
#ifdef LW_TEST_WIDGETS
    if (entry.needsWidgets) {
        auto* gui = new QApplication(count, args.data());
        gui->setAttribute(Qt::AA_Use96Dpi, true);
        app.reset(gui);
    }
#endif
    if (!app)
        app = std::make_unique<QCoreApplication>(count, args.data());
    return entry.run(count, args.data());
}

} // namespace

bool registerTest(const char* sourceFile, bool needsWidgets, TestRunner run)
{
    registry()[baseName(sourceFile)] = Entry{needsWidgets, std::move(run)};
    return true;
}

} // namespace lw::test

int main(int argc, char** argv)
{
    auto& tests = lw::test::registry();
    if (argc >= 2 && argv[1][0] != '-') {
        const auto found = tests.find(argv[1]);
        if (found == tests.end()) {
            std::fprintf(stderr, "%s: no test named %s; this program holds:\n", argv[0], argv[1]);
            for (const auto& [name, entry] : tests)
                std::fprintf(stderr, "  %s\n", name.c_str());
            return 2;
        }
        return lw::test::runOne(found->first, found->second, argc - 1, argv + 1);
    }
    // No name: every class in turn, with the QTest options given.
    int failed = 0;
    for (const auto& [name, entry] : tests) {
        std::vector<char*> args{argv, argv + argc};
        failed += lw::test::runOne(name, entry, argc, args.data()) != 0;
    }
    return failed == 0 ? 0 : 1;
}

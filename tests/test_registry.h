#pragma once
// The Qt Test classes of one test folder share one program (tests/test_main.cpp), so a
// folder links once and its sources compile as a few unity units instead of one
// program per class. Each class registers under its source file's base name, and ctest
// runs `<program> <name> [QTest options]`, so every class is still a test of its own.
//
//   LW_TEST_MAIN(TestLossChart)          // needs a QApplication (widgets)
//   LW_TEST_GUILESS_MAIN(TestStoreRuns)  // a QCoreApplication is enough
#include <QtTest>

#include <functional>

namespace lw::test {

using TestRunner = std::function<int(int argc, char** argv)>;

// Records a test class; called before main() by the macros below.
bool registerTest(const char* sourceFile, bool needsWidgets, TestRunner run);

} // namespace lw::test

#define LW_TEST_REGISTER_(TestObject, widgets)                                                       \
    namespace {                                                                                     \
    const bool lwTestRegistered_##TestObject = ::lw::test::registerTest(                            \
        __FILE__, widgets, [](int argc, char** argv) {                                              \
            TestObject test;                                                                        \
            return QTest::qExec(&test, argc, argv);                                                 \
        });                                                                                         \
    }

#define LW_TEST_MAIN(TestObject) LW_TEST_REGISTER_(TestObject, true)
#define LW_TEST_GUILESS_MAIN(TestObject) LW_TEST_REGISTER_(TestObject, false)

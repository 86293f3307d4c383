#pragma once
// Runs tests/core/jinja/render_reference.py (Python's jinja2 with transformers' chat
// template settings) on a list of templates and contexts, and renders the same with
// lw::jinja, so tests compare the two byte for byte.
#include "core/jinja/template.h"
#include "core/tokenizer/tokenizer_test_support.h"
#include "core/util/error.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

namespace lw::test {

struct JinjaCase {
    std::string name;
    std::string source;
    lw::jinja::Json context;
};

// One result per case: {"output": text} or {"error": message}.
inline bool renderWithPython(const std::vector<JinjaCase>& cases, nlohmann::json& results)
{
    QTemporaryDir dir;
    const std::string inputPath = dir.filePath("cases.json").toStdString();
    lw::jinja::Json list = lw::jinja::Json::array();
    for (const auto& c : cases)
        list.push_back({{"template", c.source}, {"context", c.context}});
    std::ofstream(inputPath) << list.dump();
    const std::string script = std::string(sourceDir()) + "/tests/core/jinja/render_reference.py";
    QByteArray output;
    if (!runPython({QString::fromStdString(script), QString::fromStdString(inputPath)}, output))
        return false;
    results = nlohmann::json::parse(output.toStdString());
    return results.is_array() && results.size() == cases.size();
}

inline nlohmann::json renderWithLw(const JinjaCase& c)
{
    try {
        return {{"output", lw::jinja::Template::parse(c.source, c.name).renderOrdered(c.context)}};
    } catch (const lw::Error& e) {
        return {{"error", e.what()}};
    }
}

// Compares every case; on a difference, names the case and shows both results.
inline void compareWithPython(const std::vector<JinjaCase>& cases)
{
    nlohmann::json expected;
    QVERIFY2(renderWithPython(cases, expected), "the jinja2 reference script failed (apt-get install python3-jinja2)");
    int differences = 0;
    for (size_t i = 0; i < cases.size(); ++i) {
        const nlohmann::json ours = renderWithLw(cases[i]);
        const bool same = expected[i].contains("output") ? ours == expected[i]
                                                        : ours.contains("error"); // both refuse
        if (!same) {
            ++differences;
            qWarning("case '%s':\n  template: %s\n  jinja2: %s\n  ours:   %s", cases[i].name.c_str(),
                     cases[i].source.c_str(), expected[i].dump().c_str(), ours.dump().c_str());
        }
    }
    QCOMPARE(differences, 0);
}

} // namespace lw::test

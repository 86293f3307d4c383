#pragma once
// Helpers shared by the tokenizer tests: where the shared data and the reference
// scripts are, and how to run a reference script (Debian's /usr/bin/python3, which has
// python3-regex and python3-sentencepiece) on a list of texts.
#include "test_paths.h"
#include "shared_data.h"

#include <nlohmann/json.hpp>

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lw::test {

inline std::string gpt2Folder()
{
    return sharedDataPath("llms-from-scratch/gpt2-bpe");
}

inline std::string readWholeFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string referenceScript(const std::string& name)
{
    return std::string(lw::test::sourceDir()) + "/tests/core/tokenizer/" + name;
}

// Runs /usr/bin/python3 with the arguments; its standard output, or false (with a
// warning) if it fails.
inline bool runPython(const QStringList& args, QByteArray& output)
{
    QProcess python;
    python.start("/usr/bin/python3", args);
    if (!python.waitForFinished(120000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        qWarning("/usr/bin/python3 %s failed: %s", qPrintable(args.join(' ')), python.readAllStandardError().constData());
        return false;
    }
    output = python.readAllStandardOutput();
    return true;
}

struct ReferenceInput {
    std::string text;
    bool allowSpecial = true;
};

// Runs `/usr/bin/python3 <script> <args...> <input.json>` where input.json lists the
// texts, and returns the JSON it prints; false (with a warning) on any problem.
inline bool runReferenceScript(const std::string& script, const QStringList& args,
                               const std::vector<ReferenceInput>& inputs, nlohmann::json& result)
{
    QTemporaryDir dir;
    std::string inputPath = dir.filePath("input.json").toStdString();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& in : inputs)
        list.push_back({{"text", in.text}, {"allow_special", in.allowSpecial}});
    std::ofstream(inputPath) << list.dump();

    QStringList all = QStringList{QString::fromStdString(referenceScript(script))} + args;
    all << QString::fromStdString(inputPath);
    QByteArray output;
    if (!runPython(all, output))
        return false;
    result = nlohmann::json::parse(output.toStdString());
    return result.is_array() && result.size() == inputs.size();
}

// The same, for scripts that print one id list per text.
inline bool runReference(const std::string& script, const QStringList& args, const std::vector<ReferenceInput>& inputs,
                         std::vector<std::vector<int32_t>>& result)
{
    nlohmann::json out;
    if (!runReferenceScript(script, args, inputs, out))
        return false;
    result = out.get<std::vector<std::vector<int32_t>>>();
    return true;
}

inline QString describeIds(const std::vector<int32_t>& ids, size_t limit = 40)
{
    QStringList parts;
    for (size_t i = 0; i < ids.size() && i < limit; ++i)
        parts << QString::number(ids[i]);
    if (ids.size() > limit)
        parts << "...";
    return "[" + parts.join(", ") + "] (" + QString::number(ids.size()) + " ids)";
}

// Index of the first difference between two id lists, or -1 when equal.
inline int64_t firstDifference(const std::vector<int32_t>& a, const std::vector<int32_t>& b)
{
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i)
        if (a[i] != b[i])
            return static_cast<int64_t>(i);
    return a.size() == b.size() ? -1 : static_cast<int64_t>(n);
}

} // namespace lw::test

#pragma once
// Helpers shared by the merge tests: small random tensors, and the independent numpy
// reference (merge_reference.py, run with Debian's /usr/bin/python3) applied to them.
#include "core/merge/merge_options.h"
#include "test_paths.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

namespace lw::test {

inline torch::Tensor randomTensor(std::vector<int64_t> shape, uint64_t seed, double scale = 1.0)
{
    auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
    return torch::randn(shape, generator, torch::kFloat32) * scale;
}

inline std::vector<double> flatValues(const torch::Tensor& t)
{
    torch::Tensor flat = t.reshape({-1}).to(torch::kDouble).contiguous();
    return std::vector<double>(flat.data_ptr<double>(), flat.data_ptr<double>() + flat.numel());
}

// One case for merge_reference.py: the options resolved to the values the method uses.
struct ReferenceCase {
    merge::MergeOptions options;
    std::vector<torch::Tensor> models;
    std::vector<merge::MergeWeights> weights;
    std::optional<torch::Tensor> base;
    std::vector<torch::Tensor> keep; // DARE: model i's drop mask (bool), else empty
};

// Raw little-endian files: float32 for tensors, one byte per entry for masks.
inline std::string writeRaw(const QTemporaryDir& dir, const std::string& name, const torch::Tensor& t)
{
    const std::string path = dir.filePath(QString::fromStdString(name)).toStdString();
    const torch::Tensor flat = t.dtype() == torch::kBool ? t.reshape({-1}).to(torch::kUInt8).contiguous()
                                                         : t.reshape({-1}).to(torch::kFloat32).contiguous();
    std::ofstream(path, std::ios::binary)
        .write(static_cast<const char*>(flat.data_ptr()), static_cast<std::streamsize>(flat.nbytes()));
    return path;
}

// The case as merge_reference.py reads it, its tensors written beside it; the merged
// tensor is to go to "<prefix>out.f64".
inline nlohmann::json referenceCaseJson(const ReferenceCase& c, const QTemporaryDir& dir, const std::string& prefix)
{
    nlohmann::json models = nlohmann::json::array();
    for (size_t i = 0; i < c.models.size(); ++i) {
        const std::string model = prefix + "model" + std::to_string(i);
        nlohmann::json entry = {{"weight", c.weights[i].weight},
                                {"density", c.weights[i].density},
                                {"values", writeRaw(dir, model + ".f32", c.models[i])}};
        if (i < c.keep.size() && c.keep[i].defined())
            entry["keep"] = writeRaw(dir, model + "_keep.u8", c.keep[i]);
        models.push_back(entry);
    }
    return {{"method", c.options.method},
            {"t", c.options.t},
            {"lambda", c.options.lambda},
            {"normalize", c.options.normalizeOrDefault()},
            {"rescale", c.options.rescaleOrDefault()},
            {"base", c.base ? nlohmann::json(writeRaw(dir, prefix + "base.f32", *c.base)) : nlohmann::json()},
            {"models", models},
            {"output", dir.filePath(QString::fromStdString(prefix + "out.f64")).toStdString()}};
}

// The reference's merged tensors, flattened, one per case; false (with a warning) if the
// script fails.
inline bool runMergeReference(const std::vector<ReferenceCase>& cases, std::vector<std::vector<double>>& results)
{
    QTemporaryDir dir;
    const std::string input = dir.filePath("cases.json").toStdString();
    nlohmann::json list = nlohmann::json::array();
    for (size_t i = 0; i < cases.size(); ++i)
        list.push_back(referenceCaseJson(cases[i], dir, "case" + std::to_string(i) + "_"));
    std::ofstream(input) << list.dump();

    const QString script = QString(sourceDir()) + "/tests/core/merge/merge_reference.py";
    QProcess python;
    python.start("/usr/bin/python3", {script, QString::fromStdString(input)});
    if (!python.waitForFinished(120000) || python.exitStatus() != QProcess::NormalExit || python.exitCode() != 0) {
        qWarning("merge_reference.py failed: %s", python.readAllStandardError().constData());
        return false;
    }
    results.clear();
    for (const auto& c : list) {
        std::ifstream in(c["output"].get<std::string>(), std::ios::binary | std::ios::ate);
        std::vector<double> values(static_cast<size_t>(in.tellg()) / sizeof(double));
        in.seekg(0);
        in.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(double)));
        results.push_back(std::move(values));
    }
    return results.size() == cases.size();
}

// The largest |ours - reference| / |reference| over the elements (a reference of 0 counts
// the plain difference), so 1e-6 means every element agrees to about six digits.
inline double maxRelativeError(const torch::Tensor& ours, const std::vector<double>& reference)
{
    const std::vector<double> values = flatValues(ours);
    if (values.size() != reference.size())
        return INFINITY;
    double worst = 0;
    for (size_t i = 0; i < values.size(); ++i) {
        const double scale = reference[i] == 0 ? 1.0 : std::abs(reference[i]);
        worst = std::max(worst, std::abs(values[i] - reference[i]) / scale);
    }
    return worst;
}

} // namespace lw::test

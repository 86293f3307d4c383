#include "core/quant/calibrated_quantize.h"

#include "core/quant/awq.h"
#include "core/quant/calibrated_method.h"
#include "core/quant/gptq.h"
#include "core/quant/gptq_storage_plan.h"
#include "core/quant/importance_from_model.h"
#include "core/util/error.h"

#include <map>

namespace lw::quant {

namespace {

void runGptq(model::TransformerImpl& model, const torch::Tensor& windows, const CalibratedQuantizeSettings& s,
             const MethodParts& method, QuantizeOptions& options, const CalibrationProgress& progress)
{
    const GptqStoragePlan plan(model.config(), method.rounding, options.importance);
    GptqSettings settings;
    settings.format = method.format;
    settings.dampPercent = s.damp;
    settings.actOrder = s.actOrder;
    settings.rowFormats = [&plan](const std::string& matrix) { return plan.rowFormats(matrix); };
    const std::vector<QuantizedMatrix> matrices =
        gptqQuantizeModel(model, windows, settings, [&](int64_t done, int64_t total, const std::string& name) {
            return !progress || progress(double(done) / double(total), name);
        });
    // A matrix GPTQ did in several row ranges counts once: its errors and its reference
    // measures summed over the ranges (a range without error still adds its reference).
    std::map<std::string, std::pair<double, double>> perMatrix; // name -> (error, reference)
    std::map<std::string, int64_t> layerOf;
    for (const QuantizedMatrix& m : matrices) {
        plan.store(m, options);
        perMatrix[m.name].first += m.error;
        perMatrix[m.name].second += m.reference;
        layerOf[m.name] = m.layer;
    }
    std::map<int64_t, std::pair<double, int64_t>> perLayer; // layer -> (sum, count)
    nlohmann::json matrixErrors = nlohmann::json::object();
    double sum = 0;
    for (const auto& [name, acc] : perMatrix) {
        const double relative = acc.second > 0 ? acc.first / acc.second : 0.0;
        matrixErrors[name] = relative;
        perLayer[layerOf[name]].first += relative;
        perLayer[layerOf[name]].second += 1;
        sum += relative;
    }
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& [layer, acc] : perLayer)
        layers.push_back(acc.first / double(acc.second));
    options.extraSettings["damp"] = s.damp;
    options.extraSettings["act_order"] = s.actOrder;
    // The values under one scale of the block grid (block_grid.h) differ by type in a mix
    // (q6_K's sub-blocks hold 16): each type's, and the dominant type's as group_size.
    options.extraSettings["group_size"] = plan.dominantGroupSize();
    options.extraSettings["group_sizes"] = plan.groupSizes();
    options.extraSettings["mean_relative_error"] = perMatrix.empty() ? 0.0 : sum / double(perMatrix.size());
    options.extraSettings["layer_relative_errors"] = layers;
    options.extraSettings["matrix_relative_errors"] = matrixErrors;
}

void runAwq(model::TransformerImpl& model, const torch::Tensor& windows, gguf::GgmlType format,
            QuantizeOptions& options, const CalibrationProgress& progress)
{
    AwqSettings settings;
    settings.format = format;
    const std::vector<AwqGroupReport> groups =
        awqTransformModel(model, windows, settings, [&](int64_t done, int64_t total) {
            return !progress || progress(double(done) / double(total), "layer " + std::to_string(done) + " of " +
                                                                           std::to_string(total));
        });
    nlohmann::json ratios = nlohmann::json::array();
    int64_t scaled = 0;
    double ratioSum = 0;
    for (const AwqGroupReport& g : groups) {
        ratios.push_back({{"name", g.name},
                          {"layer", g.layer},
                          {"ratio", g.ratio},
                          {"error", g.error},
                          {"plain_error", g.plainError}});
        if (g.ratio >= 0) {
            ++scaled;
            ratioSum += g.ratio;
        }
    }
    options.extraSettings["grid_points"] = settings.gridPoints;
    options.extraSettings["groups"] = groups.size();
    options.extraSettings["scaled_groups"] = scaled;
    options.extraSettings["mean_ratio"] = scaled > 0 ? nlohmann::json(ratioSum / double(scaled)) : nlohmann::json();
    options.extraSettings["ratios"] = ratios;
}

void runImportance(model::TransformerImpl& model, const torch::Tensor& windows, QuantizeOptions& options,
                   const CalibrationProgress& progress)
{
    const ImportanceMatrix matrix = importanceMatrixOf(model, windows, [&](int64_t done, int64_t total) {
        return !progress || progress(double(done) / double(total), "layer " + std::to_string(done) + " of " +
                                                                       std::to_string(total));
    });
    options.importance = importanceVectors(matrix);
    options.extraSettings["importance_matrix"] = {{"source", "calibration"},
                                                  {"entries", matrix.entries().size()},
                                                  {"tokens", windows.numel()}};
}

} // namespace

void calibrateForQuantization(model::TransformerImpl& model, const torch::Tensor& windows,
                              const CalibratedQuantizeSettings& settings, QuantizeOptions& options,
                              const CalibrationProgress& progress)
{
    const MethodParts parts = methodParts(options.method);
    const std::string refusal = importanceMatrixRefusal(options.method);
    if (!options.importance.empty() && !refusal.empty())
        throw Error::inField("importance", refusal);
    if (parts.calibration == Calibration::Gptq)
        return runGptq(model, windows, settings, parts, options, progress);
    if (parts.calibration == Calibration::Awq)
        return runAwq(model, windows, parts.format, options, progress);
    if (!refusal.empty())
        throw Error::inField("method", refusal);
    runImportance(model, windows, options, progress);
}

} // namespace lw::quant

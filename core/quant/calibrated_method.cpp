#include "core/quant/calibrated_method.h"

#include "core/quant/quant_mix.h"
#include "core/util/error.h"

#include <utility>

namespace lw::quant {

namespace {

// The round-to-nearest methods a calibration can follow, each with the block format of
// its grid (block_grid.h), in the order listed; a mix's is its base format, and its
// storage plan gives each tensor its own.
const std::vector<std::pair<std::string, gguf::GgmlType>>& calibratedFormats()
{
    static const std::vector<std::pair<std::string, gguf::GgmlType>> formats = {
        {"q8_0", gguf::GgmlType::Q8_0}, {"q4_0", gguf::GgmlType::Q4_0}, {"q4_1", gguf::GgmlType::Q4_1},
        {"q5_0", gguf::GgmlType::Q5_0}, {"q5_1", gguf::GgmlType::Q5_1}, {"q4_k", gguf::GgmlType::Q4_K},
        {"q5_k", gguf::GgmlType::Q5_K}, {"q6_k", gguf::GgmlType::Q6_K}, {"q4_k_m", gguf::GgmlType::Q4_K},
        {"q4_k_s", gguf::GgmlType::Q4_K}, {"q5_k_m", gguf::GgmlType::Q5_K}, {"q5_k_s", gguf::GgmlType::Q5_K}};
    return formats;
}

const std::vector<std::pair<std::string, Calibration>>& calibrationPrefixes()
{
    static const std::vector<std::pair<std::string, Calibration>> prefixes = {{"gptq-", Calibration::Gptq},
                                                                             {"awq-", Calibration::Awq}};
    return prefixes;
}

} // namespace

const std::vector<std::string>& calibratedMethods()
{
    static const std::vector<std::string> methods = [] {
        std::vector<std::string> out;
        for (const auto& [prefix, calibration] : calibrationPrefixes())
            for (const auto& [format, type] : calibratedFormats())
                out.push_back(prefix + format);
        return out;
    }();
    return methods;
}

MethodParts methodParts(const std::string& method)
{
    for (const auto& [prefix, calibration] : calibrationPrefixes()) {
        if (method.rfind(prefix, 0) != 0)
            continue;
        const std::string format = method.substr(prefix.size());
        for (const auto& [name, type] : calibratedFormats())
            if (name == format)
                return {calibration, name, type};
    }
    for (const std::string& m : quantizationMethods())
        if (m == method)
            return {Calibration::None, method, gguf::GgmlType::F32};
    std::string known;
    for (const std::string& m : quantizationMethods())
        known += (known.empty() ? "" : ", ") + m;
    for (const std::string& m : calibratedMethods())
        known += ", " + m;
    throw Error::inField("method", "unknown quantization method '" + method + "' (known: " + known + ")");
}

std::string roundingMethod(const std::string& method)
{
    return methodParts(method).rounding;
}

std::string importanceMatrixRefusal(const std::string& method)
{
    const MethodParts parts = methodParts(method);
    if (parts.calibration == Calibration::Awq)
        return method + " rescales each matrix's input columns before rounding, so an importance matrix of the "
                        "original model does not fit them; use it with a gptq-* or round-to-nearest method";
    if (parts.rounding == "int8" || parts.rounding == "nf4")
        return method + " takes no importance matrix (the ggml block formats do)";
    return {};
}

} // namespace lw::quant

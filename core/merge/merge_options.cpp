#include "core/merge/merge_options.h"

#include "core/util/error.h"
#include "core/util/json_field.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

namespace lw::merge {

namespace {

struct MethodRow {
    MergeMethod method;
    const char* name;
    MethodTraits traits;
};

// mergekit's defaults: task arithmetic and the DARE methods add the weighted deltas
// as they are; TIES divides by the weights that agree with the elected sign; DARE
// rescales what it keeps.
const MethodRow kMethods[] = {
    {MergeMethod::Linear, "linear", {false, Sparsification::None, false, true, false}},
    {MergeMethod::Slerp, "slerp", {false, Sparsification::None, false, false, false}},
    {MergeMethod::TaskArithmetic, "task_arithmetic", {true, Sparsification::None, false, false, false}},
    {MergeMethod::Ties, "ties", {true, Sparsification::Magnitude, true, true, false}},
    {MergeMethod::DareLinear, "dare_linear", {true, Sparsification::Random, false, false, true}},
    {MergeMethod::DareTies, "dare_ties", {true, Sparsification::Random, true, false, true}},
};

const MethodRow& rowOf(MergeMethod method)
{
    for (const auto& row : kMethods)
        if (row.method == method)
            return row;
    throw Error::inField("method", "unknown merge method");
}

} // namespace

std::string methodName(MergeMethod method)
{
    return rowOf(method).name;
}

MergeMethod parseMethod(const std::string& name)
{
    std::string known;
    for (const auto& row : kMethods) {
        if (name == row.name)
            return row.method;
        known += known.empty() ? row.name : std::string(", ") + row.name;
    }
    throw Error::inField("method", fmt::format("unknown merge method '{}' (known: {})", name, known));
}

std::string modelLabel(const std::vector<std::string>& labels, size_t index)
{
    return index < labels.size() ? labels[index] : fmt::format("models[{}]", index);
}

MethodTraits methodTraits(MergeMethod method)
{
    return rowOf(method).traits;
}

bool MergeOptions::normalizeOrDefault() const
{
    return normalize.value_or(methodTraits(parsedMethod()).defaultNormalize);
}

bool MergeOptions::rescaleOrDefault() const
{
    return rescale.value_or(methodTraits(parsedMethod()).defaultRescale);
}

void MergeOptions::validate(const std::vector<MergeWeights>& models, bool hasBase,
                            const std::vector<std::string>& labels) const
{
    const MergeMethod m = parsedMethod();
    const MethodTraits traits = methodTraits(m);
    if (!std::isfinite(t) || t < 0 || t > 1)
        throw Error::inField("t", fmt::format("must lie in [0, 1], not {}", t));
    if (!std::isfinite(lambda))
        throw Error::inField("lambda", "must be a finite number");
    for (size_t i = 0; i < models.size(); ++i) {
        if (!std::isfinite(models[i].weight))
            throw Error::inField(modelLabel(labels, i) + ".weight", "must be a finite number");
        const double density = models[i].density;
        if (!std::isfinite(density) || density <= 0 || density > 1)
            throw Error::inField(modelLabel(labels, i) + ".density", fmt::format("must lie in (0, 1], not {}", density));
    }
    if (models.empty())
        throw Error::inField("models", "no model to merge");
    if (m == MergeMethod::Slerp && models.size() != 2)
        throw Error::inField("models", fmt::format("slerp merges exactly two models, not {}", models.size()));
    if (traits.usesBase && !hasBase)
        throw Error::inField("base", methodName(m) + " needs a base model (the task vectors are model - base)");
    if (!traits.usesBase && hasBase && m != MergeMethod::Slerp)
        throw Error::inField("base", methodName(m) + " does not use a base model");
    if (m == MergeMethod::Linear && normalizeOrDefault()) {
        double sum = 0;
        for (const auto& w : models)
            sum += w.weight;
        if (sum == 0)
            throw Error::inField("models", "the weights sum to 0, so they cannot be normalised");
    }
}

nlohmann::json MergeWeights::toJson() const
{
    return {{"weight", weight}, {"density", density}};
}

MergeWeights MergeWeights::fromJson(const nlohmann::json& json, const std::string& context)
{
    if (!json.is_object())
        throw Error::inField(context, "expected a JSON object");
    for (auto it = json.begin(); it != json.end(); ++it)
        if (it.key() != "weight" && it.key() != "density")
            throw Error::inField(context + "." + it.key(), "unknown field");
    MergeWeights w;
    util::readJsonField(json, "weight", w.weight, context);
    util::readJsonField(json, "density", w.density, context);
    return w;
}

nlohmann::json MergeOptions::toJson() const
{
    nlohmann::json j = {{"method", method}, {"t", t}, {"lambda", lambda}, {"seed", seed}};
    j["normalize"] = normalize ? nlohmann::json(*normalize) : nlohmann::json();
    j["rescale"] = rescale ? nlohmann::json(*rescale) : nlohmann::json();
    j["base"] = baseIndex ? nlohmann::json(*baseIndex) : nlohmann::json();
    return j;
}

namespace {

// null (or absent) leaves the option unset.
template <typename T>
void readOptional(const nlohmann::json& json, const char* key, std::optional<T>& out)
{
    auto it = json.find(key);
    if (it == json.end() || it->is_null())
        return;
    T value{};
    util::readJsonField(json, key, value, "merge");
    out = value;
}

} // namespace

MergeOptions MergeOptions::fromJson(const nlohmann::json& json)
{
    if (!json.is_object())
        throw Error::inField("merge", "expected a JSON object");
    static const std::set<std::string> known = {"method", "t", "lambda", "seed", "normalize", "rescale", "base"};
    for (auto it = json.begin(); it != json.end(); ++it)
        if (!known.count(it.key()))
            throw Error::inField("merge." + it.key(), "unknown field");
    MergeOptions o;
    if (auto it = json.find("method"); it != json.end()) {
        if (!it->is_string())
            throw Error::inField("merge.method", "expected a string");
        o.method = it->get<std::string>();
        parseMethod(o.method);
    }
    util::readJsonField(json, "t", o.t, "merge");
    util::readJsonField(json, "lambda", o.lambda, "merge");
    if (auto it = json.find("seed"); it != json.end()) {
        // Any non-negative integer: JSON built in code holds small numbers as signed.
        if (!it->is_number_integer() || (!it->is_number_unsigned() && it->get<int64_t>() < 0))
            throw Error::inField("merge.seed", "expected a non-negative integer");
        o.seed = it->get<uint64_t>();
    }
    readOptional(json, "normalize", o.normalize);
    readOptional(json, "rescale", o.rescale);
    readOptional(json, "base", o.baseIndex);
    return o;
}

} // namespace lw::merge

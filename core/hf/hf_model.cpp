#include "core/hf/hf_model.h"

#include "core/model/parameter_init.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace lw::hf {

namespace fs = std::filesystem;

namespace {

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// The shape a Hugging Face tensor must have for one part of our parameter.
std::vector<std::vector<int64_t>> expectedParts(const ExpandedRule& rule, const std::vector<int64_t>& ours,
                                                const model::ModelConfig& c)
{
    switch (rule.layout) {
    case TensorLayout::Same:
        return {ours};
    case TensorLayout::Transposed:
        return {{ours[1], ours[0]}};
    case TensorLayout::ConcatRows: {
        const int64_t q = c.queryWidth(), kv = c.kvWidth();
        std::vector<int64_t> rest(ours.begin() + 1, ours.end());
        auto with = [&](int64_t rows) {
            std::vector<int64_t> s{rows};
            s.insert(s.end(), rest.begin(), rest.end());
            return s;
        };
        return {with(q), with(kv), with(kv)};
    }
    }
    return {};
}

bool isFloating(torch::ScalarType t)
{
    return t == torch::kFloat || t == torch::kHalf || t == torch::kBFloat16 || t == torch::kDouble;
}

struct Plan {
    HfModelInfo info;
    SafetensorsSet weights;
    std::vector<ExpandedRule> rules;
    std::map<std::string, std::vector<int64_t>> shapes;
};

Plan plan(const std::string& folder)
{
    const fs::path dir(folder);
    const std::string configPath = (dir / "config.json").string();
    std::error_code ec;
    if (!fs::is_regular_file(configPath, ec))
        throw Error::inFile(folder, "not a Hugging Face model folder (no config.json)");
    Plan p{HfModelInfo{}, SafetensorsSet::open(folder), {}, {}};
    HfModelInfo& info = p.info;
    info.folder = folder;
    info.hfConfig = util::readJsonFile(configPath);
    info.architecture = &architectureOf(info.hfConfig, configPath);
    info.config = modelConfigFromHf(info.hfConfig, *info.architecture, configPath, &info.notes);
    info.storedDtype = p.weights.storedDtype();
    info.weightBytes = p.weights.totalBytes();
    info.weightFiles = p.weights.files();
    for (auto& [name, shape] : model::parameterShapes(info.config))
        p.shapes[name] = shape;
    p.rules = expandTensorRules(*info.architecture, info.config);

    // The prefix is whichever makes the first rule's tensor exist.
    const std::string probe = p.rules.front().theirs.front();
    info.namePrefix = info.architecture->namePrefixes.front();
    for (const std::string& prefix : info.architecture->namePrefixes)
        if (p.weights.contains(prefix + probe)) {
            info.namePrefix = prefix;
            break;
        }

    std::set<std::string> used;
    std::set<torch::ScalarType> dtypes, matrixDtypes;
    for (const ExpandedRule& rule : p.rules) {
        auto expected = expectedParts(rule, p.shapes.at(rule.ours), info.config);
        for (size_t i = 0; i < rule.theirs.size(); ++i) {
            const std::string name = info.namePrefix + rule.theirs[i];
            if (!p.weights.contains(name))
                throw Error::inFile(folder, "tensor '" + name + "' is missing (needed for " + rule.ours + ")");
            const io::SafetensorsEntry& e = p.weights.entry(name);
            if (e.shape != expected[i])
                throw Error::inFile(folder, "tensor '" + name + "' has shape " + shapeText(e.shape) + ", expected " +
                                                shapeText(expected[i]) + " from config.json");
            if (!isFloating(e.dtype))
                throw Error::inFile(folder, "tensor '" + name + "' is stored as " + io::safetensorsDtypeName(e.dtype) +
                                                ", not a floating-point type");
            dtypes.insert(e.dtype);
            if (e.shape.size() >= 2)
                matrixDtypes.insert(e.dtype);
            used.insert(name);
        }
    }
    for (const std::string& name : p.weights.names()) {
        if (used.count(name) || isIgnoredTensor(*info.architecture, name))
            continue;
        // A tied model may still carry its output projection (a copy of the embedding).
        if (info.config.tie_embeddings && name == info.namePrefix + "lm_head.weight")
            continue;
        if (info.config.tie_embeddings && name == "lm_head.weight")
            continue;
        throw Error::inFile(folder, "unexpected tensor '" + name + "' for " + info.architecture->architecture);
    }
    if (dtypes.size() == 1)
        info.singleDtype = *dtypes.begin();
    if (matrixDtypes.size() == 1)
        info.matrixDtype = *matrixDtypes.begin();
    return p;
}

} // namespace

HfModelInfo inspectHfModel(const std::string& folder)
{
    return plan(folder).info;
}

model::Transformer loadHfModel(const std::string& folder, const torch::Device& device, torch::ScalarType dtype,
                               HfModelInfo* infoOut)
{
    return loadHfModel(folder, device, HfLoadDtypes{dtype, dtype}, infoOut);
}

model::Transformer loadHfModel(const std::string& folder, const torch::Device& device, HfLoadDtypes dtypes,
                               HfModelInfo* infoOut)
{
    Plan p = plan(folder);
    // Built float32 and unfilled: its matrices are reserved, not yet written, so they take
    // no memory. A parameter of another final dtype takes the tensor read for it instead,
    // and its reservation goes: at no point are two copies of the model held.
    model::Transformer model(p.info.config, false);
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> parameters;
    for (auto& item : model->named_parameters())
        parameters[item.key()] = item.value();
    model::ParameterFill fill;
    for (const ExpandedRule& rule : p.rules) {
        const torch::ScalarType dtype = p.shapes.at(rule.ours).size() >= 2 ? dtypes.matrices : dtypes.vectors;
        std::vector<torch::Tensor> parts;
        for (const std::string& name : rule.theirs)
            parts.push_back(p.weights.read(p.info.namePrefix + name, dtype));
        torch::Tensor value = rule.layout == TensorLayout::ConcatRows ? torch::cat(parts, 0)
                              : rule.layout == TensorLayout::Transposed ? parts[0].t()
                                                                        : parts[0];
        torch::Tensor& parameter = parameters.at(rule.ours);
        if (parameter.scalar_type() == dtype)
            parameter.copy_(value);
        else
            parameter.set_data(value.contiguous());
        fill.wrote(rule.ours, value.numel());
    }
    fill.requireAll(*model, folder);
    if (dtypes.matrices == dtypes.vectors)
        model->to(device, dtypes.matrices);
    else
        model->to(device); // each parameter is in its dtype already
    model->eval();
    if (infoOut)
        *infoOut = std::move(p.info);
    return model;
}

namespace {

// The dtype a parameter is read in: its parts' own when float32 holds it exactly and
// they agree, float32 otherwise (a double, or parts stored in different dtypes).
torch::ScalarType readDtype(const SafetensorsSet& weights, const std::vector<std::string>& names)
{
    const torch::ScalarType first = weights.entry(names.front()).dtype;
    for (const std::string& name : names)
        if (weights.entry(name).dtype != first)
            return torch::kFloat;
    return first == torch::kDouble ? torch::kFloat : first;
}

} // namespace

model::ParameterSource hfParameterSource(const std::string& folder, HfModelInfo* infoOut)
{
    auto p = std::make_shared<Plan>(plan(folder));
    if (infoOut)
        *infoOut = p->info;
    return {p->info.config, [p](const std::string& ours) {
                auto rule = std::find_if(p->rules.begin(), p->rules.end(),
                                         [&](const ExpandedRule& r) { return r.ours == ours; });
                if (rule == p->rules.end())
                    throw Error::inFile(p->info.folder, "no tensor holds the parameter '" + ours + "'");
                std::vector<std::string> names;
                for (const std::string& name : rule->theirs)
                    names.push_back(p->info.namePrefix + name);
                const torch::ScalarType dtype = readDtype(p->weights, names);
                // Views of the map where stored in `dtype`: writers only read them.
                std::vector<torch::Tensor> parts;
                for (const std::string& name : names)
                    parts.push_back(p->weights.view(name, dtype));
                return rule->layout == TensorLayout::ConcatRows ? torch::cat(parts, 0)
                       : rule->layout == TensorLayout::Transposed ? parts[0].t()
                                                                  : parts[0];
            }};
}

std::vector<io::StreamedTensor> hfTensorsOf(const model::ParameterSource& source, const HfArchitecture& a,
                                            torch::ScalarType dtype)
{
    const model::ModelConfig& c = source.config;
    std::map<std::string, std::vector<int64_t>> shapes;
    for (auto& [name, shape] : model::parameterShapes(c))
        shapes[name] = shape;
    const std::string prefix = a.namePrefixes.front();
    const int64_t q = c.queryWidth(), kv = c.kvWidth();
    const model::ParameterSource remembering = model::rememberingLastRead(source);
    std::vector<io::StreamedTensor> out;
    for (const ExpandedRule& rule : expandTensorRules(a, c)) {
        const std::vector<std::vector<int64_t>> partShapes = expectedParts(rule, shapes.at(rule.ours), c);
        const int64_t sizes[3] = {q, kv, kv};
        int64_t start = 0;
        for (size_t i = 0; i < rule.theirs.size(); ++i) {
            const TensorLayout layout = rule.layout;
            const int64_t rowStart = start, rows = layout == TensorLayout::ConcatRows ? sizes[i] : 0;
            start += rows;
            out.push_back({prefix + rule.theirs[i], dtype, partShapes[i],
                           [remembering, ours = rule.ours, layout, rowStart, rows, dtype] {
                               torch::NoGradGuard noGrad;
                               const torch::Tensor value = remembering.read(ours);
                               if (layout == TensorLayout::ConcatRows)
                                   return value.narrow(0, rowStart, rows).to(dtype).contiguous();
                               return (layout == TensorLayout::Transposed ? value.t() : value).to(dtype).contiguous();
                           }});
        }
    }
    return out;
}

void writeHfWeights(const model::ParameterSource& source, const std::string& folder, torch::ScalarType dtype,
                    int64_t bosId, int64_t eosId)
{
    const HfArchitecture& a = architectureForExport(source.config);
    // The config first: a model config.json cannot describe is refused before any weight is written.
    nlohmann::json config = hfConfigFromModel(source.config, a, torchDtypeName(dtype), bosId, eosId);
    io::writeSafetensors((fs::path(folder) / "model.safetensors").string(), hfTensorsOf(source, a, dtype),
                         {{"format", "pt"}});
    util::writeJsonFileAtomic((fs::path(folder) / "config.json").string(), config);
}

void writeHfWeights(model::Transformer& model, const std::string& folder, torch::ScalarType dtype, int64_t bosId,
                    int64_t eosId)
{
    writeHfWeights(model::parameterSourceOf(model), folder, dtype, bosId, eosId);
}

std::string torchDtypeName(torch::ScalarType dtype)
{
    switch (dtype) {
    case torch::kFloat:
        return "float32";
    case torch::kHalf:
        return "float16";
    case torch::kBFloat16:
        return "bfloat16";
    default:
        throw Error(std::string("no Hugging Face name for dtype ") + c10::toString(dtype));
    }
}

torch::ScalarType dtypeFromName(const std::string& name)
{
    if (name == "f32" || name == "float32" || name == "fp32")
        return torch::kFloat;
    if (name == "f16" || name == "float16" || name == "fp16")
        return torch::kHalf;
    if (name == "bf16" || name == "bfloat16")
        return torch::kBFloat16;
    throw Error::inField("dtype", "unknown dtype '" + name + "' (expected f32, f16 or bf16)");
}

} // namespace lw::hf

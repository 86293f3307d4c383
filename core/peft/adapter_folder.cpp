// AdapterSet's files: PEFT's adapter_config.json and adapter_model.safetensors.
#include "core/io/safetensors.h"
#include "core/peft/adapter_set.h"
#include "core/util/error.h"
#include "core/util/json_io.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace lw::peft {

namespace fs = std::filesystem;

namespace {

const char* const kConfigFile = "adapter_config.json";
const char* const kWeightsFile = "adapter_model.safetensors";

std::string shapeText(const std::vector<int64_t>& shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

// The module names a set adapts, as PEFT records them after resolving its targets.
std::vector<std::string> adaptedModuleNames(const std::vector<std::shared_ptr<LowRankAdapter>>& adapters)
{
    std::vector<std::string> names;
    for (const auto& adapter : adapters)
        for (const LowRankPart& part : adapter->parts()) {
            const std::string name = part.where.module.substr(part.where.module.rfind('.') + 1);
            if (std::find(names.begin(), names.end(), name) == names.end())
                names.push_back(name);
        }
    return names;
}

// adapter_config.json to settings; lw::Error naming the file and key for what PEFT
// allows but these adapters do not do (biases, per-layer ranks, extra saved modules).
AdapterSettings settingsFromPeftConfig(const nlohmann::json& config, const std::string& path)
{
    auto fail = [&](const std::string& key, const std::string& message) {
        return Error::inFile(path, "\"" + key + "\": " + message);
    };
    auto value = [&](const char* key) -> const nlohmann::json* {
        auto it = config.find(key);
        return it == config.end() || it->is_null() ? nullptr : &*it;
    };
    if (!config.is_object())
        throw Error::inFile(path, "expected a JSON object");
    const nlohmann::json* type = value("peft_type");
    if (!type || !type->is_string() || type->get<std::string>() != "LORA")
        throw fail("peft_type", "only LORA adapters are supported");
    AdapterSettings s;
    const nlohmann::json* r = value("r");
    if (!r || !r->is_number_integer())
        throw fail("r", "expected an integer rank");
    s.rank = r->get<int64_t>();
    const nlohmann::json* alpha = value("lora_alpha");
    if (!alpha || !alpha->is_number())
        throw fail("lora_alpha", "expected a number");
    s.alpha = alpha->get<double>();
    s.dropout = 0;
    if (const nlohmann::json* d = value("lora_dropout")) {
        if (!d->is_number())
            throw fail("lora_dropout", "expected a number");
        s.dropout = d->get<double>();
    }
    auto flag = [&](const char* key) {
        const nlohmann::json* v = value(key);
        if (v && !v->is_boolean())
            throw fail(key, "expected true or false");
        return v && v->get<bool>();
    };
    s.rslora = flag("use_rslora");
    s.method = flag("use_dora") ? AdapterMethod::Dora : AdapterMethod::Lora;
    if (flag("lora_bias"))
        throw fail("lora_bias", "adapters with a bias on lora_B are not supported");
    if (const nlohmann::json* bias = value("bias"); bias && (!bias->is_string() || bias->get<std::string>() != "none"))
        throw fail("bias", "only \"none\" is supported");
    for (const char* key : {"rank_pattern", "alpha_pattern"})
        if (const nlohmann::json* v = value(key); v && !(v->is_object() && v->empty()))
            throw fail(key, "per-module ranks and alphas are not supported");
    for (const char* key : {"layers_to_transform", "modules_to_save", "exclude_modules", "target_parameters",
                            "trainable_token_indices", "layer_replication"})
        if (const nlohmann::json* v = value(key); v && !(v->is_array() && v->empty()))
            throw fail(key, "is not supported");
    const nlohmann::json* targets = value("target_modules");
    if (targets && targets->is_string() && targets->get<std::string>() == kAllLinear)
        s.targets = {kAllLinear};
    else if (targets && targets->is_array()) {
        for (const auto& t : *targets) {
            if (!t.is_string())
                throw fail("target_modules", "expected module names");
            s.targets.push_back(t.get<std::string>());
        }
        std::sort(s.targets.begin(), s.targets.end()); // PEFT saves a set: any order
    } else {
        throw fail("target_modules", "expected a list of module names or \"all-linear\" (regular expressions are not supported)");
    }
    try {
        s.validate();
    } catch (const Error& e) {
        throw Error::inFile(path, e.what());
    }
    return s;
}

bool isFloating(torch::ScalarType t)
{
    return t == torch::kFloat || t == torch::kHalf || t == torch::kBFloat16 || t == torch::kDouble;
}

} // namespace

void AdapterSet::save(const std::string& folder, const std::string& baseModelName) const
{
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec)
        throw Error::fromErrno(folder, "cannot create the folder", ec.value());
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (auto& [name, tensor] : namedParameters())
        tensors.emplace_back(name, tensor.detach().to(torch::kCPU, torch::kFloat).contiguous());
    io::writeSafetensors((fs::path(folder) / kWeightsFile).string(), tensors, {{"format", "pt"}});

    nlohmann::json config = {
        {"peft_type", "LORA"},
        {"task_type", "CAUSAL_LM"},
        {"base_model_name_or_path", baseModelName},
        {"revision", nullptr},
        {"inference_mode", true},
        {"r", m_settings.rank},
        {"lora_alpha", m_settings.alpha},
        {"lora_dropout", m_settings.dropout},
        // The targets as given select the same modules on load; all-linear is saved
        // resolved, as PEFT saves it.
        {"target_modules", m_settings.targets == std::vector<std::string>{kAllLinear} ? adaptedModuleNames(m_adapters)
                                                                                     : m_settings.targets},
        {"use_rslora", m_settings.rslora},
        {"use_dora", m_settings.method == AdapterMethod::Dora},
        {"fan_in_fan_out", m_fanInFanOut},
        {"bias", "none"},
        {"lora_bias", false},
        {"init_lora_weights", true},
        {"modules_to_save", nullptr},
        {"layers_to_transform", nullptr},
        {"layers_pattern", nullptr},
        {"rank_pattern", nlohmann::json::object()},
        {"alpha_pattern", nlohmann::json::object()},
        {"auto_mapping", nullptr},
    };
    util::writeJsonFileAtomic((fs::path(folder) / kConfigFile).string(), config);
}

std::shared_ptr<AdapterSet> AdapterSet::load(const std::string& folder, model::TransformerImpl& model,
                                             const hf::HfArchitecture& architecture)
{
    const fs::path dir(folder);
    const std::string configPath = (dir / kConfigFile).string();
    const std::string weightsPath = (dir / kWeightsFile).string();
    std::error_code ec;
    if (!fs::is_regular_file(configPath, ec))
        throw Error::inFile(folder, std::string("not a PEFT adapter folder (no ") + kConfigFile + ")");
    if (!fs::is_regular_file(weightsPath, ec)) {
        const std::string pickle = (dir / "adapter_model.bin").string();
        if (fs::is_regular_file(pickle, ec))
            throw Error::inFile(pickle, "adapters saved as PyTorch pickles are not supported; save them with "
                                        "safe_serialization=True (adapter_model.safetensors)");
        throw Error::inFile(folder, std::string("no ") + kWeightsFile);
    }
    const AdapterSettings settings = settingsFromPeftConfig(util::readJsonFile(configPath), configPath);
    std::shared_ptr<AdapterSet> set;
    try {
        set = allocate(model, architecture, settings);
    } catch (const Error& e) {
        throw Error::inFile(configPath, e.what());
    }

    io::SafetensorsHeader header;
    std::map<std::string, torch::Tensor> stored = io::readSafetensors(weightsPath, &header);
    std::map<std::string, torch::Tensor> expected;
    for (auto& [name, tensor] : set->namedParameters())
        expected.emplace(name, tensor);
    for (const io::SafetensorsEntry& e : header.entries) {
        if (!expected.count(e.name))
            throw Error::inFile(weightsPath, "tensor '" + e.name + "' is not an adapter of " + architecture.architecture +
                                                 " with the target_modules of " + kConfigFile);
        if (!isFloating(e.dtype))
            throw Error::inFile(weightsPath, "tensor '" + e.name + "' is stored as " + io::safetensorsDtypeName(e.dtype) +
                                                 ", not a floating-point type");
    }
    torch::NoGradGuard noGrad;
    for (auto& [name, tensor] : expected) {
        auto it = stored.find(name);
        if (it == stored.end())
            throw Error::inFile(weightsPath, "tensor '" + name + "' is missing");
        const std::vector<int64_t> want(tensor.sizes().begin(), tensor.sizes().end());
        const std::vector<int64_t> have(it->second.sizes().begin(), it->second.sizes().end());
        if (have != want)
            throw Error::inFile(weightsPath, "tensor '" + name + "' has shape " + shapeText(have) + ", expected " +
                                                 shapeText(want) + " (r = " + std::to_string(settings.rank) +
                                                 " in " + kConfigFile + ")");
        tensor.copy_(it->second.to(torch::kFloat));
    }
    for (auto& [name, tensor] : set->namedParameters())
        tensor.set_requires_grad(true);
    return set;
}

} // namespace lw::peft

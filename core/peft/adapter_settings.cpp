#include "core/peft/adapter_settings.h"

#include "core/util/error.h"
#include "core/util/json_field.h"

#include <cmath>

namespace lw::peft {

std::string adapterMethodName(AdapterMethod method)
{
    return method == AdapterMethod::Dora ? "dora" : "lora";
}

AdapterMethod adapterMethodFromName(const std::string& name)
{
    if (name == "lora")
        return AdapterMethod::Lora;
    if (name == "dora")
        return AdapterMethod::Dora;
    throw Error::inField("adapter_method", "unknown method '" + name + "' (expected lora or dora)");
}

double AdapterSettings::scale() const
{
    return rslora ? alpha / std::sqrt(double(rank)) : alpha / double(rank);
}

void AdapterSettings::validate() const
{
    if (rank < 1)
        throw Error::inField("lora_rank", "must be at least 1, got " + std::to_string(rank));
    if (!std::isfinite(alpha) || alpha <= 0)
        throw Error::inField("lora_alpha", "must be a positive number");
    if (!(dropout >= 0 && dropout < 1))
        throw Error::inField("lora_dropout", "must be in [0, 1)");
    if (targets.empty())
        throw Error::inField("lora_targets", "name at least one module (or all-linear)");
    for (const std::string& t : targets) {
        if (t.empty())
            throw Error::inField("lora_targets", "an empty module name");
        if (t == kAllLinear && targets.size() > 1)
            throw Error::inField("lora_targets", "all-linear already names every linear map but the head; "
                                                 "list modules instead to add lm_head");
    }
}

nlohmann::json AdapterSettings::toJson() const
{
    return {{"method", adapterMethodName(method)}, {"rank", rank},     {"alpha", alpha},
            {"dropout", dropout},                  {"rslora", rslora}, {"targets", targets}};
}

AdapterSettings AdapterSettings::fromJson(const nlohmann::json& json)
{
    const std::string context = "adapter";
    if (!json.is_object())
        throw Error::inField(context, "expected an object");
    for (auto it = json.begin(); it != json.end(); ++it) {
        static const char* known[] = {"method", "rank", "alpha", "dropout", "rslora", "targets"};
        bool found = false;
        for (const char* k : known)
            found = found || it.key() == k;
        if (!found)
            throw Error::inField(context + "." + it.key(), "unknown field");
    }
    AdapterSettings s;
    if (auto it = json.find("method"); it != json.end()) {
        if (!it->is_string())
            throw Error::inField(context + ".method", "expected a string");
        s.method = adapterMethodFromName(it->get<std::string>());
    }
    util::readJsonField(json, "rank", s.rank, context);
    util::readJsonField(json, "alpha", s.alpha, context);
    util::readJsonField(json, "dropout", s.dropout, context);
    util::readJsonField(json, "rslora", s.rslora, context);
    if (auto it = json.find("targets"); it != json.end()) {
        if (!it->is_array())
            throw Error::inField(context + ".targets", "expected a list of module names");
        for (const auto& t : *it) {
            if (!t.is_string())
                throw Error::inField(context + ".targets", "expected a list of module names");
            s.targets.push_back(t.get<std::string>());
        }
    }
    return s;
}

} // namespace lw::peft

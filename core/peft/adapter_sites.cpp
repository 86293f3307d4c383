#include "core/peft/adapter_sites.h"

#include "core/model/transformer.h"
#include "core/util/error.h"

#include <algorithm>
#include <map>

namespace lw::peft {

namespace {

std::string withoutWeightSuffix(const std::string& name)
{
    const std::string suffix = ".weight";
    if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
        return name.substr(0, name.size() - suffix.size());
    return name;
}

std::string replaceLayer(std::string text, int64_t layer)
{
    const std::string key = "{i}";
    for (size_t at = text.find(key); at != std::string::npos; at = text.find(key))
        text.replace(at, key.size(), std::to_string(layer));
    return text;
}

const hf::TensorRule& untiedHeadRule(const hf::HfArchitecture& a)
{
    for (const hf::TensorRule& rule : a.tensors)
        if (rule.when == hf::TensorCondition::Untied)
            return rule;
    throw Error("architecture " + a.architecture + " has no output head rule");
}

std::string joined(const std::vector<std::string>& items)
{
    std::string text;
    for (const std::string& s : items)
        text += (text.empty() ? "" : ", ") + s;
    return text;
}

} // namespace

std::vector<SiteLayout> siteLayouts(const hf::HfArchitecture& a, const model::ModelConfig& c)
{
    std::map<std::string, std::vector<int64_t>> shapes;
    for (auto& [name, shape] : model::parameterShapes(c))
        shapes[name] = shape;
    const std::string prefix = a.namePrefixes.front();
    const int64_t qRows = c.queryWidth(), kvRows = c.kvWidth();

    std::vector<SiteLayout> layouts;
    for (int64_t i = 0; i < c.n_layer; ++i) {
        // A layer's linear maps are its matrices; its other weights are norm gains.
        for (const hf::TensorRule& rule : a.tensors) {
            if (!rule.perLayer || rule.when != hf::TensorCondition::Always)
                continue;
            const std::string ours = replaceLayer(rule.ours, i);
            auto shape = shapes.find(ours);
            if (shape == shapes.end() || shape->second.size() != 2)
                continue;
            SiteLayout site{withoutWeightSuffix(ours), false, shape->second[0], shape->second[1], {}};
            if (rule.layout == hf::TensorLayout::ConcatRows) {
                const int64_t rows[3] = {qRows, kvRows, kvRows};
                int64_t offset = 0;
                for (size_t k = 0; k < rule.theirs.size() && k < 3; ++k) {
                    site.parts.push_back({prefix + withoutWeightSuffix(replaceLayer(rule.theirs[k], i)), offset, rows[k]});
                    offset += rows[k];
                }
            } else {
                site.parts.push_back({prefix + withoutWeightSuffix(replaceLayer(rule.theirs.front(), i)), 0, site.out});
            }
            layouts.push_back(std::move(site));
        }
    }
    // The head is its own module ("lm_head") in transformers even when tied; our site
    // is then the embedding.
    const hf::TensorRule& headRule = untiedHeadRule(a);
    const std::string headSite = withoutWeightSuffix(c.tie_embeddings ? a.tensors.front().ours : headRule.ours);
    layouts.push_back({headSite, true, c.vocab_size, c.d_model,
                       {{withoutWeightSuffix(headRule.theirs.front()), 0, c.vocab_size}}});
    return layouts;
}

bool targetNamesModule(const std::string& target, const std::string& modulePath)
{
    if (target == modulePath)
        return true;
    return modulePath.size() > target.size() &&
           modulePath.compare(modulePath.size() - target.size(), target.size(), target) == 0 &&
           modulePath[modulePath.size() - target.size() - 1] == '.';
}

std::vector<SiteLayout> targetedLayouts(const hf::HfArchitecture& a, const model::ModelConfig& c,
                                        const std::vector<std::string>& targets)
{
    std::vector<SiteLayout> all = siteLayouts(a, c);
    const bool allLinear = std::find(targets.begin(), targets.end(), kAllLinear) != targets.end();
    for (const std::string& t : targets) {
        if (t == kAllLinear)
            continue;
        bool found = false;
        for (const SiteLayout& site : all)
            for (const ModulePart& part : site.parts)
                found = found || targetNamesModule(t, part.module);
        if (!found)
            throw Error::inField("lora_targets", "'" + t + "' is not a module of " + a.architecture + " (choices: " +
                                                     joined(targetChoices(a)) + ", " + kAllLinear + ")");
    }
    std::vector<SiteLayout> chosen;
    for (SiteLayout& site : all) {
        std::vector<ModulePart> parts;
        for (ModulePart& part : site.parts) {
            bool wanted = allLinear && !site.head;
            for (const std::string& t : targets)
                wanted = wanted || (t != kAllLinear && targetNamesModule(t, part.module));
            if (wanted)
                parts.push_back(std::move(part));
        }
        if (!parts.empty()) {
            site.parts = std::move(parts);
            chosen.push_back(std::move(site));
        }
    }
    return chosen;
}

std::vector<std::string> targetChoices(const hf::HfArchitecture& a)
{
    // One layer of the family's default shape shows every kind of module.
    model::ModelConfig c;
    c.family = a.family;
    c.n_layer = 1;
    c.tie_embeddings = false;
    std::vector<std::string> names;
    for (const SiteLayout& site : siteLayouts(a, c))
        for (const ModulePart& part : site.parts) {
            const std::string name = part.module.substr(part.module.rfind('.') + 1);
            if (std::find(names.begin(), names.end(), name) == names.end())
                names.push_back(name);
        }
    return names;
}

int64_t adapterParameterCount(const model::ModelConfig& c, const hf::HfArchitecture& a, const AdapterSettings& s)
{
    s.validate();
    int64_t count = 0;
    for (const SiteLayout& site : targetedLayouts(a, c, s.targets))
        for (const ModulePart& part : site.parts)
            count += s.rank * (site.in + part.rows) + (s.method == AdapterMethod::Dora ? part.rows : 0);
    return count;
}

} // namespace lw::peft
